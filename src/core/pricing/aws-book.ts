// AWS's price book, from the quotes of the items a stack needs (live, cache or snapshot). Pure.
import type { Term } from "../profile/schema.js";
import { unitUSD } from "../../present/format.js";
import { HOURS_PER_MONTH } from "../units.js";
import { itemKey, type ItemKind, type ItemParams } from "./aws-items.js";
import type { PriceBook, PriceGap, PriceOrigin, PriceSource, Priced, TieredPrice } from "./price-book.js";
import type { Quote } from "./price-list.js";

/** A quote with where it came from. */
export interface SourcedQuote extends Quote {
  origin: Exclude<PriceOrigin, "guide">;
  /** ISO date of the answer: the snapshot's date, the cache's fetch, today for live. */
  asOf: string;
  /** What the snapshot says of this price (e.g. "UNCONFIRMED: ..."). */
  provenanceNote?: string;
  /** For a cached answer: its age in hours. */
  ageHours?: number;
}

/** Per item key: its quote, or why there is none. */
export type QuoteMap = Map<string, SourcedQuote | PriceGap>;

export interface AwsBookInput {
  quotes: QuoteMap;
  source: PriceSource;
  cdnFreeGB: number;
}

/** Build AWS's price book; an item without a quote is a gap that says why. */
export function awsPriceBook({ quotes, source, cdnFreeGB }: AwsBookInput): PriceBook {
  const get = (kind: ItemKind, params: ItemParams = {}): SourcedQuote | PriceGap => {
    const key = itemKey(kind, params);
    return quotes.get(key) ?? { gap: `no AWS price for ${key}` };
  };
  const ref = (q: SourcedQuote) =>
    [`SKU ${q.sku}`, `${q.origin} ${q.asOf}`, q.termNote, q.provenanceNote].filter(Boolean).join("; ");
  const hourly = (q: SourcedQuote | PriceGap, what: string): Priced => {
    if ("gap" in q) return q;
    const rate = q.tiers[0].usdPerGB;
    return { monthlyUSD: rate * HOURS_PER_MONTH, basis: `${unitUSD(rate)}/h × ${HOURS_PER_MONTH} h${what}`, ref: ref(q) };
  };
  const tiered = (q: SourcedQuote | PriceGap, freeGB: number): TieredPrice | PriceGap => {
    if ("gap" in q) return q;
    return { tiers: q.tiers, freeGB, basis: q.tiers.map((t) => `${unitUSD(t.usdPerGB)}/${q.unit} from ${t.fromGB}`).join(", "), ref: ref(q) };
  };
  const deployment = (multiAz: boolean) => (multiAz ? "Multi-AZ" : "Single-AZ");
  return {
    name: "aws",
    source,
    compute: (type) => hourly(get("ec2", { type }), ""),
    database: (type, multiAz) => hourly(get("rds", { type, deployment: deployment(multiAz) }), ""),
    databaseStorage: (storageType, multiAz) => {
      const q = get("rds-storage", { storageType, deployment: deployment(multiAz) });
      if ("gap" in q) return q;
      return { monthlyUSD: q.tiers[0].usdPerGB, basis: `${unitUSD(q.tiers[0].usdPerGB)}/GB-month`, ref: ref(q) };
    },
    cacheNode: (type) => hourly(get("elasticache", { type }), ""),
    objectStorage: () => tiered(get("s3"), 0),
    cdnTransfer: () => tiered(get("cloudfront"), cdnFreeGB),
    loadBalancer: () => hourly(get("alb"), ""),
    loadBalancerCapacityUnit: () => hourly(get("alb-lcu"), " per LCU"),
  };
}

/** The one origin and date a book reports: the oldest kind among its quotes (snapshot, then cache, then live). */
export function bookSource(quotes: QuoteMap, region: string, term: Term, notes: string[]): PriceSource {
  const sourced = [...quotes.values()].filter((q): q is SourcedQuote => !("gap" in q));
  const origins = new Set(sourced.map((q) => q.origin));
  const origin: PriceSource["origin"] = origins.has("snapshot") ? "snapshot" : origins.has("cache") ? "cache" : "live";
  const ofOrigin = sourced.filter((q) => q.origin === origin);
  const asOf = ofOrigin.map((q) => q.asOf).sort()[0] ?? "";
  const mixed = origins.size > 1 ? [`prices from ${[...origins].join(" and ")}; the oldest is reported`] : [];
  const source: PriceSource = { origin, region, term, asOf, notes: [...mixed, ...notes] };
  if (origin === "cache") source.ageHours = Math.max(...ofOrigin.map((q) => q.ageHours ?? 0));
  return source;
}
