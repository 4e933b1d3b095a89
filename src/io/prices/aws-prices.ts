// The two price books a plan is priced on (planning-model v2 section 3): AWS's, from a fresh cache, then the live
// API (one wave, one deadline), then the bundled snapshot; and the guide's, whose other types take AWS's ratios.
import { readModel } from "../models.js";
import type { BookSource, PriceGap, PriceOrigin, Term } from "../../core/facts.js";
import { awsPriceBook } from "../../core/pricing/aws-book.js";
import { itemOfKey, type PriceFilterModel, type PriceItem, type RegionInfo } from "../../core/pricing/aws-items.js";
import { memoized, type PriceBook } from "../../core/pricing/book.js";
import { guidePriceBook, type GuidePrices } from "../../core/pricing/guide-book.js";
import { resolveAnswer, type DroppedRow, type PriceListEntry, type PriceRecord } from "../../core/pricing/price-list.js";
import { credentialsProblem, fetchLive } from "./aws-live.js";
import { cacheDir, cachedEntryNames, mayBeCached, readCached, writeCached } from "./price-store.js";
import { parsePriceList } from "./schemas.js";
import { readSnapshot, snapshotPrice, type Snapshot } from "./snapshot.js";

/** The GetProducts filters and the priced regions, from models/. */
export function loadPricingModels(): { model: PriceFilterModel; regions: Record<string, RegionInfo> } {
  return {
    model: readModel<PriceFilterModel>("aws-price-filters.json"),
    regions: readModel<{ regions: Record<string, RegionInfo> }>("regions.json").regions,
  };
}

export interface PriceBooksRequest {
  region: string;
  term: Term;
  /** The items the plan's stacks need (itemKeysForStacks): asked of the cache and the live API; the snapshot answers any other. */
  itemKeys: readonly string[];
  /** Ask the live API (false for --offline, and where only the guide's book is wanted). */
  live: boolean;
  /** Skip the cache and ask AWS again (an outage then falls back to a fresh cache, then the snapshot). */
  refresh: boolean;
  /** A snapshot file instead of the bundled one (--prices FILE). */
  snapshotPath?: string;
  env: NodeJS.ProcessEnv;
  now: Date;
  timeoutMs: number;
}

export interface PriceBooks {
  /** AWS's book on the plan's term; its gaps say why. */
  aws: PriceBook;
  /** The guide's book, its other types derived from AWS's on-demand list prices. */
  guide: PriceBook;
  /** One-line notices for stderr (fallbacks with their real cause, $0 rows dropped, bad cache entries). */
  notices: string[];
  /** Set where not one of the plan's items has an AWS price: why. */
  unavailable?: string;
  /** The plan's items that have no AWS price (gaps), by key. */
  missing: string[];
}

interface Answer {
  entries: PriceListEntry[];
  origin: "live" | "cache";
  asOf: string;
  ageHours?: number;
}

/** Prices of one region, on any term: the answers found for the requested items, the snapshot for the rest. */
export interface PriceTable {
  region: string;
  items: PriceItem[];
  lookup: (term: Term) => (key: string) => PriceRecord | PriceGap;
  /** $0 rows met so far (never prices). */
  dropped: DroppedRow[];
  notice: (line: string) => void;
  notices: string[];
  /** Why live prices were not had, where they were wanted and are missing for some item. */
  liveReason?: string;
  /** Answers that held no usable price (a $0, several products, an unreadable entry), by item: why. */
  answerProblems: Map<string, string>;
  snapshot: () => Snapshot | undefined;
  ageHours: (key: string) => number | undefined;
  model: PriceFilterModel;
  known: boolean;
}

