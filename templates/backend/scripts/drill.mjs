// The fault drill: two instances of this app behind nginx (and PgBouncer when the plan puts it in front of the
// database), on a Redis and a PostgreSQL of the drill's own (started here, removed at the end; never the
// machine's services), driven with the plan's mix: list reads across many users, 10% creates with an
// Idempotency-Key, retried with the same key when they fail. One fault at a time:
//   redis-kill        Redis killed, restarted 2 s later (empty)
//   redis-freeze      Redis stopped with SIGSTOP for 5 s
//   instance-kill     one instance killed (SIGKILL), restarted 5 s later
//   postgres-stop     PostgreSQL stopped (fast shutdown) for 5 s
//   instance-sigterm  SIGTERM to one instance under busy keep-alive load (twice the rate), restarted when gone
// For each: requests sent, failed (by status), p99, acknowledged writes and their rows found, duplicates,
// stale reads (each acknowledged write is read back at once from every instance directly), and the time from
// the fault until the last abnormal answer (failed, or a BYPASS read).
//
// Usage: npm run build && npm run drill [-- --json] [-- --pgbouncer]
// Environment: DRILL_RPS (default 60), DRILL_PHASE_SECONDS (10), DRILL_USERS (300).
// Needs redis-server, nginx, PostgreSQL's server binaries (initdb, pg_ctl), and pgbouncer when used.
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { freePort, sleep, startInstance, startNginx, startPgbouncer, startPostgres, startRedis } from "./lib/services.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values: flags } = parseArgs({ options: { json: { type: "boolean", default: false }, pgbouncer: { type: "boolean", default: false }, only: { type: "string" } } });
const say = (line) => (flags.json ? process.stderr : process.stdout).write(`${line}\n`);

if (!existsSync(join(root, "dist/server.js"))) {
  console.error("drill: build first (npm run build)");
  process.exit(2);
}
const plan = JSON.parse(readFileSync(join(root, "heirloom.config.json"), "utf8"));
const RPS = Number(process.env.DRILL_RPS ?? Math.max(60, Math.ceil(plan.loadTest.targetRpsPerInstance * 2)));
const PHASE_S = Number(process.env.DRILL_PHASE_SECONDS ?? 10);
const USERS = Number(process.env.DRILL_USERS ?? 300);
const usePgbouncer = flags.pgbouncer || Boolean(plan.database.pgbouncer);
const DEADLINE_MS = 6 * 60_000; // the whole drill, setup included

