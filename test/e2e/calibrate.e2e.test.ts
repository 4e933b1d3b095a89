// Calibration end to end, as an operator runs it: scaffold the backend, install it, migrate a fresh database of
// its own, start it on a free loopback port against the machine's PostgreSQL and Redis, calibrate it with a
// short budget, and plan with the profile written: the plan's rpsPerInstance is the measured one, and its
// basis says "measured". No timing is asserted (the figures depend on the machine); only their presence and
// their path into the plan. Under CI (CI=true) the services must be there; elsewhere the test says so and skips.
// The server is stopped by its PID, and the folder and the database removed, whatever happens.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BIN, backendServices } from "../helpers.js";

const PG = "postgresql://postgres@127.0.0.1:5432";
const REDIS = "redis://127.0.0.1:6379";
// A cold npm cache on a loaded machine: the install alone may take minutes.
const INSTALL_TIMEOUT_MS = 600_000;

const services = await backendServices("calibration");

const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeout = INSTALL_TIMEOUT_MS): SpawnSyncReturns<string> =>
  spawnSync(cmd, args, { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, encoding: "utf8", timeout, maxBuffer: 64 * 1024 * 1024 });
const ok = (r: SpawnSyncReturns<string>, what: string) => {
  if (r.status !== 0) throw new Error(`${what}: exit ${r.status}${r.error ? ` (${r.error.message})` : ""}\n${r.stdout}\n${r.stderr}`);
  return r;
};

/** Run the CLI without blocking this process's event loop (calibrate runs for tens of seconds). */
function heirloomAsync(args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    // The run is bounded by its own budget; this is a backstop.
    const timer = setTimeout(() => p.kill("SIGKILL"), 180_000);
    p.on("exit", (status) => (clearTimeout(timer), resolve({ status, stdout, stderr })));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

describe.skipIf(!services)("heirloom-plan calibrate, end to end", () => {
  const parent = mkdtempSync(join(tmpdir(), "hp-calibrate-e2e-"));
  const dir = join(parent, "backend");
  const database = `heirloom_calibrate_${process.pid}_${Date.now()}`;
  const metricsToken = `metrics-${process.pid}-${Date.now()}`;
  let server: ChildProcess | undefined;
  let url = "";
  let serverOutput = "";
  const env = {
    DATABASE_URL: `${PG}/${database}`,
    REDIS_URL: REDIS,
    JWT_SECRET: `calibrate-e2e-${process.pid}-0123456789abcdef`,
    METRICS_TOKEN: metricsToken,
    // The guide's limit (100 per 15 minutes per IP) would answer 429 to a load test from one address.
    RATE_LIMIT_MAX: "100000000",
    RATE_LIMIT_PREFIX: `rl-calibrate-${process.pid}:`,
    CI: "true",
  };

  beforeAll(async () => {
    ok(run(process.execPath, [BIN, "scaffold", dir, "--offline"], parent), "scaffold");
    // npm install leaves an empty folder in the temporary directory (Prisma's): inside ours, removed after.
    mkdirSync(join(parent, "tmp"));
    ok(run("npm", ["install", "--no-audit", "--no-fund"], dir, { TMPDIR: join(parent, "tmp") }), "npm install");
    ok(run("npm", ["run", "build"], dir), "npm run build");
    ok(run("psql", [`${PG}/postgres`, "-c", `CREATE DATABASE "${database}"`], parent, {}, 60_000), "createdb");
    ok(run("npm", ["run", "db:deploy"], dir, env, 120_000), "db:deploy");
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ["dist/server.js"], { cwd: dir, env: { ...process.env, ...env, PORT: String(port) } });
    server.stdout?.on("data", (d) => (serverOutput += d));
    server.stderr?.on("data", (d) => (serverOutput += d));
    for (let i = 0; i < 150; i++) {
      const up = await fetch(`${url}/health`).then((r) => r.status === 200, () => false);
      if (up) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the backend did not answer /health in 30 s:\n${serverOutput}`);
  }, INSTALL_TIMEOUT_MS + 180_000);

  afterAll(async () => {
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.on("exit", resolve));
      process.kill(server.pid, "SIGTERM");
      const timer = setTimeout(() => server?.pid && server.exitCode === null && process.kill(server.pid, "SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    }
    run("psql", [`${PG}/postgres`, "-c", `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`], parent, {}, 60_000);
    rmSync(parent, { recursive: true, force: true });
  }, 120_000);

  it(
    "calibrates the running backend and plans on the measured capacity",
    async () => {
      // Many users, so that the cache hit rate is the plan's, not one user's.
      const tokens = ok(run("npm", ["run", "--silent", "token", "--", "--count", "60"], dir, env, 120_000), "npm run token").stdout.trim().split("\n");
      expect(tokens).toHaveLength(60);
      const tokenFile = join(parent, "tokens.txt");
      writeFileSync(tokenFile, tokens.join("\n") + "\n");
      const profilePath = join(parent, "calibrated.yaml");
      const chart = join(parent, "calibration.svg");

      const r = await heirloomAsync(
        ["calibrate", "--url", url, "--tokens", tokenFile, "--metrics-token", metricsToken, "--profile", "guide", "--steps", "1,2,4,8", "--max-duration", "30s", "--max-requests", "20000", "--output", profilePath, "--chart", chart, "--format", "json"],
        parent,
      );
      if (r.status !== 0) throw new Error(`calibrate: exit ${r.status}\n${r.stderr}\n${r.stdout}\n${serverOutput}`);
      const report = JSON.parse(r.stdout);
      expect(report.target).toMatchObject({ service: "heirloom-backend", metrics: true });
      expect(report.steps.length).toBeGreaterThanOrEqual(1);
      const chosen = report.steps[report.selection.chosen];
      expect(chosen.throughputRps).toBeGreaterThan(0);
      expect(chosen.cpuShare).not.toBeNull();
      expect(chosen.cacheHitRate).not.toBeNull();
      expect(chosen.dbQueriesPerDbRequest).not.toBeNull();
      expect(readFileSync(chart, "utf8")).toMatch(/^<svg /);

      const profile = parse(readFileSync(profilePath, "utf8"));
      expect(profile.backend.rpsPerInstance).toBe(Math.round(report.measured.rpsPerInstance * 10) / 10);
      expect(profile.users).toBe(1_000_000); // the base profile's settings kept
      for (const key of ["backend.rpsPerInstance", "backend.processesPerInstance", "database.queriesPerRequest", "cache.hitRate"]) {
        expect(profile.basis[key]).toMatch(/^measured: /);
      }

      // The plan on the written profile: its capacity is the measured one, and its assumptions say so.
      const plan = run(process.execPath, [BIN, "--profile", profilePath, "--pricing", "guide", "--format", "json"], parent, {}, 60_000);
      if (plan.status !== 0 && plan.status !== 1) throw new Error(`plan: exit ${plan.status}\n${plan.stderr}`);
      const planned = JSON.parse(plan.stdout);
      expect(planned.assumptions.backend.rpsPerInstance).toBe(profile.backend.rpsPerInstance);
      expect(planned.assumptionSources["backend.rpsPerInstance"].basis).toMatch(/^measured: /);
      const table = run(process.execPath, [BIN, "--profile", profilePath, "--pricing", "guide", "--show", "assumptions"], parent, {}, 60_000);
      const row = table.stdout.split("\n").find((l) => l.includes("backend.rpsPerInstance"));
      expect(row).toContain("measured");
    },
    240_000,
  );
});
