// The scaffold, as a developer uses it: written outside the repo, installed, type-checked, migrated on a
// fresh database, its own test suite run against the real PostgreSQL and Redis, started, and its nginx
// config checked. Under CI (CI=true) the services must be there; elsewhere the test says so and skips.
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN } from "../helpers.js";

const PG = "postgresql://postgres@127.0.0.1:5432";
const REDIS = "redis://127.0.0.1:6379";

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: "127.0.0.1", port });
    s.setTimeout(1500);
    s.on("connect", () => (s.destroy(), resolve(true)));
    s.on("error", () => resolve(false));
    s.on("timeout", () => (s.destroy(), resolve(false)));
  });
}

const services = (await reachable(5432)) && (await reachable(6379));
if (!services && process.env.CI === "true") throw new Error("CI: PostgreSQL (5432) and Redis (6379) must be running for the scaffold test");
if (!services) console.warn("SKIPPING the scaffold end-to-end test: PostgreSQL or Redis is not reachable on 127.0.0.1");

const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> =>
  spawnSync(cmd, args, { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, encoding: "utf8", timeout: 600_000 });
const heirloom = (args: string[], cwd: string) => run(process.execPath, [BIN, ...args], cwd);
const ok = (r: SpawnSyncReturns<string>) => {
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
};

