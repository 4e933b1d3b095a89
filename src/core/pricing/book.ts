// What a price book is (planning-model v2): unit prices for the eight services, each with its unit and provenance.
// The cost code (src/core/cost.ts) asks a book one item at a time; a book never answers $0 (a gap instead).
import type { BookSource, CacheEngine, PriceGap, Priced, StorageType, Tier, TieredPrice, UnitPrice } from "../facts.js";
import { isGap } from "../facts.js";

export { isGap };

/** Unit prices for the plan's stack, in one region and on one term. */
export interface PriceBook {
  name: "guide" | "aws";
  source: BookSource;
  /** An EC2 instance: per hour on AWS's book, per month on the guide's. */
  compute(instanceType: string): Priced;
  /**
   * Surplus CPU credits of a burstable type in unlimited mode, per vCPU-hour (t3 $0.05, t4g $0.04 on Linux).
   * null: the type is not burstable, or the book does not price credits (the guide's $30 is all-in).
   */
  cpuCredit(instanceType: string): Priced | null;
  /** EBS gp3 root volumes, per GB-month; null: the book does not price them (the guide). */
  rootVolume(): Priced | null;
  /** An RDS PostgreSQL instance: per hour (AWS) or per month (the guide). */
  database(instanceClass: string, multiAz: boolean): Priced;
  /** RDS storage per GB-month; null: the book does not price storage (the guide). */
  databaseStorage(storageType: StorageType, multiAz: boolean): Priced | null;
  /** An ElastiCache node of an engine: per hour (AWS) or per month (the guide). */
  cacheNode(nodeType: string, engine: CacheEngine): Priced;
  /** S3 Standard storage, tiered per GB-month. */
  objectStorage(): Priced<TieredPrice>;
  /** CloudFront data transfer out, tiered per GB, with the always-free allowance. */
  cdnTransfer(): Priced<TieredPrice>;
  /** One Application Load Balancer: per hour (AWS) or per month (the guide, all-in). */
  loadBalancer(): Priced;
  /** ALB capacity units per LCU-hour; null: not priced separately (the guide). */
  loadBalancerCapacityUnit(): Priced | null;
  /** Data transfer out to the internet, tiered per GB, after the free 100 GB; null: not in this book (the guide). */
  dataTransferOut(): Priced<TieredPrice> | null;
  /** CloudWatch Logs ingestion per GB (one tier), after the free 5 GB; null: not in this book (the guide). */
  logsIngestion(): Priced<TieredPrice> | null;
}

export type { PriceGap, Priced, Tier, TieredPrice, UnitPrice };

/** Cost of a quantity under tiers applied in order (tiers sorted by fromGB). */
export function tieredCost(quantityGB: number, tiers: readonly Tier[]): number {
  let total = 0;
  for (const tier of [...tiers].sort((a, b) => a.fromGB - b.fromGB)) {
    if (quantityGB <= tier.fromGB) break;
    total += (Math.min(quantityGB, tier.toGB) - tier.fromGB) * tier.usdPerGB;
  }
  return total;
}

/** A book whose answers are kept: a sweep asks the same types thousands of times. */
export function memoized(book: PriceBook): PriceBook {
  const kept = new Map<string, unknown>();
  const keep = <T>(key: string, get: () => T): T => {
    if (!kept.has(key)) kept.set(key, get());
    return kept.get(key) as T;
  };
  return {
    name: book.name,
    source: book.source,
    compute: (t) => keep(`compute:${t}`, () => book.compute(t)),
    cpuCredit: (t) => keep(`credit:${t}`, () => book.cpuCredit(t)),
    rootVolume: () => keep("ebs", () => book.rootVolume()),
    database: (c, m) => keep(`database:${c}:${m}`, () => book.database(c, m)),
    databaseStorage: (t, m) => keep(`storage:${t}:${m}`, () => book.databaseStorage(t, m)),
    cacheNode: (t, e) => keep(`cache:${t}:${e}`, () => book.cacheNode(t, e)),
    objectStorage: () => keep("s3", () => book.objectStorage()),
    cdnTransfer: () => keep("cdn", () => book.cdnTransfer()),
    loadBalancer: () => keep("alb", () => book.loadBalancer()),
    loadBalancerCapacityUnit: () => keep("lcu", () => book.loadBalancerCapacityUnit()),
    dataTransferOut: () => keep("egress", () => book.dataTransferOut()),
    logsIngestion: () => keep("logs", () => book.logsIngestion()),
  };
}
