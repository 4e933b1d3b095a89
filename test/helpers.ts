// Shared test helpers: run the built binary as a user would, and load plan data from models/.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { plan, type PlanBooks } from "../src/core/plan.js";
import type { PriceBook } from "../src/core/pricing/book.js";
import { guidePriceBook } from "../src/core/pricing/guide-book.js";
import type { ResolvedProfile } from "../src/core/profile/resolve.js";
import { buildReport, type Report } from "../src/core/report.js";
import { loadPlanData } from "../src/io/models.js";

export const BIN = fileURLToPath(new URL("../bin/heirloom-plan.cjs", import.meta.url));
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run `heirloom-plan ARGS` with colour off (unless env says otherwise). */
export function cli(args: string[], options: SpawnSyncOptions & { env?: NodeJS.ProcessEnv } = {}): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env, ...noAwsEnv(privateCache()), NO_COLOR: "1", FORCE_COLOR: undefined, ...options.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000, ...options, env });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

const madeDirs: string[] = [];
// Every folder a test file made with tempDir() is removed when that file's tests end.
afterAll(() => {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new folder under the system's temporary folder, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

let cacheHome: string | undefined;
/** A cache folder of the test run's own, so no user's cache leaks in. */
function privateCache(): string {
  cacheHome ??= tempDir("hp-test-cache-");
  return cacheHome;
}

/** Run and parse a JSON report. */
export function cliJson(args: string[], options: Parameters<typeof cli>[1] = {}) {
  const r = cli([...args, "--format", "json"], options);
  if (r.status !== 0 && r.status !== 1) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return { ...r, json: JSON.parse(r.stdout) };
}

export function planData() {
  return loadPlanData();
}

/** The guide's book for a term and region, as the pipeline builds it (no AWS reference to derive from). */
export function guideBook(term: Parameters<typeof guidePriceBook>[1] = "on-demand", region = "us-east-1"): PriceBook {
  return guidePriceBook(planData().guidePrices, term, region);
}

/** The report of a resolved profile on the guide's book (and AWS's, where given), as `heirloom-plan` makes it. */
export function reportOf(resolved: ResolvedProfile, options: { aws?: PriceBook; guide?: boolean; reconciliation?: boolean } = {}): Report {
  const data = planData();
  const { term, region } = resolved.profile.pricing;
  const books: PlanBooks = { guideOnDemand: guideBook() };
  if (options.guide !== false) books.guide = guideBook(term, region);
  if (options.aws) books.aws = options.aws;
  const result = plan(resolved.profile, data, books, { reconciliation: options.reconciliation ?? true });
  return buildReport({ version: "test", profile: { name: resolved.name, source: resolved.source }, assumptions: resolved.profile, assumptionSources: resolved.sources }, result, data.catalogue);
}

/** Round to the cent, as the spec's figures are stated. */
export const cents = (n: number | null | undefined) => (n === null || n === undefined ? n : Math.round(n * 100) / 100);

/** Run the binary without blocking the event loop (for tests that serve it over HTTP from this process). */
export function cliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return import("node:child_process").then(
    ({ execFile }) =>
      new Promise((resolve) => {
        const merged: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...env };
        for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
        execFile(process.execPath, [BIN, ...args], { env: merged, timeout: 60_000 }, (err, stdout, stderr) => {
          const status = err ? ((err as { code?: number }).code ?? null) : 0;
          resolve({ status: typeof status === "number" ? status : null, stdout, stderr });
        });
      }),
  );
}

/** An environment with no AWS credentials of any kind, and a private cache. */
export function noAwsEnv(cacheHome: string): NodeJS.ProcessEnv {
  return {
    XDG_CACHE_HOME: cacheHome,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
    AWS_CONFIG_FILE: "/nonexistent/config",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_ENDPOINT_URL_PRICING: undefined,
  };
}

/** Dummy credentials and the stand-in's endpoint. */
export function standInEnv(url: string, cacheHome: string): NodeJS.ProcessEnv {
  return {
    ...noAwsEnv(cacheHome),
    AWS_ACCESS_KEY_ID: "AKIDHEIRLOOMTEST",
    AWS_SECRET_ACCESS_KEY: "heirloom-test-secret",
    AWS_ENDPOINT_URL_PRICING: url,
    AWS_REGION: "us-east-1",
  };
}

/** Whether something listens on a loopback port (the machine's PostgreSQL and Redis, for the backend's tests). */
export function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: "127.0.0.1", port });
    s.setTimeout(1500);
    s.on("connect", () => (s.destroy(), resolve(true)));
    s.on("error", () => resolve(false));
    s.on("timeout", () => (s.destroy(), resolve(false)));
  });
}

/** PostgreSQL and Redis on loopback: required under CI, else the test says it skips. */
export async function backendServices(what: string): Promise<boolean> {
  const up = (await reachable(5432)) && (await reachable(6379));
  if (!up && process.env.CI === "true") throw new Error(`CI: PostgreSQL (5432) and Redis (6379) must be running for the ${what} test`);
  if (!up) console.warn(`SKIPPING the ${what} end-to-end test: PostgreSQL or Redis is not reachable on 127.0.0.1`);
  return up;
}
