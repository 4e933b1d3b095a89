-- AlterTable: a create's Idempotency-Key, kept with the item it made.
ALTER TABLE "VaultItem" ADD COLUMN "idempotencyKey" TEXT;

-- CreateIndex: one item per key per vault (a vault is one user's); NULLs (creates without a key) never collide.
CREATE UNIQUE INDEX "VaultItem_vaultId_idempotencyKey_key" ON "VaultItem"("vaultId", "idempotencyKey");
