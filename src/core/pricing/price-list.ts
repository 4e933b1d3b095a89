// Reading GetProducts answers: exactly one product per item, its OnDemand or Reserved term, tiers in order,
// units checked, and never a $0 taken for a price. Pure. The traps it guards against: shared/pricing notes section 4.
import type { GapReason, Provenance, Term, Tier } from "../facts.js";
import { RESERVABLE, type PriceItem } from "./aws-items.js";

export interface PriceDimension {
  unit?: string;
  beginRange?: string;
  endRange?: string;
  description?: string;
  pricePerUnit?: { USD?: string };
}

export interface OfferTerm {
  priceDimensions?: Record<string, PriceDimension>;
  termAttributes?: Record<string, string>;
  effectiveDate?: string;
}

export interface PriceListEntry {
  product: { sku: string; productFamily?: string; attributes: Record<string, string> };
  serviceCode?: string;
  terms: { OnDemand?: Record<string, OfferTerm>; Reserved?: Record<string, OfferTerm> };
  version?: string;
  publicationDate?: string;
}

/** A usable price: tiers (one tier from 0 to Infinity for a flat price) and where it came from. */
export interface PriceRecord {
  tiers: Tier[];
  provenance: Provenance;
}

/** A $0 row that was dropped: never a price. */
export interface DroppedRow {
  item: string;
  sku: string;
  term: Term;
}

export type Resolved = { price: PriceRecord; dropped: DroppedRow[] } | { gap: GapReason; dropped: DroppedRow[] };

