// The offline deploy script does what `prisma migrate deploy` does, and again does nothing.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";

const services = inject("services");
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/heirloom_test";

describe.skipIf(!services)("npm run db:deploy", () => {
  it("records each migration as Prisma does, and a second run changes nothing", async () => {
    const again = spawnSync(process.execPath, ["scripts/migrate-deploy.mjs"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("db:deploy: the database is up to date");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`);
      const names = ["20261125000000_init", "20261126000000_idempotency_key", "20261127000000_vault_list_function", "20261128000000_vault_item_list_json"];
      expect(rows.map((r) => r.migration_name)).toEqual(names);
      names.forEach((name, i) => {
        const sql = readFileSync(new URL(`../prisma/migrations/${name}/migration.sql`, import.meta.url), "utf8");
        expect(rows[i]).toMatchObject({ checksum: createHash("sha256").update(sql).digest("hex"), applied_steps_count: 1 });
        expect(rows[i].finished_at).not.toBeNull();
      });
      const indexes = await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'VaultItem'`);
      const defs = Object.fromEntries(indexes.rows.map((r) => [r.indexname, r.indexdef]));
      expect(defs.VaultItem_keywords_idx).toContain("USING gin");
      expect(defs.VaultItem_vaultId_createdAt_idx).toContain('("vaultId", "createdAt" DESC)');
      expect(defs.VaultItem_vaultId_idempotencyKey_key).toContain('UNIQUE INDEX');
      const fn = await client.query(`SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.proname = 'vault_items_list'`);
      expect(fn.rows).toEqual([{ lanname: "plpgsql" }]);
    } finally {
      await client.end();
    }
  });
});
