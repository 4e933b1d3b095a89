// What a price book is: unit prices for the six services, each saying where it came from.
import type { Term } from "../profile/schema.js";

export const SERVICE_IDS = ["ec2", "rds", "elasticache", "s3", "cloudfront", "alb"] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

export type PriceOrigin = "guide" | "live" | "cache" | "snapshot";

/** Where a whole book's prices came from, and as of when. */
export interface PriceSource {
  origin: PriceOrigin;
  region: string;
  term: Term;
  /** ISO date (or the guide's "undated") of the prices. */
  asOf: string;
  /** For a cache: its age in hours. */
  ageHours?: number;
  /** Anything the user should know about the book as a whole. */
  notes: string[];
}

/** A price per month for one unit (an instance, a node, a load balancer). */
export interface UnitPrice {
  monthlyUSD: number;
  /** How it was reached: "$0.0416/h × 730 h", or the guide's line. */
  basis: string;
  /** SKU or quote it rests on. */
  ref?: string;
}

/** A price the book does not have: never a silent $0. */
export interface PriceGap {
  gap: string;
}

export type Priced = UnitPrice | PriceGap;

export function isGap(p: Priced | TieredPrice | null): p is PriceGap {
  return p !== null && "gap" in p;
}

/** A tier of a usage-priced item, in GB; toGB is Infinity for the last tier. */
export interface Tier {
  fromGB: number;
  toGB: number;
  usdPerGB: number;
}

export interface TieredPrice {
  tiers: Tier[];
  /** GB a month that cost nothing before the tiers apply (CloudFront's always-free 1 TB). */
  freeGB: number;
  basis: string;
  ref?: string;
}

/** Unit prices for the plan's stack. Methods answer for one type at a time. */
export interface PriceBook {
  name: "guide" | "aws";
  source: PriceSource;
  compute(instanceType: string): Priced;
  database(instanceClass: string, multiAz: boolean): Priced;
  /** null: this book does not price database storage at all (the guide). */
  databaseStorage(storageType: "gp3" | "gp2", multiAz: boolean): Priced | null;
  cacheNode(nodeType: string): Priced;
  objectStorage(): TieredPrice | PriceGap;
  cdnTransfer(): TieredPrice | PriceGap;
  loadBalancer(): Priced;
  /** null: LCUs are not priced separately (the guide's ALB figure is all-in). */
  loadBalancerCapacityUnit(): Priced | null;
}

/** Cost of a quantity under tiers applied in order (tiers sorted by fromGB). */
export function tieredCost(quantityGB: number, tiers: readonly Tier[]): number {
  let total = 0;
  for (const tier of [...tiers].sort((a, b) => a.fromGB - b.fromGB)) {
    if (quantityGB <= tier.fromGB) break;
    const inTier = Math.min(quantityGB, tier.toGB) - tier.fromGB;
    total += inTier * tier.usdPerGB;
  }
  return total;
}

/** A book whose answers are kept: a sweep asks the same types thousands of times. */
export function memoized(book: PriceBook): PriceBook {
  const cache = new Map<string, unknown>();
  const keep = <T>(key: string, get: () => T): T => {
    if (!cache.has(key)) cache.set(key, get());
    return cache.get(key) as T;
  };
  return {
    name: book.name,
    source: book.source,
    compute: (t) => keep(`compute:${t}`, () => book.compute(t)),
    database: (c, m) => keep(`database:${c}:${m}`, () => book.database(c, m)),
    databaseStorage: (t, m) => keep(`storage:${t}:${m}`, () => book.databaseStorage(t, m)),
    cacheNode: (t) => keep(`cache:${t}`, () => book.cacheNode(t)),
    objectStorage: () => keep("s3", () => book.objectStorage()),
    cdnTransfer: () => keep("cdn", () => book.cdnTransfer()),
    loadBalancer: () => keep("alb", () => book.loadBalancer()),
    loadBalancerCapacityUnit: () => keep("lcu", () => book.loadBalancerCapacityUnit()),
  };
}

// ---------------------------------------------------------------------------------------------
// Bridge to the first version's cost code, until the v2 cost code (book.ts) replaces it. Not for new code.
import type { PriceBook as BookV2 } from "./book.js";
import type { Priced as PricedV2, TieredPrice as TieredV2, UnitPrice as UnitV2 } from "../facts.js";
import { guidePriceBook as guideBookV2, type GuidePrices } from "./guide-book.js";

const HOURS = 730;
const money = (n: number) => `$${n < 1 ? n.toPrecision(3).replace(/0+$/, "") : n.toFixed(2)}`;
const refOf = (p: UnitV2 | TieredV2) =>
  [p.provenance.sku ? `SKU ${p.provenance.sku}` : "", `${p.provenance.origin} ${p.provenance.asOf}`, p.provenance.confirmed ? "" : "unconfirmed"].filter(Boolean).join("; ");
const gapText = (g: { gap: { kind: string } & Record<string, unknown> }): PriceGap => ({ gap: `no price (${Object.values(g.gap).join(": ")})` });

function monthly(p: PricedV2): Priced {
  if ("gap" in p) return gapText(p);
  const per = p.per === "hour" || p.per === "LCU-hour" ? HOURS : 1;
  return { monthlyUSD: p.usd * per, basis: per === 1 ? `${money(p.usd)}/${p.per}` : `${money(p.usd)}/h × ${HOURS} h`, ref: refOf(p) };
}

/** The first version's book over a v2 book (kept as `v2`). */
export function legacyBook(book: BookV2): PriceBook & { v2: BookV2 } {
  const tiered = (p: PricedV2<TieredV2>): TieredPrice | PriceGap =>
    "gap" in p ? gapText(p) : { tiers: p.tiers, freeGB: p.freeGB, basis: p.tiers.map((t) => `${money(t.usdPerGB)}/GB from ${t.fromGB}`).join(", "), ref: refOf(p) };
  const source: PriceSource = { ...book.source, notes: [] };
  return {
    v2: book,
    name: book.name,
    source,
    compute: (t) => monthly(book.compute(t)),
    database: (c, m) => monthly(book.database(c, m)),
    databaseStorage: (t, m) => {
      const p = book.databaseStorage(t, m);
      return p === null ? null : monthly(p);
    },
    cacheNode: (t) => monthly(book.cacheNode(t, "redis")),
    objectStorage: () => tiered(book.objectStorage()),
    cdnTransfer: () => tiered(book.cdnTransfer()),
    loadBalancer: () => monthly(book.loadBalancer()),
    loadBalancerCapacityUnit: () => {
      const p = book.loadBalancerCapacityUnit();
      return p === null ? null : monthly(p);
    },
  };
}

/** The guide's book in the first version's shape; `aws` gives the ratios for other types. */
export function legacyGuideBook(data: GuidePrices, term: Term, region: string, aws?: PriceBook): PriceBook {
  return legacyBook(guideBookV2(data, term, region, (aws as { v2?: BookV2 } | undefined)?.v2));
}
