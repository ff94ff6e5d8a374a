-- Teams: every API key, template, build and sandbox belongs to one. Existing rows move into
-- the team `default`, made here, so that with one team everything behaves as before.

-- CreateTable
CREATE TABLE "teams" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "max_sandboxes" INTEGER,
    "max_templates" INTEGER,
    "sandbox_slots" INTEGER NOT NULL DEFAULT 0,
    "slot_taken_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "teams_slug_key" ON "teams"("slug");

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "team_id" UUID NOT NULL,
    "digest" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "mask_prefix" TEXT NOT NULL,
    "value_length" INTEGER NOT NULL,
    "mask_start" TEXT NOT NULL,
    "mask_end" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_digest_key" ON "api_keys"("digest");

-- CreateIndex
CREATE INDEX "api_keys_team_id_created_at_idx" ON "api_keys"("team_id", "created_at");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The default team, and every existing row in it.
INSERT INTO "teams" ("slug", "name") VALUES ('default', 'Default team');

ALTER TABLE "templates" ADD COLUMN "public" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "team_id" UUID;
UPDATE "templates" SET "team_id" = (SELECT "id" FROM "teams" WHERE "slug" = 'default');
ALTER TABLE "templates" ALTER COLUMN "team_id" SET NOT NULL;

ALTER TABLE "builds" ADD COLUMN "team_id" UUID;
UPDATE "builds" SET "team_id" = (SELECT "id" FROM "teams" WHERE "slug" = 'default');
ALTER TABLE "builds" ALTER COLUMN "team_id" SET NOT NULL;

ALTER TABLE "sandboxes" ADD COLUMN "team_id" UUID;
UPDATE "sandboxes" SET "team_id" = (SELECT "id" FROM "teams" WHERE "slug" = 'default');
ALTER TABLE "sandboxes" ALTER COLUMN "team_id" SET NOT NULL;

-- Every existing sandbox holds a slot of the default team's quota.
UPDATE "teams" SET "sandbox_slots" = (SELECT count(*) FROM "sandboxes") WHERE "slug" = 'default';

-- AddForeignKey
ALTER TABLE "templates" ADD CONSTRAINT "templates_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Names, idempotency keys and lists are per team now.
DROP INDEX "templates_name_key_key";
DROP INDEX "templates_request_id_key";
DROP INDEX "templates_created_at_id_idx";
DROP INDEX "builds_request_id_key";
DROP INDEX "sandboxes_request_id_key";
DROP INDEX "sandboxes_started_at_id_idx";

CREATE UNIQUE INDEX "templates_team_name_key_key" ON "templates"("team_id", "name_key");
CREATE UNIQUE INDEX "templates_team_request_id_key" ON "templates"("team_id", "request_id");
CREATE INDEX "templates_team_id_created_at_id_idx" ON "templates"("team_id", "created_at", "id");
CREATE UNIQUE INDEX "builds_team_request_id_key" ON "builds"("team_id", "request_id");
CREATE UNIQUE INDEX "sandboxes_team_request_id_key" ON "sandboxes"("team_id", "request_id");
CREATE INDEX "sandboxes_team_id_started_at_id_idx" ON "sandboxes"("team_id", "started_at", "id");
