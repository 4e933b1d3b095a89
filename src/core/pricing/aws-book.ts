// AWS's price book (planning-model v2, section 3), answering from a lookup of item prices for one region and
// term: the live API's, the cache's or the snapshot's, whichever io found. Pure; never answers $0.
import type { BookSource, CacheEngine, PriceGap, PriceUnit, Priced, StorageType, TieredPrice, UnitPrice } from "../facts.js";
import { burstableFamily, deploymentOf, itemKey } from "./aws-items.js";
import type { PriceBook } from "./book.js";
import type { PriceRecord } from "./price-list.js";

export interface AwsBookInput {
  source: BookSource;
  /** The price of an item key on the book's region and term, or why there is none. */
  lookup: (key: string) => PriceRecord | PriceGap;
  /** Allowances AWS gives each account a month before the tiers apply (models/aws-price-filters.json). */
  freeGB: { cloudfront: number; dataTransfer: number; logs: number };
}

/** A flat price's rate, or a gap where a record holds tiers or a $0 (defence in depth: io drops those). */
function unit(p: PriceRecord | PriceGap, key: string, per: PriceUnit): Priced {
  if ("gap" in p) return p;
  const rate = p.tiers[0]?.usdPerGB;
  if (p.tiers.length !== 1 || !(rate > 0)) return { gap: { kind: "zero-price", item: key } };
  return { usd: rate, per, provenance: p.provenance } satisfies UnitPrice;
}

function tiered(p: PriceRecord | PriceGap, key: string, per: TieredPrice["per"], freeGB: number): Priced<TieredPrice> {
  if ("gap" in p) return p;
  if (p.tiers.length === 0 || p.tiers.some((t) => !(t.usdPerGB > 0))) return { gap: { kind: "zero-price", item: key } };
  return { tiers: p.tiers, per, freeGB, ...(freeGB > 0 ? { freeAllowance: "per-account" as const } : {}), provenance: p.provenance };
}

/** Build AWS's price book over a lookup; an item the lookup lacks is the lookup's gap. */
export function awsPriceBook({ source, lookup, freeGB }: AwsBookInput): PriceBook {
  const get = (key: string) => lookup(key);
  return {
    name: "aws",
    source,
    compute: (type) => {
      const key = itemKey("ec2", { type });
      return unit(get(key), key, "hour");
    },
    cpuCredit: (type) => {
      const family = burstableFamily(type);
      if (!family) return null;
      const key = itemKey("cpu-credit", { family });
      return unit(get(key), key, "vCPU-hour");
    },
    rootVolume: () => {
      const key = itemKey("ebs", { storageType: "gp3" });
      return unit(get(key), key, "GB-month");
    },
    database: (cls, multiAz) => {
      const key = itemKey("rds", { type: cls, deployment: deploymentOf(multiAz) });
      return unit(get(key), key, "hour");
    },
    databaseStorage: (storageType: StorageType, multiAz) => {
      const key = itemKey("rds-storage", { storageType, deployment: deploymentOf(multiAz) });
      return unit(get(key), key, "GB-month");
    },
    cacheNode: (type, engine: CacheEngine) => {
      const key = itemKey("elasticache", { type, engine });
      return unit(get(key), key, "hour");
    },
    objectStorage: () => tiered(get("s3"), "s3", "GB-month", 0),
    cdnTransfer: () => tiered(get("cloudfront"), "cloudfront", "GB", freeGB.cloudfront),
    loadBalancer: () => unit(get("alb"), "alb", "hour"),
    loadBalancerCapacityUnit: () => unit(get("alb-lcu"), "alb-lcu", "LCU-hour"),
    dataTransferOut: () => tiered(get("data-transfer-out"), "data-transfer-out", "GB", freeGB.dataTransfer),
    logsIngestion: () => tiered(get("logs"), "logs", "GB", freeGB.logs),
  };
}
