// Through PgBouncer in transaction pooling (deploy/pgbouncer.ini's mode), in front of the test database: every
// route works, Prisma's statements and ours included (pg sends unnamed prepared statements only).
// Debian's pgbouncer, started here on a spare loopback port, as the postgres user when we are root.
import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort, makeApp, makeUser, waitFor, type TestApp } from "./helpers.js";

const services = inject("services");
const exe = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].find((p) => existsSync(p));
if (!exe && process.env.CI === "true") throw new Error("CI: pgbouncer must be installed (.ci/run installs it)");
const target = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/heirloom_test");

describe.skipIf(!services || !exe)("through PgBouncer (transaction pooling)", () => {
  // Made when the suite runs, not when it is collected: a skipped suite (no pgbouncer) runs no afterAll to remove it.
  let dir = "";
  let pid = 0;
  let t: TestApp;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "heirloom-pgbouncer-"));
    const port = await freePort();
    writeFileSync(join(dir, "users.txt"), `"${target.username || "postgres"}" ""\n`);
    writeFileSync(
      join(dir, "pgbouncer.ini"),
      `[databases]\n* = host=${target.hostname} port=${target.port || 5432}\n\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = ${port}\nunix_socket_dir =\n` +
        `auth_type = trust\nauth_file = ${join(dir, "users.txt")}\npool_mode = transaction\ndefault_pool_size = 4\nmax_client_conn = 100\n` +
        `ignore_startup_parameters = extra_float_digits,statement_timeout\nserver_reset_query =\nlogfile = ${join(dir, "pgbouncer.log")}\npidfile = ${join(dir, "pgbouncer.pid")}\n`,
    );
    const root = process.getuid?.() === 0;
    if (root) {
      const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout);
      const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout);
      for (const f of ["", "users.txt", "pgbouncer.ini"]) chownSync(join(dir, f), uid, gid);
    }
    const [cmd, args] = root ? ["runuser", ["-u", "postgres", "--", exe!, "-d", join(dir, "pgbouncer.ini")]] : [exe!, ["-d", join(dir, "pgbouncer.ini")]];
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`pgbouncer: ${r.stderr}${r.stdout}`);
    await waitFor(() => existsSync(join(dir, "pgbouncer.pid")), 5000);
    pid = Number(readFileSync(join(dir, "pgbouncer.pid"), "utf8"));
    const url = new URL(target);
    url.port = String(port);
    // A pool of 8 over PgBouncer's 4 server connections: statements of different clients share connections.
    // No prepared statements (as the plan sets when it writes deploy/pgbouncer.ini): PgBouncer 1.18 keeps none.
    t = await makeApp({ DATABASE_URL: url.toString(), DB_POOL_SIZE: "8", DB_PREPARED_STATEMENTS: "off" });
  });
  afterAll(async () => {
    await t?.close();
    if (pid) process.kill(pid, "SIGTERM");
    await waitFor(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 5000);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("creates (with and without a repeated key), lists, reads, updates and deletes, many at once", async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => makeUser(t)));
    const creates = await Promise.all(
      users.flatMap((u, i) =>
        Array.from({ length: 5 }, (_, j) => request(t.app).post("/api/vault/items").set("Authorization", u.auth).set("Idempotency-Key", `k${j % 3}`).send({ type: "note", title: `u${i} n${j % 3}` })),
      ),
    );
    expect(creates.every((r) => r.status === 201)).toBe(true);
    for (const u of users) {
      const list = await request(t.app).get("/api/vault/items").set("Authorization", u.auth);
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(3); // five creates, three keys
      const id = list.body.items[0].id;
      expect((await request(t.app).patch(`/api/vault/items/${id}`).set("Authorization", u.auth).send({ title: "edited" })).body.title).toBe("edited");
      expect((await request(t.app).delete(`/api/vault/items/${id}`).set("Authorization", u.auth)).status).toBe(204);
    }
    const health = await request(t.app).get("/health");
    expect(health.body.dependencies.database).toBe("up");
  });

  it("serves many list misses over a few server connections (no statement kept from one transaction to the next)", async () => {
    const u = await makeUser(t);
    for (let i = 0; i < 3; i++) expect((await request(t.app).post("/api/vault/items").set("Authorization", u.auth).send({ type: "note", title: `n${i}` })).status).toBe(201);
    // 40 different pages, each a cache miss: the pool's 8 clients each query several times, on whichever of
    // PgBouncer's 4 server connections is free (a prepared statement would be unknown on the others).
    const pages = await Promise.all(Array.from({ length: 40 }, (_, i) => request(t.app).get(`/api/vault/items?limit=${(i % 20) + 1}&offset=${i < 20 ? 0 : 1}`).set("Authorization", u.auth)));
    expect(pages.map((p) => p.status)).toEqual(Array(40).fill(200));
    expect(pages[0].body.items.map((i: { title: string }) => i.title)).toEqual(["n2"]);
    expect(pages[39].body.items).toHaveLength(2);
  });
});
