-- AlterTable
ALTER TABLE "templates" ADD COLUMN     "request_hash" TEXT,
ADD COLUMN     "request_id" TEXT;

-- AlterTable
ALTER TABLE "builds" ADD COLUMN     "request_hash" TEXT,
ADD COLUMN     "request_id" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "templates_request_id_key" ON "templates"("request_id");

-- CreateIndex
CREATE INDEX "templates_created_at_id_idx" ON "templates"("created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "builds_request_id_key" ON "builds"("request_id");
