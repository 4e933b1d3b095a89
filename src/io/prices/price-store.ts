// Where AWS's answers are kept: the bundled snapshot (models/prices/REGION.json, or --prices FILE) and the
// user's cache ($XDG_CACHE_HOME/heirloom-plan, else ~/.cache/heirloom-plan), one file a region and item.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { HeirloomError, fileProblem } from "../../core/errors.js";
import { packageRoot } from "../paths.js";
import type { GetProductsRequest } from "../../core/pricing/aws-items.js";

/** A GetProducts answer as the API gives it (PriceList entries are JSON strings). */
export interface StoredAnswer {
  request: GetProductsRequest;
  response: { FormatVersion: string; PriceList: string[] };
}

export interface SnapshotItem extends StoredAnswer {
  provenance?: { source: string; sourceDate?: string; confirmedByPriceList?: boolean; note?: string };
}

export interface Snapshot {
  format: "heirloom-plan price snapshot";
  formatVersion: 1;
  region: string;
  asOf: string;
  origin: string;
  items: Record<string, SnapshotItem>;
}

const CACHE_FORMAT = "heirloom-plan price cache";
export const CACHE_HOURS = 24;

/** Read a snapshot file; undefined where the bundled one for a region does not exist. */
export function readSnapshot(region: string, path?: string): Snapshot | undefined {
  const file = path ?? join(packageRoot(), "models", "prices", `${region}.json`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if (!path && (err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new HeirloomError(`--prices ${file}: cannot read: ${fileProblem(err)}`);
  }
  let snap: Snapshot;
  try {
    snap = JSON.parse(text) as Snapshot;
  } catch {
    throw new HeirloomError(`${path ? `--prices ${file}` : file}: not JSON`);
  }
  if (snap?.format !== "heirloom-plan price snapshot" || snap.formatVersion !== 1 || typeof snap.items !== "object") {
    throw new HeirloomError(`${path ? `--prices ${file}` : file}: not a heirloom-plan price snapshot (formatVersion 1)`);
  }
  if (snap.region !== region) {
    throw new HeirloomError(`${path ? `--prices ${file}` : file}: holds ${snap.region} prices, not ${region}`);
  }
  return snap;
}

/** The user's cache folder for heirloom-plan. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith("/") ? env.XDG_CACHE_HOME : join(homedir(), ".cache");
  return join(base, "heirloom-plan");
}

const fileName = (key: string) => `${key.replace(/[^A-Za-z0-9._-]/g, "_")}.json`;
const cachePath = (dir: string, region: string, key: string) => join(dir, "prices", region, fileName(key));

export interface CachedAnswer extends StoredAnswer {
  fetchedAt: string;
  ageHours: number;
}

/** A cached answer; a corrupt or foreign file is ignored with a notice, never a crash. */
export function readCached(dir: string, region: string, key: string, now: Date, notice: (line: string) => void): CachedAnswer | undefined {
  const file = cachePath(dir, region, key);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const data = JSON.parse(text) as Partial<CachedAnswer> & { format?: string; region?: string; key?: string };
    const fetched = Date.parse(data.fetchedAt ?? "");
    if (data.format !== CACHE_FORMAT || data.region !== region || data.key !== key || !Number.isFinite(fetched) || !Array.isArray(data.response?.PriceList)) {
      notice(`ignoring the price cache file ${file}: not a heirloom-plan cache entry for ${region} ${key}`);
      return undefined;
    }
    return { request: data.request!, response: data.response!, fetchedAt: data.fetchedAt!, ageHours: Math.max(0, (now.getTime() - fetched) / 3.6e6) };
  } catch {
    notice(`ignoring the price cache file ${file}: not JSON`);
    return undefined;
  }
}

/** Write one answer to the cache, atomically (temp file, then rename). Failing to cache is not fatal. */
export function writeCached(dir: string, region: string, key: string, answer: StoredAnswer, now: Date, notice: (line: string) => void): void {
  const file = cachePath(dir, region, key);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(join(dir, "prices", region), { recursive: true });
    writeFileSync(tmp, JSON.stringify({ format: CACHE_FORMAT, region, key, fetchedAt: now.toISOString(), ...answer }));
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    notice(`could not write the price cache ${file}: ${(err as Error).message}`);
  }
}
