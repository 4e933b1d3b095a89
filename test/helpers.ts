// Shared test helpers: run the built binary as a user would, and load plan data from models/.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadCatalogue, loadGuidePrices, readModel } from "../src/models.js";
import type { GuideStatements } from "../src/guide/reconcile.js";
import type { PlanData } from "../src/plan.js";

export const BIN = fileURLToPath(new URL("../bin/heirloom-plan.js", import.meta.url));
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run `heirloom-plan ARGS` with colour off (unless env says otherwise). */
export function cli(args: string[], options: SpawnSyncOptions & { env?: NodeJS.ProcessEnv } = {}): CliResult {
  const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...options.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000, ...options, env });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Run and parse a JSON report. */
export function cliJson(args: string[], options: Parameters<typeof cli>[1] = {}) {
  const r = cli([...args, "--format", "json"], options);
  if (r.status !== 0 && r.status !== 1) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return { ...r, json: JSON.parse(r.stdout) };
}

export function planData(): PlanData {
  return { catalogue: loadCatalogue(), guidePrices: loadGuidePrices(), statements: readModel<GuideStatements>("guide-statements.json") };
}

/** Round to the cent, as the spec's figures are stated. */
export const cents = (n: number | null | undefined) => (n === null || n === undefined ? n : Math.round(n * 100) / 100);
