// The typed facts the core returns and the presentation layer turns into words (docs/planning-model.md).
// No English here: every sentence about these values is made in src/present/.
// This file is the contract between core, io and present: change it additively.

export const SERVICE_IDS = ["ec2", "rds", "elasticache", "s3", "cloudfront", "alb", "dataTransfer", "cloudwatch"] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

export const TERMS = ["on-demand", "reserved-1yr", "reserved-3yr"] as const;
export type Term = (typeof TERMS)[number];

export const STORAGE_TYPES = ["gp3", "gp2"] as const;
export type StorageType = (typeof STORAGE_TYPES)[number];

export const CACHE_ENGINES = ["redis", "valkey"] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];

export const CHECK_IDS = [
  "throughput",
  "db-connections",
  "db-load",
  "db-memory",
  "cache-memory",
  "instance-memory",
  "burstable-credits",
  "budget",
  "guide",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];
export type CheckLevel = "ok" | "warn" | "fail";

// ---------------------------------------------------------------------------------------------
// Prices

/** Where a book's prices came from. "guide": the guide's own figures (models/guide-prices.json). */
export type PriceOrigin = "guide" | "live" | "cache" | "snapshot";

/** Rules that reach one price from another (see Provenance.rule). */
export const RULE_IDS = ["valkey-below-redis", "guide-reserved", "multi-az-double", "gp3-same-as-gp2", "size-flexible"] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** Where one price came from, and as of when. */
export interface Provenance {
  origin: PriceOrigin;
  /** The document or data file that states the price (a source id of the snapshot, the guide's quote, "AWS Price List API"). */
  source: string;
  /** ISO date (YYYY-MM-DD) of that source; "undated" for the guide. */
  asOf: string;
  sku?: string;
  /** Seen in a raw price-list answer (false: from a published table or a third-party data file). */
  confirmed: boolean;
  /** A reserved rate reached by spreading an upfront fee over the term's hours. */
  upfrontSpread?: { upfrontUSD: number; hours: number };
  /** A guide price for a type the guide does not name: the guide's price × AWS's list-price ratio. */
  derived?: { fromType: string; guideUSD: number; ratio: number };
  /**
   * A price reached from another by a rule a cited statement gives (additive, prices branch):
   * "valkey-below-redis" (AWS: Valkey nodes up to 20% below Redis OSS, factor 0.8, from the Redis item),
   * "guide-reserved" (the guide's "Reserved Instances for 40% savings", factor 0.6),
   * "multi-az-double" (RDS Multi-AZ at twice Single-AZ: instance hours on every term, and storage; factor 2, or 0.5
   * for a Single-AZ storage rate reached from a stated Multi-AZ one),
   * "gp3-same-as-gp2" (RDS gp3 storage at the gp2 price of the same region and deployment; factor 1),
   * "size-flexible" (an RDS reserved rate at its share, in normalized units, of a stated size of the same class type,
   * region and deployment: db.m5.8xlarge = 2 × db.m5.4xlarge).
   */
  rule?: {
    id: RuleId;
    factor: number;
    from?: string;
    source?: string;
    /** The rule that gave the price this one is derived from, when that one is derived too. */
    fromRule?: { id: RuleId; factor: number; from: string };
  };
  /** A reserved rate given as an effective hourly rate, its upfront fee already spread over `hours` (additive). */
  effectiveRate?: { option: "Partial Upfront" | "All Upfront"; hours: number };
}

export type PriceUnit = "hour" | "month" | "GB-month" | "GB" | "LCU-hour" | "vCPU-hour";

/** One unit price, with its unit and its provenance. */
export interface UnitPrice {
  usd: number;
  per: PriceUnit;
  provenance: Provenance;
}

/** A tier of a usage-priced item, in GB; toGB is Infinity for the last tier. */
export interface Tier {
  fromGB: number;
  toGB: number;
  usdPerGB: number;
}

export interface TieredPrice {
  tiers: Tier[];
  per: "GB-month" | "GB";
  /** GB a month that cost nothing before the tiers apply. */
  freeGB: number;
  /** Whose allowance it is: one per account (CloudFront's always-free 1 TB, data transfer's 100 GB, logs' 5 GB). */
  freeAllowance?: "per-account";
  provenance: Provenance;
}

