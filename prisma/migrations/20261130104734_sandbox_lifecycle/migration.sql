-- CreateEnum
CREATE TYPE "SandboxState" AS ENUM ('running', 'paused');

-- CreateEnum
CREATE TYPE "SandboxOnTimeout" AS ENUM ('kill', 'pause');

-- AlterTable
ALTER TABLE "templates" ADD COLUMN     "disk_size_mb" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "envd_version" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "last_spawned_at" TIMESTAMPTZ(3),
ADD COLUMN     "spawn_count" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "builds" ADD COLUMN     "disk_size_mb" INTEGER,
ADD COLUMN     "envd_version" TEXT;

-- AlterTable
ALTER TABLE "sandboxes" ADD COLUMN     "on_timeout" "SandboxOnTimeout" NOT NULL DEFAULT 'kill',
ADD COLUMN     "paused_at" TIMESTAMPTZ(3),
ADD COLUMN     "state" "SandboxState" NOT NULL DEFAULT 'running';

-- CreateTable
CREATE TABLE "ended_sandboxes" (
    "id" TEXT NOT NULL,
    "team_id" UUID NOT NULL,
    "node" TEXT,
    "ended_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ended_sandboxes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ended_sandboxes_ended_at_idx" ON "ended_sandboxes"("ended_at");

-- Builds that were ready before builds recorded what they made: the root filesystem size and
-- envd version every node agent has reported for their sandboxes so far.
UPDATE "builds" SET "disk_size_mb" = 1024, "envd_version" = '0.2.0' WHERE "status" = 'ready';
UPDATE "templates" t SET "disk_size_mb" = b."disk_size_mb", "envd_version" = b."envd_version"
  FROM "builds" b WHERE b."id" = t."ready_build_id";

-- Spawn counts start from the sandboxes still recorded.
UPDATE "templates" t SET "spawn_count" = s.n, "last_spawned_at" = s.last
  FROM (SELECT "template_id", count(*) AS n, max("started_at") AS last FROM "sandboxes" GROUP BY "template_id") s
 WHERE s."template_id" = t."id";
