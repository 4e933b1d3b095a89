// The bundled price snapshot (models/prices/REGION.json, formatVersion 2: one file a region, only the region in
// use is read) or a --prices FILE. Parsed by a schema: a malformed file is one line (exit 2), never a TypeError.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HeirloomError, fileProblem } from "../../core/errors.js";
import type { GapReason, PriceGap, Provenance, Term, Tier } from "../../core/facts.js";
import { parseItemKey, termOf } from "../../core/pricing/aws-items.js";
import type { DroppedRow, PriceRecord } from "../../core/pricing/price-list.js";
import { packageRoot } from "../paths.js";
import { SNAPSHOT_FORMAT, firstIssue, schemas, type SnapshotFile, type SnapshotPrice } from "./schemas.js";

export interface Snapshot {
  file: SnapshotFile;
  /** Where it was read from, as the user named it ("--prices FILE") or the bundled path. */
  label: string;
  userFile: boolean;
}

/** The bundled snapshot's path for a region. */
export const bundledSnapshotPath = (region: string) => join(packageRoot(), "models", "prices", `${region}.json`);

/** Read and check a snapshot; undefined where the bundled one for a region does not exist. */
export function readSnapshot(region: string, path?: string): Snapshot | undefined {
  const file = path ?? bundledSnapshotPath(region);
  const label = path ? `--prices ${file}` : file;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if (!path && (err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new HeirloomError(`${label}: cannot read: ${fileProblem(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new HeirloomError(`${label}: not JSON (${(err as Error).message.split("\n")[0]})`);
  }
  // The bundled snapshots are ours, checked against the schema by the tests (test/unit/aws-prices.test.ts):
  // a plan reads one without the schema's ~25 ms. A user's file is checked in full.
  if (!path && isBundledShape(json, region)) return { file: json, label, userFile: false };
  const parsed = schemas().SnapshotSchema.safeParse(json);
  if (!parsed.success) {
    const v1 = (json as { formatVersion?: unknown } | null)?.formatVersion === 1;
    throw new HeirloomError(`${label}: ${v1 ? "a price snapshot of formatVersion 1; this version reads formatVersion 2 (run `heirloom-plan prices pull` again)" : `not a heirloom-plan price snapshot: ${firstIssue(parsed.error, json)}`}`);
  }
  if (parsed.data.region !== region) throw new HeirloomError(`${label}: holds ${parsed.data.region} prices, not ${region}`);
  return { file: parsed.data, label, userFile: Boolean(path) };
}

function isBundledShape(json: unknown, region: string): json is SnapshotFile {
  const j = json as Partial<SnapshotFile> | null;
  return Boolean(j && j.format === SNAPSHOT_FORMAT && j.formatVersion === 2 && j.region === region && j.prices && j.sources && typeof j.prices === "object");
}

/** The tiers of a snapshot price: from each `from` to the next, the last to Infinity. */
function tiersOf(p: SnapshotPrice): Tier[] {
  if ("usd" in p) return [{ fromGB: 0, toGB: Infinity, usdPerGB: Number(p.usd) }];
  const sorted = [...p.tiers].sort((a, b) => a.from - b.from);
  return sorted.map((t, i) => ({ fromGB: t.from, toGB: sorted[i + 1]?.from ?? Infinity, usdPerGB: Number(t.usd) }));
}

/** The snapshot's entry for an item on a term (own keys only: an item key is never a prototype name). */
function entryOf(snap: Snapshot, key: string, term: Term): SnapshotPrice | undefined {
  return Object.hasOwn(snap.file.prices, key) ? snap.file.prices[key]?.[term] : undefined;
}

/** The price of an item on a term in a snapshot, or a typed gap; a $0 is dropped (reported), never a price. */
export function snapshotPrice(snap: Snapshot, key: string, term: Term, dropped: DroppedRow[]): PriceRecord | PriceGap {
  const region = snap.file.region;
  const parsed = parseItemKey(key);
  if (!parsed) return { gap: { kind: "unknown-type", item: key } };
  const t = termOf(parsed.kind, term);
  const entry = entryOf(snap, key, t);
  if (!entry) {
    const why = Object.hasOwn(snap.file.gaps ?? {}, key) ? snap.file.gaps?.[key]?.[t] : undefined;
    const gap: GapReason =
      why === "not-offered"
        ? { kind: "no-term", item: key, term: t }
        : why === "zero-price"
          ? { kind: "zero-price", item: key }
          : { kind: "not-in-prices", item: key, region, term: t, ...(why ? { why } : {}) };
    return { gap };
  }
  let tiers = tiersOf(entry);
  if (tiers.some((x) => !(x.usdPerGB > 0))) {
    dropped.push({ item: key, sku: entry.sku ?? "", term: t });
    // A $0 row is dropped; a tier schedule with a hole where it was is no price at all.
    tiers = tiers.length === 1 || tiers.every((x) => !(x.usdPerGB > 0)) ? [] : tiers;
    if (tiers.length === 0 || tiers.some((x) => !(x.usdPerGB > 0))) return { gap: { kind: "zero-price", item: key } };
  }
  const source = snap.file.sources[entry.src];
  const provenance: Provenance = {
    origin: "snapshot",
    source: source ? sourceLabel(entry.src, source) : entry.src,
    asOf: source?.date ?? snap.file.asOf,
    ...(entry.sku ? { sku: entry.sku } : {}),
    confirmed: false,
  };
  if ("usd" in entry && entry.spread) {
    if (entry.spread.upfrontUSD !== undefined) provenance.upfrontSpread = { upfrontUSD: Number(entry.spread.upfrontUSD), hours: entry.spread.hours };
    else provenance.effectiveRate = { option: entry.spread.option, hours: entry.spread.hours };
  }
  if ("usd" in entry && entry.derived) {
    const base = snap.file.sources[entry.derived.base];
    // The price it is derived from may itself be derived (us-west-2 gp3 Multi-AZ = 2 × gp3 Single-AZ = gp2's).
    const from = entryOf(snap, entry.derived.from, t);
    const fromRule = from && "usd" in from && from.derived ? { id: from.derived.rule, factor: Number(from.derived.factor), from: from.derived.from } : undefined;
    provenance.rule = {
      id: entry.derived.rule,
      factor: Number(entry.derived.factor),
      from: entry.derived.from,
      ...(base ? { source: sourceLabel(entry.derived.base, base) } : {}),
      ...(fromRule ? { fromRule } : {}),
    };
  }
  return { tiers, provenance };
}

/** "repository path@commit" or the URL: where a reader finds the price. */
export function sourceLabel(id: string, s: { repository?: string; path?: string; commit?: string; url?: string }): string {
  if (s.repository) return `${s.repository} ${s.path ?? ""}${s.commit ? `@${s.commit.slice(0, 8)}` : ""}`.trim();
  return s.url ?? id;
}