/** Why a snapshot lists a price as missing, where it is not on offer at all (see GapReason "not-in-prices"). */
export const NOT_IN_PRICES_WHYS = ["no-public-source", "not-sold"] as const;
export type NotInPricesWhy = (typeof NOT_IN_PRICES_WHYS)[number];

/** Why there is no price: never a silent $0. */
export type GapReason =
  // the snapshot, cache or API has no such product; a snapshot may say why (no public source states it, AWS does not sell it)
  | { kind: "not-in-prices"; item: string; region: string; term: Term; why?: NotInPricesWhy }
  | { kind: "no-term"; item: string; term: Term } // the product exists, but not on this reserved term
  | { kind: "zero-price"; item: string } // the only price found was $0
  | { kind: "unknown-type"; item: string } // not in the catalogue
  | { kind: "ambiguous"; item: string; candidates: number; differIn: string[] }
  | { kind: "unreadable"; item: string; problem: string } // an answer that could not be read
  | { kind: "unavailable"; item: string; cause: string } // no source answered
  | { kind: "needs-aws-price"; item: string; fromType: string } // a guide price derived from AWS's ratio, without AWS's price
  | { kind: "region-not-priced"; region: string };

export interface PriceGap {
  gap: GapReason;
}

export type Priced<T = UnitPrice> = T | PriceGap;

export function isGap<T>(p: Priced<T> | null): p is PriceGap {
  return p !== null && typeof p === "object" && "gap" in p;
}

// ---------------------------------------------------------------------------------------------
// Sizing

export type SizedComponent = "instances" | "database" | "cache";

/** Why a sized component was chosen: the rule that bound it, what was needed and what the choice offers. */
export interface SizingChoice {
  component: SizedComponent;
  chosen: string;
  /**
   * "peak-rps": instances from peak RPS at target utilization; "min-instances": the floor bound;
   * "smallest-fit": the smallest catalogue entry meeting every need; "nothing-fits": the largest, and the way out.
   */
  rule: "peak-rps" | "min-instances" | "smallest-fit" | "nothing-fits";
  /** What bound the choice (for smallest-fit / nothing-fits): e.g. "connections", "load", "memory", "minMemory", "cacheMemory". */
  binding?: string[];
  needed: Record<string, number>;
  offered: Record<string, number>;
  /** For nothing-fits: the ways out, as ids the presentation names. */
  waysOut?: WayOut[];
}

export type WayOut = "pgbouncer-or-rds-proxy" | "fewer-connections" | "larger-class" | "read-replicas" | "shard-cache" | "cache-less" | "larger-instance" | "more-instances";

// ---------------------------------------------------------------------------------------------
// Cost

/** One priced part of a service. */
export interface CostLine {
  part:
    | "instance-hours"
    | "root-volumes"
    | "cpu-credits"
    | "db-instance-hours"
    | "db-storage"
    | "node-hours"
    | "tiered-usage"
    | "alb-hours"
    | "lcu-hours"
    | "flat";
  /** Type or item this line prices (t3.medium, db.r5.2xlarge Single-AZ, gp3...). */
  what: string;
  quantity: number;
  /** Unit of the quantity: "instance-months", "GB-month", "GB", "vCPU-hours", "LCU-hours", "hours", "nodes"... */
  unit: string;
  price: UnitPrice | TieredPrice;
  /** Allowance taken off before the tiers (tiered lines). */
  freeGB?: number;
  /** What the allowance saved. */
  freeUSD?: number;
  monthlyUSD: number;
}

/** Things a service's cost wants a reader to know, as ids. */
export type CostNote =
  | "guide-leaves-out-storage"
  | "includes-storage"
  | "unconfirmed-price"
  | "free-allowance-per-account"
  | "upfront-spread"
  | "guide-reserved-terms-alike"
  | "derived-from-guide"
  | "not-in-guide";

export interface ServiceCost {
  id: ServiceId;
  /** null where there is no price (see gap) or where the book does not cover the service (notInGuide). */
  monthlyUSD: number | null;
  quantity: number;
  unit: string;
  lines: CostLine[];
  gap?: GapReason;
  /** The guide's book does not price this service: outside its total, never $0, not a gap. */
  notInGuide?: true;
  notes: CostNote[];
}

