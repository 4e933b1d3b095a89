// Services of a script's own, on loopback, for the drill and the benchmark: a Redis, a PostgreSQL cluster in a
// temporary folder, PgBouncer, nginx, and instances of this app. Each is started here and stopped by its PID;
// nothing touches the machine's own PostgreSQL or Redis. PostgreSQL and PgBouncer refuse to run as root: as
// root they run as the `postgres` user (runuser).
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A port nobody listens on now, on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** The first of `names` found in PATH or the usual system folders. */
export function findCommand(...names) {
  const dirs = [...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/usr/local/sbin", "/sbin"];
  for (const name of names) for (const d of dirs) if (d && existsSync(join(d, name))) return join(d, name);
  return null;
}

/** PostgreSQL's server binaries: pg_config --bindir, else the newest /usr/lib/postgresql/N/bin. */
export function postgresBinDir() {
  const fromEnv = process.env.PG_BINDIR;
  if (fromEnv && existsSync(join(fromEnv, "initdb"))) return fromEnv;
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(root, versions[0], "bin");
  }
  const r = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (r.status === 0 && existsSync(join(r.stdout.trim(), "initdb"))) return r.stdout.trim();
  return null;
}

const isRoot = () => process.getuid?.() === 0;
/** Run as the postgres user when we are root (PostgreSQL and PgBouncer refuse root). */
const asPostgres = (cmd, args) => (isRoot() ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]);
function ownForPostgres(path) {
  if (!isRoot()) return;
  const r = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const g = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  chownSync(path, Number(r.stdout), Number(g.stdout));
}

async function waitFor(check, ms, what) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`${what}: not ready after ${ms} ms`);
}

const hasExited = (child) => child.exitCode !== null || child.signalCode !== null;
const waitExit = (child) => new Promise((r) => (hasExited(child) ? r() : child.once("exit", r)));

const pidAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A redis-server of our own on `port` (no persistence). */
export async function startRedis(port, dir) {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--logfile", join(dir, `redis-${port}.log`)];
  const child = spawn(findCommand("redis-server") ?? "redis-server", args, { stdio: "ignore" });
  await waitFor(() => tcpOpen(port), 10_000, `redis-server on ${port}`);
  return {
    port,
    pid: child.pid,
    signal: (sig) => !hasExited(child) && child.kill(sig),
    async stop() {
      if (hasExited(child)) return;
      child.kill("SIGCONT");
      child.kill("SIGKILL");
      await waitExit(child);
    },
  };
}

export function tcpOpen(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    import("node:net").then(({ createConnection }) => {
      const s = createConnection({ host, port });
      s.setTimeout(500);
      s.on("connect", () => (s.destroy(), resolve(true)));
      s.on("error", () => resolve(false));
      s.on("timeout", () => (s.destroy(), resolve(false)));
    });
  });
}

