// The benchmark: one instance of this app, in one run, against two references on the same machine — a bare
// Express "hello" and a bare `SELECT 1` route — at concurrency 10: cached list, uncached list, create, and create
// again with 100,000 unrelated keys in Redis. It prints RPS, p99, CPU per request (the app or reference process, every PostgreSQL process on this machine, and the load generator, which runs in this process) and the ratios the targets use.
// The Redis is the benchmark's own (started and removed here); the database is a new one on the server of
// DATABASE_URL (from .env or the environment), dropped at the end.
// The four read paths are measured in BENCH_ROUNDS rounds (default 3; every other round in reverse order), and each
// ratio is the median of the rounds' ratios: on a shared machine whose load drifts, a path and its reference are
// then measured close together in time.
// Usage: npm run build && npm run bench [-- --json]; BENCH_SECONDS (default 5) per path and round; DB_PREPARED_STATEMENTS=off
// measures the list as it runs behind PgBouncer.
import { randomBytes, randomUUID } from "node:crypto";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import pg from "pg";
import { freePort, sleep, startInstance, startRedis } from "./lib/services.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values: flags } = parseArgs({ options: { json: { type: "boolean", default: false } } });
const say = (line) => (flags.json ? process.stderr : process.stdout).write(`${line}\n`);
if (!existsSync(join(root, "dist/server.js"))) {
  console.error("bench: build first (npm run build)");
  process.exit(2);
}
if (existsSync(join(root, ".env"))) process.loadEnvFile(join(root, ".env"));
const baseUrl = process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/heirloom";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Math.max(1, Math.floor(Number(process.env.BENCH_ROUNDS ?? 3)));
const CONNECTIONS = 10;
const plan = JSON.parse(readFileSync(join(root, "heirloom.config.json"), "utf8"));
const poolSize = String(plan.database.poolSize);

const dir = mkdtempSync(join(tmpdir(), "heirloom-bench-"));
const database = `heirloom_bench_${process.pid}`;
const dbUrl = Object.assign(new URL(baseUrl), { pathname: `/${database}` }).toString();
const adminUrl = Object.assign(new URL(baseUrl), { pathname: "/postgres" }).toString();
const stops = [];
let results;

/** utime + stime from the text of /proc/PID/stat, in ms (Linux). */
const statCpuMs = (stat) => {
  const fields = stat.split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
};

