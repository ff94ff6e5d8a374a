-- Sandboxes placed on node agents. A fast-mode id is md5 hex of name, namespace and
-- creation time. A strong-mode id is the UUID generated here. The CHECKs hold both to
-- their form, and keep ':' out of names so a fast id's input reads one way only.
-- CreateEnum
CREATE TYPE "SandboxMode" AS ENUM ('fast', 'strong');

-- CreateTable
CREATE TABLE "sandboxes" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "mode" "SandboxMode" NOT NULL,
    "name" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "create_timestamp" BIGINT NOT NULL,
    "template_id" TEXT NOT NULL,
    "build_id" UUID NOT NULL,
    "cpu_count" INTEGER NOT NULL,
    "memory_mb" INTEGER NOT NULL,
    "disk_size_mb" INTEGER NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "timeout_seconds" INTEGER NOT NULL,
    "node" TEXT,
    "envd_version" TEXT,
    "request_id" TEXT,
    "request_hash" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "end_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandboxes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "sandboxes_id_form" CHECK (
        ("mode" = 'fast' AND "id" ~ '^[0-9a-f]{32}$')
        OR ("mode" = 'strong' AND "id" ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
    ),
    CONSTRAINT "sandboxes_names_have_no_colon" CHECK (position(':' in "name") = 0 AND position(':' in "namespace") = 0)
);

-- CreateIndex
CREATE UNIQUE INDEX "sandboxes_request_id_key" ON "sandboxes"("request_id");

-- CreateIndex
CREATE INDEX "sandboxes_end_at_idx" ON "sandboxes"("end_at");

-- CreateIndex
CREATE INDEX "sandboxes_started_at_id_idx" ON "sandboxes"("started_at", "id");

-- CreateIndex
CREATE INDEX "sandboxes_template_id_idx" ON "sandboxes"("template_id");
