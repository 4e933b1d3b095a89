// The user's price cache ($XDG_CACHE_HOME/heirloom-plan, else ~/.cache/heirloom-plan): one GetProducts answer a
// file, for one region and item, "no product" answers included. An entry is used only for the region, item and
// request it was asked for; a bad or future-dated one is ignored with a notice; a broken folder is a notice.
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { HeirloomError } from "../../core/errors.js";
import { writeFileSafely } from "../output.js";
import { homedir } from "node:os";
import { join } from "node:path";
import type { PriceItem } from "../../core/pricing/aws-items.js";
import { CACHE_FORMAT, firstIssue, schemas, type CacheEntry } from "./schemas.js";

export const CACHE_HOURS = 24;

/** The user's cache folder for heirloom-plan. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith("/") ? env.XDG_CACHE_HOME : join(env.HOME || homedir(), ".cache");
  return join(base, "heirloom-plan");
}

const fileName = (key: string) => `${key.replace(/[^A-Za-z0-9._-]/g, "_")}.json`;
/** v2 entries live apart from the first version's, which this version does not read. */
export const regionDir = (dir: string, region: string) => join(dir, "prices", "2", region.replace(/[^A-Za-z0-9-]/g, "_"));
export const cachePath = (dir: string, region: string, key: string) => join(regionDir(dir, region), fileName(key));

export interface CachedAnswer {
  entry: CacheEntry;
  ageHours: number;
  /** Younger than CACHE_HOURS and not from the future. */
  fresh: boolean;
}

const sameRequest = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Why the cache folder cannot be used, in a few words, for the errors that mean so. */
function folderProblem(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOTDIR") return "a file stands where its folder should be";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ELOOP") return "a symbolic-link loop";
  if (code === "EISDIR") return "a folder stands where an entry should be";
  return undefined;
}

/**
 * The names of the entries stored for a region (one listing instead of a failed read per item); undefined
 * when the folder cannot be listed for another reason than being absent (each read then says why).
 */
export function cachedEntryNames(dir: string, region: string): Set<string> | undefined {
  try {
    return new Set(readdirSync(regionDir(dir, region)));
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ENOENT" ? new Set() : undefined;
  }
}

/** Whether a listing of the region's entries (cachedEntryNames) may hold the item's. */
export const mayBeCached = (names: Set<string> | undefined, key: string) => !names || names.has(fileName(key));

/** A cached answer for exactly this region and item; a corrupt, foreign or unreadable one is a notice, never a crash. */
export function readCached(dir: string, region: string, item: PriceItem, now: Date, notice: (line: string) => void): CachedAnswer | undefined {
  const file = cachePath(dir, region, item.key);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    notice(`cannot use the price cache ${dir}: ${folderProblem(err) ?? (err as Error).message}`);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    notice(`ignoring the price cache entry ${file}: not JSON`);
    return undefined;
  }
  const parsed = schemas().CacheEntrySchema.safeParse(json);
  if (!parsed.success) {
    notice(`ignoring the price cache entry ${file}: ${firstIssue(parsed.error, json)}`);
    return undefined;
  }
  const entry = parsed.data;
  if (entry.region !== region || entry.key !== item.key || !sameRequest(entry.request, item.request)) {
    notice(`ignoring the price cache entry ${file}: it was asked for ${entry.region} ${entry.key}, not ${region} ${item.key}`);
    return undefined;
  }
  const ageHours = (now.getTime() - Date.parse(entry.fetchedAt)) / 3.6e6;
  // An entry dated in the future is stale: a clock went wrong, or the file was edited.
  return { entry, ageHours, fresh: ageHours >= 0 && ageHours < CACHE_HOURS };
}

/** Write one answer to the cache, atomically (temp file, then rename). Failing to cache is a notice, not an error. */
export function writeCached(dir: string, region: string, item: PriceItem, priceList: readonly string[], now: Date, notice: (line: string) => void): void {
  const file = cachePath(dir, region, item.key);
  const entry: CacheEntry = {
    format: CACHE_FORMAT,
    formatVersion: 2,
    region,
    key: item.key,
    fetchedAt: now.toISOString(),
    request: item.request,
    response: { FormatVersion: "aws_v1", PriceList: [...priceList] },
  };
  try {
    mkdirSync(regionDir(dir, region), { recursive: true });
    // The one writer (io/output.ts): a temp file beside it, renamed; never through a link; cleaned on any exit.
    writeFileSafely(file, JSON.stringify(entry), { force: true, flag: "price cache" });
  } catch (err) {
    const why = err instanceof HeirloomError ? err.message : (folderProblem(err) ?? (err as NodeJS.ErrnoException).code ?? (err as Error).message);
    notice(`cannot write the price cache ${dir}: ${why}`);
  }
}