/** A PostgreSQL cluster of our own in `dir`/pg, on `port`, with trust auth on loopback. */
export async function startPostgres(port, dir) {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL's server binaries (initdb) were not found: install postgresql, or set PG_BINDIR");
  const data = join(dir, "pg");
  mkdirSync(data, { recursive: true, mode: 0o700 });
  ownForPostgres(data);
  ownForPostgres(dir);
  const run = (cmd, args) => {
    const [c, a] = asPostgres(join(bin, cmd), args);
    const r = spawnSync(c, a, { encoding: "utf8", cwd: dir });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  // Without blocking the event loop (the drill's load goes on meanwhile).
  const runAsync = (cmd, args) =>
    new Promise((resolve, reject) => {
      const [c, a] = asPostgres(join(bin, cmd), args);
      const child = spawn(c, a, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} failed (${code}): ${err}`))));
    });
  run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB`;
  const pg = {
    port,
    url: (db = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${db}`,
    async start() {
      await runAsync("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "pg.log"), "-w", "-t", "30", "start"]);
    },
    /** Fast shutdown (connections are closed), as a failover or a restart does. */
    async stop(mode = "fast") {
      await runAsync("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "30", "stop"]).catch(() => {});
    },
    pid() {
      try {
        return Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
      } catch {
        return 0;
      }
    },
    async destroy() {
      await pg.stop("immediate");
      const pid = pg.pid();
      if (pid && pidAlive(pid)) process.kill(pid, "SIGKILL");
    },
  };
  await pg.start();
  return pg;
}

/** PgBouncer in transaction mode in front of `target` (host:port), as deploy/pgbouncer.ini sets it. */
export async function startPgbouncer(port, dir, target, { defaultPoolSize = 20, maxClientConn = 200 } = {}) {
  const exe = findCommand("pgbouncer");
  if (!exe) throw new Error("pgbouncer is not installed (Debian: apt-get install pgbouncer)");
  const ini = join(dir, "pgbouncer.ini");
  const users = join(dir, "pgbouncer-users.txt");
  const pidfile = join(dir, "pgbouncer.pid");
  writeFileSync(users, `"postgres" ""\n`);
  writeFileSync(
    ini,
    `[databases]
* = host=127.0.0.1 port=${target.port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = trust
auth_file = ${users}
pool_mode = transaction
default_pool_size = ${defaultPoolSize}
max_client_conn = ${maxClientConn}
ignore_startup_parameters = extra_float_digits,statement_timeout
server_reset_query =
; Retry a failed server login after 1 s (default 15 s), and let a query wait for a server connection 5 s at most.
server_login_retry = 1
query_wait_timeout = 5
logfile = ${join(dir, "pgbouncer.log")}
pidfile = ${pidfile}
`,
  );
  for (const f of [ini, users]) ownForPostgres(f);
  const [c, a] = asPostgres(exe, ["-d", ini]);
  const r = spawnSync(c, a, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`pgbouncer failed to start: ${r.stderr || r.stdout}`);
  await waitFor(() => tcpOpen(port), 10_000, `pgbouncer on ${port}`);
  return {
    port,
    url: (db) => `postgresql://postgres@127.0.0.1:${port}/${db}`,
    async stop() {
      let pid = 0;
      try {
        pid = Number(readFileSync(pidfile, "utf8").trim());
      } catch {}
      if (pid && pidAlive(pid)) {
        process.kill(pid, "SIGTERM");
        await waitFor(() => !pidAlive(pid), 5000, "pgbouncer stop").catch(() => process.kill(pid, "SIGKILL"));
      }
    },
  };
}

/** nginx from the project's deploy/nginx.conf, its upstream pointed at `upstreams`, listening on `port`. */
export async function startNginx(port, dir, upstreams, projectRoot) {
  const exe = findCommand("nginx");
  if (!exe) throw new Error("nginx is not installed (Debian: apt-get install nginx-light)");
  let conf = readFileSync(join(projectRoot, "deploy/nginx.conf"), "utf8");
  // The project's server lines, pointed at our instances (their parameters, e.g. max_fails, kept).
  const params = /^\s*server 127\.0\.0\.1:\d+([^;]*);/m.exec(conf)?.[1] ?? "";
  const servers = upstreams.map((p) => `        server 127.0.0.1:${p}${params};`).join("\n");
  conf = conf.replace(/^(\s*server 127\.0\.0\.1:\d+[^;]*;\n)+/m, `${servers}\n`);
  conf = conf.replace(/listen 80;/, `listen 127.0.0.1:${port};`);
  conf = conf.replace(/worker_processes auto;/, "worker_processes 1;");
  for (const sub of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) {
    mkdirSync(join(dir, "nginx", sub), { recursive: true });
    chmodSync(join(dir, "nginx", sub), 0o777);
  }
  chmodSync(dir, 0o755);
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((s) => `    ${s}_temp_path ${join(dir, "nginx", s)};`).join("\n");
  conf = conf.replace(/^http \{\n/m, `http {\n    access_log off;\n${temp}\n`);
  conf = `pid ${join(dir, "nginx.pid")};\nerror_log ${join(dir, "nginx-error.log")} warn;\n${conf}`;
  const file = join(dir, "nginx.conf");
  writeFileSync(file, conf);
  const test = spawnSync(exe, ["-t", "-q", "-c", file, "-p", dir], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx -t failed: ${test.stderr}`);
  const child = spawn(exe, ["-c", file, "-p", dir, "-g", "daemon off;"], { stdio: "ignore" });
  await waitFor(() => tcpOpen(port), 10_000, `nginx on ${port}`);
  return {
    port,
    async stop() {
      if (hasExited(child)) return;
      child.kill("SIGTERM");
      await Promise.race([waitExit(child), sleep(3000)]);
      if (!hasExited(child)) child.kill("SIGKILL");
    },
  };
}

/** One instance of this app (dist/server.js) on `port`. */
export async function startInstance(port, env, projectRoot, { log } = {}) {
  const child = spawn(process.execPath, ["dist/server.js"], { cwd: projectRoot, env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => ((output += d), log?.(String(d))));
  child.stderr.on("data", (d) => ((output += d), log?.(String(d))));
  const exited = new Promise((r) => child.once("exit", (code, signal) => r({ code, signal })));
  await Promise.race([
    waitFor(() => output.includes("listening on"), 20_000, `instance on ${port}`),
    exited.then(({ code }) => {
      throw new Error(`instance on ${port} exited (${code}): ${output.trim()}`);
    }),
  ]);
  return {
    port,
    pid: child.pid,
    exited,
    get output() {
      return output;
    },
    get running() {
      return !hasExited(child);
    },
    signal: (sig) => !hasExited(child) && child.kill(sig),
    async stop() {
      if (hasExited(child)) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}