/** Find the items' answers (fresh cache, then live in one wave, then a fresh cache again after --refresh-prices), and the snapshot. */
export async function loadPriceTable(req: PriceBooksRequest): Promise<PriceTable> {
  const notices: string[] = [];
  const said = new Set<string>();
  const notice = (line: string) => {
    if (!said.has(line)) notices.push(line);
    said.add(line);
  };
  const { model, regions } = loadPricingModels();
  const info = Object.hasOwn(regions, req.region) ? regions[req.region] : undefined;
  const where = info ? { code: req.region, ...info } : undefined;
  const items = where ? req.itemKeys.map((k) => itemOfKey(model, where, k)).filter((i): i is PriceItem => Boolean(i)) : [];
  const dir = cacheDir(req.env);
  const answers = new Map<string, Answer>();
  const today = req.now.toISOString().slice(0, 10);

  const fromCache = (item: PriceItem, names: Set<string> | undefined) => {
    if (!mayBeCached(names, item.key)) return false;
    const cached = readCached(dir, req.region, item, req.now, notice);
    if (!cached || !cached.fresh) return false;
    const parsed = parsePriceList(cached.entry.response.PriceList);
    if ("problem" in parsed) {
      notice(`ignoring the price cache entry for ${req.region} ${item.key}: ${parsed.problem}`);
      return false;
    }
    answers.set(item.key, { entries: parsed.entries, origin: "cache", asOf: cached.entry.fetchedAt.slice(0, 10), ageHours: cached.ageHours });
    return true;
  };

  /** The items a fresh cache entry does not answer (the region's entries listed once, as they are now). */
  const notInCache = (list: PriceItem[]) => {
    const names = cachedEntryNames(dir, req.region);
    return list.filter((item) => !fromCache(item, names));
  };
  let remaining = req.refresh ? items : notInCache(items);
  const liveFailures = new Map<string, string>();
  let liveReason: string | undefined;
  if (remaining.length > 0 && req.live) {
    liveReason = credentialsProblem(req.env);
    if (!liveReason) {
      const results = await fetchLive(remaining, model.endpointRegion, req.timeoutMs);
      for (const item of remaining) {
        const result = results.get(item.key) ?? { ok: false as const, reason: "no answer" };
        if (!result.ok) {
          liveFailures.set(item.key, result.reason);
          continue;
        }
        const parsed = parsePriceList(result.priceList);
        if ("problem" in parsed) {
          liveFailures.set(item.key, parsed.problem);
          continue;
        }
        // "No product" is an answer like any other: cached, so a warm run asks nothing.
        writeCached(dir, req.region, item, result.priceList, req.now, notice);
        answers.set(item.key, { entries: parsed.entries, origin: "live", asOf: today });
      }
      remaining = remaining.filter((item) => !answers.has(item.key));
      if (liveFailures.size) liveReason = summarise(liveFailures);
    }
  }
  // --refresh-prices that could not refresh (an outage, no credentials, --offline): a fresh cache is better than the snapshot.
  if (req.refresh) remaining = notInCache(remaining);

  let snapshot: Snapshot | undefined | null = null;
  const snap = () => {
    if (snapshot === null) snapshot = readSnapshot(req.region, req.snapshotPath);
    return snapshot;
  };
  // A --prices file is read (and checked) whatever else answers: a broken file is an error, not a silent skip.
  if (req.snapshotPath) snap();

  const resolved = new Map<string, PriceRecord | PriceGap>();
  const answerProblems = new Map<string, string>();
  const dropped: DroppedRow[] = [];
  const lookup = (term: Term) => (key: string): PriceRecord | PriceGap => {
    const memo = `${term}|${key}`;
    const known = resolved.get(memo);
    if (known) return known;
    const value = resolveOne(key, term);
    resolved.set(memo, value);
    return value;
  };
  const resolveOne = (key: string, term: Term): PriceRecord | PriceGap => {
    if (!where) return { gap: { kind: "region-not-priced", region: req.region } };
    const item = itemOfKey(model, where, key);
    if (!item) return { gap: { kind: "unknown-type", item: key } };
    const answer = answers.get(key);
    if (answer) {
      const r = resolveAnswer(item, answer.entries, term, { origin: answer.origin, asOf: answer.asOf, source: "AWS Price List Query API (GetProducts)" });
      dropped.push(...r.dropped);
      if ("price" in r) return r.price;
      // "No product" and "not on this term" are AWS's answers. Anything else (a $0, several products, an entry
      // that cannot be read) is no price: the snapshot's is used, and the notice says why.
      if (r.gap.kind === "not-in-prices" || r.gap.kind === "no-term") return { gap: r.gap };
      answerProblems.set(key, describeGap(r.gap));
      const stored = snap();
      if (stored) {
        const s = snapshotPrice(stored, key, term, dropped);
        if (!("gap" in s)) return s;
      }
      return { gap: r.gap };
    }
    const stored = snap();
    if (!stored) return { gap: { kind: "not-in-prices", item: key, region: req.region, term } };
    return snapshotPrice(stored, key, term, dropped);
  };

  return {
    region: req.region,
    items,
    lookup,
    dropped,
    notice,
    notices,
    ...(liveReason ? { liveReason } : {}),
    answerProblems,
    snapshot: snap,
    ageHours: (key) => answers.get(key)?.ageHours,
    model,
    known: Boolean(where),
  };
}

