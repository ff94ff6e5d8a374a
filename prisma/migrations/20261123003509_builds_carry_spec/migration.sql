-- Each build records the spec it builds, since a rebuild may change the image.
-- Existing builds take the spec of their template.
ALTER TABLE "builds" ADD COLUMN "cpu_count" INTEGER,
ADD COLUMN "image" TEXT,
ADD COLUMN "memory_mb" INTEGER;

UPDATE "builds" b SET "image" = t."image", "cpu_count" = t."cpu_count", "memory_mb" = t."memory_mb"
FROM "templates" t WHERE t."id" = b."template_id";

ALTER TABLE "builds" ALTER COLUMN "cpu_count" SET NOT NULL,
ALTER COLUMN "image" SET NOT NULL,
ALTER COLUMN "memory_mb" SET NOT NULL;