describe.skipIf(!services)("heirloom-plan scaffold, end to end", () => {
  const parent = mkdtempSync(join(tmpdir(), "hp-scaffold-"));
  const dir = join(parent, "heirloom-backend");
  const database = `heirloom_e2e_${process.pid}_${Date.now()}`;
  const env = { DATABASE_URL: `${PG}/${database}`, REDIS_URL: REDIS, JWT_SECRET: "e2e-secret-0123456789abcdef", CI: "true" };

  beforeAll(() => {
    ok(run("psql", [`${PG}/postgres`, "-c", `CREATE DATABASE "${database}"`], parent));
  });
  afterAll(() => {
    run("psql", [`${PG}/postgres`, "-c", `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`], parent);
  });

  it("writes a project sized from the plan", () => {
    const r = heirloom(["scaffold", dir, "--users", "250k", "--pool-size", "12", "--instances", "3", "--offline"], parent);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Wrote 36 files to ${dir}, sized for 250,000 users (3 instances, pool 12, cache TTL 60 s).`);
    const config = JSON.parse(readFileSync(join(dir, "heirloom.config.json"), "utf8"));
    expect(config.database.poolSize).toBe(12);
    expect(config.cluster.instances).toBe(3);
    expect(readFileSync(join(dir, "deploy/nginx.conf"), "utf8").match(/server 127\.0\.0\.1:300\d;/g)).toHaveLength(3);
    expect(JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")).capacity.users).toBe(250_000);
    expect(existsSync(join(dir, ".gitignore"))).toBe(true);
  });

  it("never overwrites without --force; --dry-run writes nothing; --force keeps the user's own files", () => {
    writeFileSync(join(dir, "NOTES.md"), "mine\n");
    writeFileSync(join(dir, "src/config.ts"), "// edited\n");
    const refused = heirloom(["scaffold", dir, "--offline"], parent);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(new RegExp(`^heirloom-plan: ${dir}: the folder is not empty \\(37 files\\); would overwrite \\.env\\.example, \\.gitignore, README\\.md`));
    expect(readFileSync(join(dir, "src/config.ts"), "utf8")).toBe("// edited\n");

    const dry = heirloom(["scaffold", dir, "--force", "--dry-run", "--offline", "--users", "250k", "--pool-size", "12", "--instances", "3"], parent);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain("keep       src/config.ts");
    expect(dry.stdout).toContain("overwrite  heirloom.config.json");
    expect(dry.stdout).toContain("keep       NOTES.md");
    expect(readFileSync(join(dir, "src/config.ts"), "utf8")).toBe("// edited\n");

    // An existing project: --force rewrites only the plan's files (issue 11); --all the template's too.
    ok(heirloom(["scaffold", dir, "--force", "--offline", "--users", "250k", "--pool-size", "12", "--instances", "3"], parent));
    expect(readFileSync(join(dir, "src/config.ts"), "utf8")).toBe("// edited\n");
    ok(heirloom(["scaffold", dir, "--force", "--all", "--offline", "--users", "250k", "--pool-size", "12", "--instances", "3"], parent));
    expect(readFileSync(join(dir, "src/config.ts"), "utf8")).toContain("loadConfig");
    expect(readFileSync(join(dir, "NOTES.md"), "utf8")).toBe("mine\n");
  });

  it("installs, type-checks, migrates a fresh database and passes its own tests on the real PostgreSQL and Redis", () => {
    ok(run("npm", ["install", "--no-audit", "--no-fund"], dir));
    ok(run("npm", ["run", "typecheck"], dir));
    const deploy = ok(run("npm", ["run", "db:deploy"], dir, env));
    expect(deploy.stdout).toContain("db:deploy: applied 20261125000000_init");
    const tests = run("npm", ["test"], dir, env);
    if (tests.status !== 0) throw new Error(`${tests.stdout}\n${tests.stderr}`);
    expect(tests.stdout).toMatch(/Tests\s+13 passed \(13\)/);
  });

  it("builds, starts, answers /health, and stops gracefully on SIGTERM", async () => {
    ok(run("npm", ["run", "build"], dir));
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const server = spawn(process.execPath, ["dist/server.js"], { cwd: dir, env: { ...process.env, ...env, PORT: String(port) } });
    let output = "";
    server.stdout.on("data", (d) => (output += d));
    server.stderr.on("data", (d) => (output += d));
    try {
      let health: { status: number; body: unknown } | undefined;
      for (let i = 0; i < 100 && !health; i++) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/health`);
          health = { status: res.status, body: await res.json() };
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      expect(health).toEqual({ status: 200, body: { status: "ok", database: "up", cache: "up" } });
      expect(output).toContain(`heirloom-backend listening on :${port} (pool 12, cache TTL 60 s)`);

      // A token from the project's own script, then its load test for two seconds at the plan's rate.
      const token = ok(run("node", ["scripts/issue-token.mjs", "load@e2e.example"], dir, env)).stdout.trim();
      expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const load = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const p = spawn(process.execPath, ["scripts/loadtest.mjs", `http://127.0.0.1:${port}/api/vault/items`], {
          cwd: dir,
          env: { ...process.env, TOKEN: token, LOADTEST_DURATION_SECONDS: "2" },
        });
        let out = "";
        p.stdout.on("data", (d) => (out += d));
        p.stderr.on("data", (d) => (out += d));
        p.on("exit", (code) => resolve({ code, out }));
      });
      expect(load.out).toContain(`loading http://127.0.0.1:${port}/api/vault/items at 3 requests/s for 2 s (plan: 8.7 peak RPS over 3 instances)`);
      expect(load.out).toMatch(/p99 latency \d+ ms \(the guide's target: under 200 ms\); non-2xx: 0/);
      expect(load.code).toBe(0);
    } finally {
      server.kill("SIGTERM");
    }
    const code = await new Promise<number | null>((resolve) => server.on("exit", (c) => resolve(c)));
    expect(code).toBe(0);
    expect(output).toContain("SIGTERM: draining requests");
    expect(output).toContain("shutdown: done");
  });

  it("its nginx config passes nginx -t", () => {
    const nginx = spawnSync("nginx", ["-v"]);
    if (nginx.error) {
      if (process.env.CI === "true") throw new Error("CI: nginx must be installed (.ci/run installs nginx-light)");
      console.warn("SKIPPING nginx -t: nginx is not installed");
      return;
    }
    const r = run("nginx", ["-t", "-c", join(dir, "deploy/nginx.conf")], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("test is successful");
  });
});
