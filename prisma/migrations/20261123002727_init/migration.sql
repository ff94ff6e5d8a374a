-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "TemplateStatus" AS ENUM ('building', 'ready', 'failed');

-- CreateEnum
CREATE TYPE "BuildStatus" AS ENUM ('waiting', 'building', 'ready', 'failed');

-- CreateTable
CREATE TABLE "templates" (
    "id" TEXT NOT NULL,
    "display_name" TEXT,
    "name_key" TEXT,
    "image" TEXT NOT NULL,
    "cpu_count" INTEGER NOT NULL,
    "memory_mb" INTEGER NOT NULL,
    "status" "TemplateStatus" NOT NULL,
    "ready_build_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "builds" (
    "id" UUID NOT NULL,
    "template_id" TEXT NOT NULL,
    "status" "BuildStatus" NOT NULL,
    "phase" TEXT,
    "reason" TEXT,
    "logs" JSONB NOT NULL DEFAULT '[]',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runner_id" TEXT,
    "lease_expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "builds_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "templates_name_key_key" ON "templates"("name_key");

-- CreateIndex
CREATE INDEX "builds_template_id_created_at_idx" ON "builds"("template_id", "created_at");

-- CreateIndex
CREATE INDEX "builds_status_lease_expires_at_idx" ON "builds"("status", "lease_expires_at");

-- AddForeignKey
ALTER TABLE "builds" ADD CONSTRAINT "builds_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "templates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The uniqueness key is always the lower-case form of the display name (or both are null).
ALTER TABLE "templates" ADD CONSTRAINT "templates_name_key_matches_display_name" CHECK ("name_key" IS NOT DISTINCT FROM lower("display_name"));
