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