export interface BookSource {
  origin: PriceOrigin;
  region: string;
  term: Term;
  /** ISO date of the prices (the oldest source's date for a snapshot), "undated" for the guide. */
  asOf: string;
  /** For a cache: its age in hours. */
  ageHours?: number;
}

export interface CostEstimate {
  book: "guide" | "aws";
  source: BookSource;
  services: Record<ServiceId, ServiceCost>;
  /** Sum of the priced services; with gaps a lower bound. */
  totalMonthlyUSD: number;
  complete: boolean;
  gaps: ServiceId[];
}

// ---------------------------------------------------------------------------------------------
// Checks: each a level and the numbers it compared.

export interface CheckFactsById {
  throughput: {
    peakRps: number;
    instances: number;
    rpsPerInstance: number;
    capacityRps: number;
    utilization: number;
    targetUtilization: number;
    /** Instances needed to stay at the target. */
    neededInstances: number;
  };
  "db-connections": {
    connections: number;
    instances: number;
    processes: number;
    poolSize: number;
    instanceClass: string;
    maxConnections: number;
    share: number;
    warnShare: number;
    /** The smallest class that would hold them with headroom, or null when none does. */
    largerClass: string | null;
  };
  "db-load": {
    dbPeakQps: number;
    instanceClass: string;
    vcpu: number;
    qpsPerVcpu: number;
    utilization: number;
    targetUtilization: number;
    largerClass: string | null;
  };
  "db-memory": { workingSetGB: number; instanceClass: string; memoryGB: number; share: number; largerClass: string | null };
  "cache-memory": {
    redisMemoryGB: number;
    nodeType: string;
    memoryGiB: number;
    usableGB: number;
    reservedShare: number;
    share: number;
    /** The smallest node that holds it, or null when no single node does. */
    fitsIn: string | null;
  };
  "instance-memory": { processes: number; memoryMB: number; neededMB: number; instanceType: string; availableMB: number };
  "burstable-credits": {
    instanceType: string;
    burstable: boolean;
    backendCpuShare: number;
    baseline: number;
    surplusVcpuHours: number;
    /** The surplus credits' monthly cost on the book in use; null where unpriced. */
    monthlyUSD: number | null;
  };
  budget: {
    budgetUSD: number;
    totalUSD: number;
    book: "guide" | "aws";
    origin: PriceOrigin;
    complete: boolean;
    gaps: ServiceId[];
    /** "within", "over" (even the priced part is over), or "cannot-check" (gaps, and the priced part is within). */
    state: "within" | "over" | "cannot-check";
  };
  guide: {
    users: number;
    statedUsers: number;
    /** false when the plan is not for the guide's user count: nothing compared. */
    applies: boolean;
    compared: number;
    differing: { id: GuideFigureId; stated: number; derived: number }[];
  };
}

export type Check = { [K in CheckId]: { id: K; level: CheckLevel; facts: CheckFactsById[K] } }[CheckId];

// ---------------------------------------------------------------------------------------------
// The guide's reconciliation (docs/planning-model.md section 4)

export type GuideFigureId = "dau" | "avgRps" | "dbConnections" | "redisMemoryGB" | "storageGB" | "dbMemoryGiB" | "totalMonthlyUSD";

export interface ReconciliationRow {
  id: GuideFigureId;
  quote: string;
  stated: number;
  derived: number;
  /** Within 5% of what the assumptions give. */
  follows: boolean;
  /** Inputs a sentence explaining the difference needs (e.g. requestsPerDau, perUserGB, instanceClass). */
  why: Record<string, number | string>;
}

// ---------------------------------------------------------------------------------------------
// What the total leaves out (docs/planning-model.md section 3), as ids.

export const NOT_INCLUDED = [
  "nat-gateways",
  "public-ipv4",
  "s3-requests",
  "cloudfront-requests",
  "cross-az-traffic",
  "backups-beyond-free",
  "route53",
  "waf",
  "support-plan",
] as const;
export type NotIncludedId = (typeof NOT_INCLUDED)[number];
