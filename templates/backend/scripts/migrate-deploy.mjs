// Apply prisma/migrations the way `prisma migrate deploy` does, with pg alone and no network:
// advisory lock 72707369, the _prisma_migrations table, sha256 checksums, one transaction a migration,
// and a failed migration left unfinished so that nothing runs after it (Prisma's P3009).
// A connected machine's `prisma migrate deploy` / `migrate status` sees these rows as its own.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const dir = fileURLToPath(new URL("../prisma/migrations", import.meta.url));
// .env when there is one; the environment wins. (`node --env-file` fails when the file is missing.)
if (existsSync(".env")) process.loadEnvFile(".env");
// Through PgBouncer in transaction mode a session's advisory lock does not hold: migrate on the direct URL.
const url = process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL;
if (!url) {
  console.error("db:deploy: DATABASE_URL is not set (cp .env.example .env, then fill it in)");
  process.exit(2);
}

const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
try {
  await client.connect();
} catch (err) {
  if (err.code === "3D000") {
    const u = new URL(url);
    const name = decodeURIComponent(u.pathname.slice(1));
    const args = [u.hostname && `-h ${u.hostname}`, u.port && `-p ${u.port}`, u.username && `-U ${decodeURIComponent(u.username)}`].filter(Boolean).join(" ");
    console.error(`db:deploy: the database "${name}" does not exist; create it with: createdb ${args ? `${args} ` : ""}${name}`);
  } else {
    console.error(`db:deploy: cannot reach the database (${err.message})`);
  }
  process.exit(1);
}
try {
  await client.query("SELECT pg_advisory_lock(72707369)");
  await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
  const { rows } = await client.query(`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`);
  const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed) {
    console.error(`db:deploy: migration ${failed.migration_name} failed earlier and is unfinished; fix it and mark it rolled back before going on (Prisma P3009)`);
    process.exitCode = 1;
  } else {
    const applied = new Set(rows.filter((r) => r.finished_at !== null).map((r) => r.migration_name));
    const names = readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory()).sort();
    let count = 0;
    for (const name of names) {
      if (applied.has(name)) continue;
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      const id = randomUUID();
      const checksum = createHash("sha256").update(sql).digest("hex");
      await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`, [id, checksum, name]);
      try {
        await client.query("BEGIN");
        await client.query(sql);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, String(err)]);
        console.error(`db:deploy: migration ${name} failed: ${err.message}`);
        process.exitCode = 1;
        break;
      }
      await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
      console.log(`db:deploy: applied ${name}`);
      count++;
    }
    if (process.exitCode !== 1) console.log(count ? `db:deploy: ${count} migration(s) applied` : "db:deploy: the database is up to date");
  }
} finally {
  await client.query("SELECT pg_advisory_unlock(72707369)").catch(() => {});
  await client.end();
}