const dir = mkdtempSync(join(tmpdir(), "heirloom-drill-"));
const started = [];
let cleaning = null;
async function cleanup() {
  cleaning ??= (async () => {
    for (const s of started.reverse()) await s.stop?.().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => void cleanup().then(() => process.exit(130)));
process.on("uncaughtException", (err) => {
  console.error(`drill: ${err.stack ?? err}`);
  void cleanup().then(() => process.exit(1));
});
const deadline = setTimeout(() => {
  console.error(`drill: stopped after ${DEADLINE_MS / 1000} s (the drill's own limit)`);
  void cleanup().then(() => process.exit(3));
}, DEADLINE_MS);
deadline.unref();

// --- services of our own ---------------------------------------------------------------------------------
const [pgPort, redisPort, bouncerPort, nginxPort, portA, portB] = await Promise.all(Array.from({ length: 6 }, freePort));
say(`drill: own PostgreSQL :${pgPort}, Redis :${redisPort}${usePgbouncer ? `, PgBouncer :${bouncerPort}` : ""}, nginx :${nginxPort} → instances :${portA} :${portB}; ${RPS} req/s, ${PHASE_S} s a phase`);
let postgres, redis, bouncer, nginx;
const instances = {};
let report;
try {
  postgres = await startPostgres(pgPort, dir);
  started.push({ stop: () => postgres.destroy() });
  redis = await startRedis(redisPort, dir);
  started.push(redis);
  const database = "heirloom_drill";
  const admin = new pg.Client({ connectionString: postgres.url() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const directUrl = postgres.url(database);
  const { spawnSync } = await import("node:child_process");
  const migrated = spawnSync(process.execPath, ["scripts/migrate-deploy.mjs"], { cwd: root, env: { ...process.env, DATABASE_URL: directUrl, DIRECT_DATABASE_URL: directUrl }, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(`db:deploy failed: ${migrated.stderr}`);
  if (usePgbouncer) {
    const size = plan.database.pgbouncer ?? { defaultPoolSize: 20, maxClientConn: 200 };
    bouncer = await startPgbouncer(bouncerPort, dir, postgres, { defaultPoolSize: Math.min(size.defaultPoolSize, 40), maxClientConn: Math.max(size.maxClientConn, 100) });
    started.push(bouncer);
  }
  const appUrl = usePgbouncer ? bouncer.url(database) : directUrl;
  const secret = randomBytes(32).toString("hex");
  const metricsToken = randomBytes(16).toString("hex");
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    DATABASE_URL: appUrl,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    JWT_SECRET: secret,
    METRICS_TOKEN: metricsToken,
    TRUST_PROXY: "1",
    RATE_LIMIT_MAX: "100000000", // one client (this drill) behind one proxy: the guide's limit would stop it
    DB_POOL_SIZE: String(Math.min(plan.database.poolSize, 20)),
    // PgBouncer 1.18 in transaction mode keeps no prepared statement from one transaction to the next.
    DB_PREPARED_STATEMENTS: usePgbouncer ? "off" : "on",
    SHUTDOWN_TIMEOUT_MS: "10000",
  };
  const startApp = async (name, port) => {
    instances[name] = await startInstance(port, env, root);
    return instances[name];
  };
  await startApp("A", portA);
  await startApp("B", portB);
  started.push({ stop: async () => Promise.all(Object.values(instances).map((i) => i.stop())) });
  nginx = await startNginx(nginxPort, dir, [portA, portB], root);
  started.push(nginx);

  // --- users and tokens ---------------------------------------------------------------------------------
  const { secretKey, signToken } = await import("../dist/auth.js");
  const key = secretKey(secret);
  // A pool: its connections die with PostgreSQL in the postgres-stop phase, and it makes new ones.
  const db = new pg.Pool({ connectionString: directUrl, max: 2 });
  db.on("error", () => {});
  started.push({ stop: () => db.end() });
  const emails = Array.from({ length: USERS }, (_, i) => `drill${String(i + 1).padStart(5, "0")}@example.test`);
  const { rows: users } = await db.query(`INSERT INTO "User" ("id", "email") SELECT * FROM unnest($1::text[], $2::text[]) RETURNING "id"`, [emails.map(() => randomUUID()), emails]);
  const tokens = users.map((u) => `Bearer ${signToken(u.id, key, "2h")}`);

  // --- the load ---------------------------------------------------------------------------------------
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  // A client that gives up after 10 s (the machine may be shared: the drill is about faults, not capacity).
  function send({ port, method, path, token, body, idempotencyKey, timeoutMs = 10_000 }) {
    return new Promise((resolve) => {
      const t0 = performance.now();
      const payload = body ? JSON.stringify(body) : undefined;
      const headers = { authorization: token };
      if (payload) Object.assign(headers, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
      if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
      const req = httpRequest({ host: "127.0.0.1", port, method, path, headers, agent, timeout: timeoutMs }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text, ms: performance.now() - t0 }));
        res.on("error", () => resolve({ status: "ERR", ms: performance.now() - t0 }));
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", (e) => resolve({ status: e.message === "timeout" ? "TIMEOUT" : "ERR", ms: performance.now() - t0 }));
      req.end(payload);
    });
  }
  // Skewed choice of user (a few are busy, most are not), so the cache's hit rate is a realistic one.
  const pickUser = () => Math.floor(USERS * Math.random() ** 2);

  async function runPhase(name, fault, { rps = RPS } = {}) {
    const stats = { name, sent: 0, failed: {}, failedReads: 0, failedWrites: 0, latencies: [], acked: 0, ackedAfterRetry: 0, unacked: 0, staleReads: 0, staleChecks: 0, writeKeys: [], ackedKeys: [], lastAbnormal: 0, bypass: 0 };
    const t0 = performance.now();
    let faultAt = null;
    const pending = new Set();
    const track = (p) => (pending.add(p), p.finally(() => pending.delete(p)));
    const abnormal = () => (stats.lastAbnormal = performance.now());
    const oneRead = async () => {
      const u = pickUser();
      const r = await send({ port: nginxPort, method: "GET", path: "/api/vault/items", token: tokens[u] });
      stats.sent++;
      stats.latencies.push(r.ms);
      if (r.status !== 200) {
        stats.failed[r.status] = (stats.failed[r.status] ?? 0) + 1;
        stats.failedReads++;
        abnormal();
      } else if (r.headers["x-cache"] === "BYPASS") {
        stats.bypass++;
        abnormal();
      }
    };
    const oneWrite = async () => {
      const u = pickUser();
      const k = randomUUID();
      stats.writeKeys.push(k);
      const body = { type: "drill", title: k };
      let r = await send({ port: nginxPort, method: "POST", path: "/api/vault/items", token: tokens[u], body, idempotencyKey: k });
      stats.sent++;
      stats.latencies.push(r.ms);
      if (r.status !== 201) {
        stats.failed[r.status] = (stats.failed[r.status] ?? 0) + 1;
        stats.failedWrites++;
        abnormal();
        // A client's safe retry: the same key, after Retry-After or half a second, for up to 12 s.
        const until = performance.now() + 12_000;
        while (r.status !== 201 && performance.now() < until) {
          const wait = Number(r.headers?.["retry-after"]) * 1000 || 500;
          await sleep(wait);
          r = await send({ port: nginxPort, method: "POST", path: "/api/vault/items", token: tokens[u], body, idempotencyKey: k });
        }
        if (r.status !== 201) {
          stats.unacked++;
          return;
        }
        stats.ackedAfterRetry++;
      }
      stats.acked++;
      stats.ackedKeys.push(k);
      const id = JSON.parse(r.text).id;
      // Read it back at once from each instance directly (not through nginx): one that serves a list without
      // it is a stale read.
      await Promise.all(
        Object.values(instances)
          .filter((i) => i.running)
          .map(async (i) => {
            const check = await send({ port: i.port, method: "GET", path: "/api/vault/items", token: tokens[u], timeoutMs: 3000 });
            if (check.status !== 200) return; // that instance is down or draining: nothing to compare
            stats.staleChecks++;
            if (!JSON.parse(check.text).items.some((it) => it.id === id)) stats.staleReads++;
          }),
      );
    };
    const faultDone = (async () => {
      if (!fault) return;
      await sleep(2000);
      faultAt = performance.now();
      await fault();
    })();
    const interval = 1000 / rps;
    const end = t0 + PHASE_S * 1000;
    let next = t0;
    while (performance.now() < end) {
      if (pending.size < 400) track(Math.random() < 0.1 ? oneWrite() : oneRead());
      next += interval;
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
    }
    await faultDone;
    await Promise.all([...pending]);
    const sorted = stats.latencies.sort((a, b) => a - b);
    const p99 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] : 0;
    const found = await db.query(`SELECT count(*)::int AS n FROM "VaultItem" WHERE "idempotencyKey" = ANY($1)`, [stats.ackedKeys]);
    const dups = await db.query(`SELECT count(*)::int AS n FROM (SELECT "title" FROM "VaultItem" WHERE "title" = ANY($1) GROUP BY "title" HAVING count(*) > 1) d`, [stats.writeKeys]);
    return {
      phase: name,
      sent: stats.sent,
      failed: stats.failed,
      failedReads: stats.failedReads,
      failedWrites: stats.failedWrites,
      p99Ms: Math.round(p99),
      acknowledgedWrites: stats.acked,
      acknowledgedAfterRetry: stats.ackedAfterRetry,
      unacknowledgedWrites: stats.unacked,
      rowsFound: found.rows[0].n,
      lostWrites: stats.acked - found.rows[0].n,
      duplicates: dups.rows[0].n,
      staleChecks: stats.staleChecks,
      staleReads: stats.staleReads,
      bypassReads: stats.bypass,
      normalAfterMs: faultAt !== null && stats.lastAbnormal > faultAt ? Math.round(stats.lastAbnormal - faultAt) : 0,
    };
  }

  async function healthy() {
    for (let i = 0; i < 100; i++) {
      const states = await Promise.all(
        Object.values(instances).map((inst) =>
          fetch(`http://127.0.0.1:${inst.port}/health`).then((r) => r.json(), () => null),
        ),
      );
      if (states.every((s) => s && s.status === "ok")) return;
      await sleep(200);
    }
    throw new Error("instances not healthy again after 20 s");
  }

  const phases = [
    ["baseline", null],
    ["redis-kill", async () => {
      await redis.stop();
      await sleep(2000);
      redis = await startRedis(redisPort, dir);
      started.push(redis);
    }],
    ["redis-freeze", async () => {
      redis.signal("SIGSTOP");
      await sleep(5000);
      redis.signal("SIGCONT");
    }],
    ["instance-kill", async () => {
      await instances.A.stop();
      await sleep(5000);
      await startApp("A", portA);
    }],
    ["postgres-stop", async () => {
      await postgres.stop("fast");
      await sleep(5000);
      await postgres.start();
    }],
    ["instance-sigterm", async () => {
      instances.B.signal("SIGTERM");
      const { code } = await instances.B.exited;
      if (code !== 0) throw new Error(`instance B exited ${code} after SIGTERM: ${instances.B.output}`);
      await startApp("B", portB);
    }, { rps: RPS * 2 }],
  ].filter(([name]) => !flags.only || flags.only.split(",").includes(name) || name === "baseline");

  const results = [];
  for (const [name, fault, options] of phases) {
    say(`drill: ${name} …`);
    results.push(await runPhase(name, fault, options));
    await healthy();
  }
  agent.destroy();
  report = { rps: RPS, phaseSeconds: PHASE_S, users: USERS, pgbouncer: usePgbouncer, phases: results };
} catch (err) {
  await cleanup();
  console.error(`drill: ${err.stack ?? err}`);
  process.exit(1);
}
await cleanup();

// --- the table ---------------------------------------------------------------------------------------------
const cols = ["phase", "sent", "failed (by status)", "failed reads/writes", "p99 ms", "acked writes", "rows found", "duplicates", "stale reads", "normal after"];
const rows = report.phases.map((p) => [
  p.phase,
  String(p.sent),
  Object.keys(p.failed).length ? Object.entries(p.failed).map(([s, n]) => `${n}×${s}`).join(" ") : "0",
  `${p.failedReads}/${p.failedWrites}`,
  String(p.p99Ms),
  `${p.acknowledgedWrites}${p.acknowledgedAfterRetry ? ` (${p.acknowledgedAfterRetry} on retry)` : ""}${p.unacknowledgedWrites ? ` +${p.unacknowledgedWrites} unacked` : ""}`,
  String(p.rowsFound),
  String(p.duplicates),
  `${p.staleReads}/${p.staleChecks}`,
  p.normalAfterMs ? `${(p.normalAfterMs / 1000).toFixed(1)} s` : "-",
]);
const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((v, i) => v.padEnd(widths[i])).join(" | ")} |`;
say(line(cols));
say(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
for (const r of rows) say(line(r));
say(`(${report.rps} req/s through nginx, 90% list reads over ${report.users} users, 10% creates retried with their Idempotency-Key; "normal after": from the fault to the last failed or BYPASS answer)`);
const lost = report.phases.reduce((n, p) => n + p.lostWrites, 0);
const dups = report.phases.reduce((n, p) => n + p.duplicates, 0);
say(`acknowledged writes lost: ${lost}; duplicates: ${dups}`);
if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
process.exitCode = lost === 0 && dups === 0 ? 0 : 1;