/** Only decimal notation is a price: "0.0416000000", "494", never "0x10", "1e3", " 5" or "-1". */
export const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** A decimal string's value, or undefined where it is not plain decimal notation. */
export function parseDecimal(text: unknown): number | undefined {
  if (typeof text !== "string" || !DECIMAL.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const HOURS_PER_TERM: Record<string, number> = { "1yr": 8760, "3yr": 26_280 };
const PURCHASE_PREFERENCE = ["No Upfront", "Partial Upfront", "All Upfront"] as const;

export interface AnswerContext {
  origin: "live" | "cache";
  /** ISO date of the answer (today for live, the fetch date for a cache). */
  asOf: string;
  source: string;
}

type PriceOrGap = { price: PriceRecord } | { gap: GapReason };

/** The item's price on a term from a GetProducts answer: one product, its term, no $0; else a typed gap. */
export function resolveAnswer(item: PriceItem, entries: readonly PriceListEntry[], term: Term, ctx: AnswerContext): Resolved {
  const dropped: DroppedRow[] = [];
  const bySku = new Map<string, PriceListEntry>();
  for (const e of entries) if (!bySku.has(e.product.sku)) bySku.set(e.product.sku, e);
  if (bySku.size === 0) return { gap: { kind: "not-in-prices", item: item.key, region: regionOf(item), term }, dropped };
  const tried = [...bySku.values()].map((entry) => ({ entry, result: priceOf(item, entry, RESERVABLE.has(item.kind) ? term : "on-demand", ctx, dropped) }));
  const usable = tried.filter((t): t is { entry: PriceListEntry; result: { price: PriceRecord } } => "price" in t.result);
  if (usable.length === 1) return { price: usable[0].result.price, dropped };
  if (usable.length > 1) {
    return { gap: { kind: "ambiguous", item: item.key, candidates: usable.length, differIn: differingAttributes(usable.map((u) => u.entry)) }, dropped };
  }
  const gaps = tried.map((t) => (t.result as { gap: GapReason }).gap);
  const order: GapReason["kind"][] = ["zero-price", "no-term", "unreadable"];
  for (const kind of order) {
    const g = gaps.find((x) => x.kind === kind);
    if (g) return { gap: g, dropped };
  }
  return { gap: gaps[0], dropped };
}

function regionOf(item: PriceItem): string {
  return item.request.Filters.find((f) => f.Field === "regionCode" || f.Field === "fromRegionCode")?.Value ?? "global";
}

/** The attributes in which the candidate products differ (what a narrower filter would need). */
export function differingAttributes(candidates: readonly PriceListEntry[]): string[] {
  const keys = new Set(candidates.flatMap((c) => Object.keys(c.product.attributes)));
  return [...keys].filter((k) => new Set(candidates.map((c) => c.product.attributes[k])).size > 1).sort();
}

function priceOf(item: PriceItem, entry: PriceListEntry, term: Term, ctx: AnswerContext, dropped: DroppedRow[]): PriceOrGap {
  const sku = entry.product.sku;
  const provenance = (extra: Partial<Provenance> = {}): Provenance => ({ origin: ctx.origin, source: ctx.source, asOf: ctx.asOf, sku, confirmed: true, ...extra });
  const unreadable = (problem: string): PriceOrGap => ({ gap: { kind: "unreadable", item: item.key, problem } });
  if (term !== "on-demand") return reservedPrice(item, entry, term, provenance, dropped);
  const terms = Object.values(entry.terms.OnDemand ?? {});
  if (terms.length !== 1) return unreadable(`on-demand-terms:${terms.length}`);
  const tiers = tiersOf(item, Object.values(terms[0].priceDimensions ?? {}));
  if ("problem" in tiers) return unreadable(tiers.problem);
  const priced = tiers.tiers.filter((t) => t.usdPerGB > 0);
  if (priced.length < tiers.tiers.length) dropped.push({ item: item.key, sku, term });
  if (priced.length === 0) return { gap: { kind: "zero-price", item: item.key } };
  if (!contiguous(priced)) return { gap: { kind: "zero-price", item: item.key } };
  if (!item.tiered && priced.length > 1) return unreadable(`tiers:${priced.length}`);
  return { price: { tiers: priced, provenance: provenance() } };
}

/** Tiers from price dimensions, sorted; a problem where a unit, range or price cannot be read. */
function tiersOf(item: PriceItem, dims: PriceDimension[]): { tiers: Tier[] } | { problem: string } {
  if (dims.length === 0) return { problem: "no-price-dimensions" };
  const tiers: Tier[] = [];
  for (const d of dims) {
    if (d.unit !== item.unit) return { problem: `unit:${d.unit ?? "?"}` };
    const usd = parseDecimal(d.pricePerUnit?.USD);
    const from = parseDecimal(d.beginRange ?? "0");
    const to = d.endRange === undefined || d.endRange === "Inf" ? Infinity : parseDecimal(d.endRange);
    if (usd === undefined) return { problem: `price:${JSON.stringify(d.pricePerUnit?.USD ?? null)}` };
    if (from === undefined || to === undefined || to <= from) return { problem: `range:${d.beginRange ?? ""}-${d.endRange ?? ""}` };
    tiers.push({ fromGB: from, toGB: to, usdPerGB: usd });
  }
  tiers.sort((a, b) => a.fromGB - b.fromGB);
  if (!contiguous(tiers)) return { problem: "tiers-not-contiguous" };
  return { tiers };
}

/** Tiers that cover 0 to Infinity with no gap or overlap. */
function contiguous(tiers: readonly Tier[]): boolean {
  let at = 0;
  for (const t of tiers) {
    if (t.fromGB !== at) return false;
    at = t.toGB;
  }
  return at === Infinity;
}

/** Reserved standard term: No Upfront where offered and not $0, else an upfront fee spread over the term's hours. */
function reservedPrice(item: PriceItem, entry: PriceListEntry, term: Term, provenance: (extra?: Partial<Provenance>) => Provenance, dropped: DroppedRow[]): PriceOrGap {
  const lease = term === "reserved-1yr" ? "1yr" : "3yr";
  const hours = HOURS_PER_TERM[lease];
  const offers = Object.values(entry.terms.Reserved ?? {}).filter(
    (t) => t.termAttributes?.LeaseContractLength === lease && (t.termAttributes?.OfferingClass ?? "standard") === "standard",
  );
  let sawZero = false;
  for (const option of PURCHASE_PREFERENCE) {
    const offer = offers.find((t) => t.termAttributes?.PurchaseOption === option);
    if (!offer) continue;
    const dims = Object.values(offer.priceDimensions ?? {});
    let upfrontUSD = 0;
    let hourlyUSD = 0;
    for (const d of dims) {
      const usd = parseDecimal(d.pricePerUnit?.USD);
      if (usd === undefined) return { gap: { kind: "unreadable", item: item.key, problem: `price:${JSON.stringify(d.pricePerUnit?.USD ?? null)}` } };
      if (d.unit === "Quantity") upfrontUSD += usd;
      else if (d.unit === item.unit) hourlyUSD += usd;
      else return { gap: { kind: "unreadable", item: item.key, problem: `unit:${d.unit ?? "?"}` } };
    }
    const perHour = hourlyUSD + upfrontUSD / hours;
    if (!(perHour > 0)) {
      // A reserved rate of $0 (or an All Upfront offer with no fee) is not a price (planning-model v2 section 3).
      sawZero = true;
      dropped.push({ item: item.key, sku: entry.product.sku, term });
      continue;
    }
    const tiers = [{ fromGB: 0, toGB: Infinity, usdPerGB: perHour }];
    return { price: { tiers, provenance: option === "No Upfront" ? provenance() : provenance({ upfrontSpread: { upfrontUSD, hours } }) } };
  }
  if (sawZero) return { gap: { kind: "zero-price", item: item.key } };
  return { gap: { kind: "no-term", item: item.key, term } };
}