/** utime + stime of a process, in ms (Linux). */
function cpuMs(pid) {
  try {
    return statCpuMs(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return NaN;
  }
}

/** CPU ms of every PostgreSQL process on this machine (the server of DATABASE_URL when it is local; 0 if none). */
function postgresCpuMs() {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.includes(" (postgres) ")) total += statCpuMs(stat);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function load(name, pid, options, warm = true) {
  if (warm) await autocannon({ ...options, connections: CONNECTIONS, duration: 1 }); // warm-up
  const cpu0 = cpuMs(pid);
  const db0 = postgresCpuMs();
  const client0 = process.cpuUsage();
  const r = await autocannon({ ...options, connections: CONNECTIONS, duration: SECONDS });
  const cpu = cpuMs(pid) - cpu0;
  const dbCpu = Math.max(0, postgresCpuMs() - db0);
  const client = process.cpuUsage(client0);
  const clientCpu = (client.user + client.system) / 1000;
  const ok = r.requests.total - r.non2xx - r.errors - r.timeouts;
  if (r.non2xx || r.errors || r.timeouts) say(`bench: ${name}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return { path: name, rps: Math.round(ok / SECONDS), p99Ms: r.latency.p99, cpuMsPerRequest: Number((cpu / Math.max(1, r.requests.total)).toFixed(3)), dbCpuMsPerRequest: Number((dbCpu / Math.max(1, r.requests.total)).toFixed(3)), clientCpuMsPerRequest: Number((clientCpu / Math.max(1, r.requests.total)).toFixed(3)), non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

try {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  stops.push(async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await c.end();
  });
  const migrated = spawnSync(process.execPath, ["scripts/migrate-deploy.mjs"], { cwd: root, env: { ...process.env, DATABASE_URL: dbUrl, DIRECT_DATABASE_URL: dbUrl }, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(`db:deploy failed: ${migrated.stderr}`);

  const [redisPort, appPort, uncachedPort, refPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const redis = await startRedis(redisPort, dir);
  stops.push(() => redis.stop());
  const secret = randomBytes(32).toString("hex");
  const env = { PATH: process.env.PATH, NODE_ENV: "production", DATABASE_URL: dbUrl, REDIS_URL: `redis://127.0.0.1:${redisPort}`, JWT_SECRET: secret, RATE_LIMIT_MAX: "1000000000", DB_POOL_SIZE: poolSize };
  // The list as a prepared statement or (off) as the function PgBouncer needs: as the app's own setting.
  if (process.env.DB_PREPARED_STATEMENTS) env.DB_PREPARED_STATEMENTS = process.env.DB_PREPARED_STATEMENTS;
  const app = await startInstance(appPort, env, root);
  stops.push(() => app.stop());
  // The same app with no cache at all: every list read is the database's (X-Cache: BYPASS).
  const uncached = await startInstance(uncachedPort, { ...env, REDIS_URL: "off" }, root);
  stops.push(() => uncached.stop());
  const ref = spawn(process.execPath, ["scripts/bench-reference.mjs"], { cwd: root, env: { ...env, PORT: String(refPort) }, stdio: ["ignore", "pipe", "inherit"] });
  stops.push(async () => ref.exitCode === null && ref.kill("SIGKILL"));
  await new Promise((resolve) => ref.stdout.once("data", resolve));

  // 1,000 users, 200 of them with 20 items each (the cached and uncached reads), tokens made here.
  const { secretKey, signToken } = await import("../dist/auth.js");
  const key = secretKey(secret);
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const emails = Array.from({ length: 1000 }, (_, i) => `bench${i}@example.test`);
  const { rows: users } = await db.query(`INSERT INTO "User" ("id", "email") SELECT * FROM unnest($1::text[], $2::text[]) RETURNING "id"`, [emails.map(() => randomUUID()), emails]);
  const readers = users.slice(0, 200);
  // Every user has a vault already, so that the two create runs do the same work (a first create also makes one).
  await db.query(`INSERT INTO "Vault" ("id", "userId") SELECT gen_random_uuid()::text, u FROM unnest($1::text[]) u`, [users.map((u) => u.id)]);
  await db.query(
    `INSERT INTO "VaultItem" ("id", "vaultId", "type", "title", "content", "keywords", "createdAt", "updatedAt")
     SELECT gen_random_uuid()::text, v."id", 'letter', 'item ' || n, repeat('words ', 40), ARRAY['family','memory'], now() - n * interval '1 minute', now()
     FROM "Vault" v, generate_series(1, 20) n WHERE v."userId" = ANY($1::text[])`,
    [readers.map((u) => u.id)],
  );
  await db.end();
  const tokens = users.map((u) => `Bearer ${signToken(u.id, key, "2h")}`);
  const readerTokens = tokens.slice(0, 200);
  const pick = (list) => list[Math.floor(Math.random() * list.length)];
  const listRequest = (port) => ({
    url: `http://127.0.0.1:${port}/api/vault/items`,
    requests: [{ method: "GET", setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: pick(readerTokens) } }) }],
  });
  const createRequest = {
    url: `http://127.0.0.1:${appPort}/api/vault/items`,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, authorization: pick(tokens), "content-type": "application/json", "idempotency-key": randomUUID() },
          body: JSON.stringify({ type: "note", title: "benchmark", content: "a short note", keywords: ["bench"] }),
        }),
      },
    ],
  };

  say(
    `bench: ${SECONDS} s a path at concurrency ${CONNECTIONS}, reads in ${ROUNDS} round(s), one instance (pool ${poolSize}), on ${process.env.BENCH_LABEL ?? "this machine"}`,
  );
  const reads = [
    ["hello reference", ref.pid, { url: `http://127.0.0.1:${refPort}/hello` }],
    ["SELECT 1 reference", ref.pid, { url: `http://127.0.0.1:${refPort}/select1` }],
    ["cached list", app.pid, listRequest(appPort)],
    ["uncached list", uncached.pid, listRequest(uncachedPort)],
  ];
  const runs = Object.fromEntries(reads.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, pid, options] of round % 2 ? [...reads].reverse() : reads) runs[name].push(await load(name, pid, options, round === 0));
  }
  // Per round, each read path against the references measured in that round; the median of the rounds.
  const perRound = (name, ref) => median(runs[name].map((r, i) => r.rps / Math.max(1, runs[ref][i].rps)));
  const rows = reads.map(([name]) => {
    const all = runs[name];
    return {
      path: name,
      rps: Math.round(median(all.map((r) => r.rps))),
      p99Ms: median(all.map((r) => r.p99Ms)),
      cpuMsPerRequest: Number(median(all.map((r) => r.cpuMsPerRequest)).toFixed(3)),
      dbCpuMsPerRequest: Number(median(all.map((r) => r.dbCpuMsPerRequest)).toFixed(3)),
      clientCpuMsPerRequest: Number(median(all.map((r) => r.clientCpuMsPerRequest)).toFixed(3)),
      non2xx: all.reduce((n, r) => n + r.non2xx, 0),
      errors: all.reduce((n, r) => n + r.errors, 0),
      roundsRps: all.map((r) => r.rps),
      vsHello: Number(perRound(name, "hello reference").toFixed(2)),
      vsSelect1: Number(perRound(name, "SELECT 1 reference").toFixed(2)),
    };
  });
  rows.push(await load("create", app.pid, createRequest));
  // 100,000 keys that are not the user's: a create must cost the same (no SCAN over the keyspace).
  const filler = new Redis({ port: redisPort, host: "127.0.0.1" });
  for (let i = 0; i < 100_000; i += 10_000) {
    const p = filler.pipeline();
    for (let j = i; j < i + 10_000; j++) p.set(`vault:items:someone-${j}:v1:all:20:0`, "{}");
    await p.exec();
  }
  const keys = await filler.dbsize();
  filler.disconnect();
  rows.push({ ...(await load("create, 100,000 other keys in Redis", app.pid, createRequest)), redisKeys: keys });

  const hello = rows[0].rps;
  const select1 = rows[1].rps;
  for (const r of rows.slice(reads.length)) Object.assign(r, { vsHello: Number((r.rps / hello).toFixed(2)), vsSelect1: Number((r.rps / select1).toFixed(2)) });
  const by = Object.fromEntries(rows.map((r) => [r.path, r]));
  const targets = {
    cachedListVsHello: { value: by["cached list"].vsHello, target: ">= 0.40", met: by["cached list"].vsHello >= 0.4 },
    uncachedListVsSelect1: { value: by["uncached list"].vsSelect1, target: ">= 0.60", met: by["uncached list"].vsSelect1 >= 0.6 },
    createWith100kKeysVsNone: {
      value: Number((by["create, 100,000 other keys in Redis"].rps / by.create.rps).toFixed(2)),
      // The target: the unrelated keys cost nothing (no more than 20% slower; faster is noise).
      target: ">= 0.80",
      met: by["create, 100,000 other keys in Redis"].rps / by.create.rps >= 0.8,
    },
  };
  results = { seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, rows, targets };

  const cols = ["path (one instance, concurrency 10)", "RPS", "p99 ms", "CPU ms/request", "PostgreSQL", "load generator", "÷ hello", "÷ SELECT 1"];
  const table = rows.map((r) => [
    r.path, String(r.rps), String(r.p99Ms), r.cpuMsPerRequest.toFixed(2), r.dbCpuMsPerRequest.toFixed(2), r.clientCpuMsPerRequest.toFixed(2), r.vsHello.toFixed(2), r.vsSelect1.toFixed(2),
  ]);
  const widths = cols.map((c, i) => Math.max(c.length, ...table.map((t) => t[i].length)));
  const line = (r) => `| ${r.map((v, i) => v.padEnd(widths[i])).join(" | ")} |`;
  say(line(cols));
  say(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
  for (const t of table) say(line(t));
  for (const [name, t] of Object.entries(targets)) say(`${t.met ? "met" : "NOT met"}: ${name} ${t.value} (target ${t.target})`);
} catch (err) {
  console.error(`bench: ${err.stack ?? err}`);
  process.exitCode = 1;
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
if (results && flags.json) process.stdout.write(`${JSON.stringify(results)}\n`);
await sleep(0);