/** Load both books for a plan. The SDK is loaded only when an item is neither in a fresh cache nor asked offline. */
export async function loadPriceBooks(req: PriceBooksRequest, guidePrices: GuidePrices): Promise<PriceBooks> {
  const table = await loadPriceTable(req);
  const { items, lookup, dropped, notice, notices, liveReason, model } = table;
  // Resolve the plan's own items now, so that the book can say where its prices came from, and the notices be said.
  const bookLookup = lookup(req.term);
  const used = items.map((item) => ({ key: item.key, value: bookLookup(item.key) }));
  for (const d of dropped) notice(`dropped a $0 price for ${d.item} (${d.term}${d.sku ? `, SKU ${d.sku}` : ""}): $0 is not a price`);
  const priced = used.filter((u): u is { key: string; value: PriceRecord } => !("gap" in u.value));
  const fromSnapshot = priced.filter((u) => u.value.provenance.origin === "snapshot").map((u) => u.key);
  const stored = fromSnapshot.length ? table.snapshot() : undefined;
  const problems = new Map([...table.answerProblems].filter(([k]) => fromSnapshot.includes(k)));
  const why = liveReason ?? (problems.size ? summarise(problems) : undefined);
  if (fromSnapshot.length && why && req.live) {
    const all = fromSnapshot.length === items.length;
    // The bundled file's date is when it was compiled; each of its prices carries its own source's date (the report's).
    const snapshot = stored?.userFile ? `--prices snapshot of ${stored.file.asOf}` : `bundled snapshot (compiled ${stored?.file.asOf ?? "?"}; each price dated by its source)`;
    notice(`AWS prices ${all ? "" : `for ${listKeys(fromSnapshot)} `}from the ${snapshot}: live prices unavailable (${why})`);
  }
  const source = bookSource(priced.map((p) => p.value), req.region, req.term);
  if (source.origin === "cache") source.ageHours = Math.max(...priced.map((p) => table.ageHours(p.key) ?? 0));
  const freeGB = {
    cloudfront: model.items.cloudfront.freeGBPerMonth ?? 0,
    dataTransfer: model.items["data-transfer-out"].freeGBPerMonth ?? 0,
    logs: model.items.logs.freeGBPerMonth ?? 0,
  };
  const aws = memoized(awsPriceBook({ source, lookup: bookLookup, freeGB }));
  const onDemand = req.term === "on-demand" ? aws : memoized(awsPriceBook({ source: { ...source, term: "on-demand" }, lookup: lookup("on-demand"), freeGB }));
  const guide = memoized(guidePriceBook(guidePrices, req.term, req.region, onDemand));
  const missing = used.filter((u) => "gap" in u.value).map((u) => u.key);
  const books: PriceBooks = { aws, guide, notices, missing };
  if (items.length > 0 && priced.length === 0) {
    const why = !table.known ? `${req.region} is not a priced region` : req.live ? `live prices unavailable (${liveReason ?? "no answer"})` : "offline";
    books.unavailable = `${why}, and no stored price for ${req.region}`;
  }
  return books;
}

/** The origin and date a book reports: the oldest kind among its prices (snapshot, then cache, then live). */
function bookSource(prices: readonly PriceRecord[], region: string, term: Term): BookSource {
  const origins = new Set(prices.map((p) => p.provenance.origin));
  const origin: PriceOrigin = origins.has("snapshot") ? "snapshot" : origins.has("cache") ? "cache" : "live";
  const asOf = prices.filter((p) => p.provenance.origin === origin).map((p) => p.provenance.asOf).sort()[0] ?? "";
  return { origin, region, term, asOf };
}

/** Why an answer held no usable price, in a few words. */
function describeGap(gap: PriceGap["gap"]): string {
  switch (gap.kind) {
    case "zero-price":
      return "the price list gives $0, which is not a price";
    case "ambiguous":
      return `${gap.candidates} products match, expected 1 (they differ in ${gap.differIn.join(", ") || "nothing"})`;
    case "unreadable":
      return `an answer that cannot be read (${gap.problem})`;
    default:
      return gap.kind;
  }
}

function listKeys(keys: readonly string[]): string {
  return keys.length <= 4 ? keys.join(", ") : `${keys.slice(0, 3).join(", ")} and ${keys.length - 3} more`;
}

/** One phrase for the live failures: the reason where all share it, else the first two items' and a count. */
function summarise(failures: Map<string, string>): string {
  const reasons = new Set(failures.values());
  if (reasons.size === 1) return [...reasons][0];
  const listed = [...failures].slice(0, 2).map(([key, why]) => `${key}: ${why}`);
  return `${listed.join("; ")}${failures.size > 2 ? `; and ${failures.size - 2} more` : ""}`;
}
