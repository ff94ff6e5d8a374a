-- CreateTable
CREATE TABLE "nodes" (
    "id" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "load" INTEGER NOT NULL,
    "boot_id" UUID NOT NULL,
    "registered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "reconcile_due" BOOLEAN NOT NULL DEFAULT true,
    "reconciled_at" TIMESTAMPTZ(3),

    CONSTRAINT "nodes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sandboxes_node_idx" ON "sandboxes"("node");
