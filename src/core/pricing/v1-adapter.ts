// Bridge: a version-1 price book (monthly prices with text bases) seen through the v2 PriceBook interface.
// The v1 books price six services; the items v2 adds (root volumes, CPU credits, data transfer out, logs)
// are gaps on AWS's v1 book and "not in the guide" on the guide's. Replaced by native v2 books.
import type { GapReason, PriceOrigin, Provenance, Term, TieredPrice as TieredV2, UnitPrice as UnitV2 } from "../facts.js";
import type { PriceBook } from "./book.js";
import { isGap as isGapV1, type PriceBook as PriceBookV1, type Priced as PricedV1, type TieredPrice as TieredV1 } from "./price-book.js";

function provenance(origin: PriceOrigin, asOf: string, basis: string, ref?: string): Provenance {
  const sku = ref ? /SKU (\S+?)(;|$)/.exec(ref)?.[1] : undefined;
  return {
    origin,
    source: origin === "guide" ? basis : "AWS Price List (GetProducts answers)",
    asOf,
    confirmed: origin === "guide" ? true : !(ref ?? "").includes("UNCONFIRMED"),
    ...(sku ? { sku } : {}),
  };
}

const gapOf = (gap: string, item: string, region: string, term: Term): GapReason =>
  /^no AWS price/.test(gap) ? { kind: "not-in-prices", item, region, term } : { kind: "unavailable", item, cause: gap };

/** A v2 view of a v1 book. */
export function fromV1(v1: PriceBookV1): PriceBook {
  const { origin, region, term, asOf } = v1.source;
  const unit = (p: PricedV1, item: string): UnitV2 | { gap: GapReason } =>
    isGapV1(p) ? { gap: gapOf(p.gap, item, region, term) } : { usd: p.monthlyUSD, per: "month", provenance: provenance(origin, asOf, p.basis, p.ref) };
  const tiered = (p: TieredV1 | { gap: string }, item: string, per: "GB-month" | "GB", perAccount: boolean): TieredV2 | { gap: GapReason } =>
    "gap" in p
      ? { gap: gapOf(p.gap, item, region, term) }
      : { tiers: p.tiers, per, freeGB: p.freeGB, ...(perAccount && p.freeGB > 0 ? { freeAllowance: "per-account" as const } : {}), provenance: provenance(origin, asOf, p.basis, p.ref) };
  const missing = (item: string) => ({ gap: { kind: "not-in-prices", item, region, term } as GapReason });
  const guide = v1.name === "guide";
  return {
    name: v1.name,
    source: { origin, region, term, asOf, ...(v1.source.ageHours !== undefined ? { ageHours: v1.source.ageHours } : {}) },
    compute: (t) => unit(v1.compute(t), `ec2:${t}`),
    cpuCredit: (t) => (guide || !/^t[34]g?\./.test(t) ? null : missing(`ec2-credit:${t.split(".")[0]}`)),
    rootVolume: () => (guide ? null : missing("ebs:gp3")),
    database: (c, m) => unit(v1.database(c, m), `rds:${c}`),
    databaseStorage: (t, m) => {
      const p = v1.databaseStorage(t, m);
      return p === null ? null : isGapV1(p) ? { gap: gapOf(p.gap, `rds-storage:${t}`, region, term) } : { ...(unit(p, `rds-storage:${t}`) as UnitV2), per: "GB-month" };
    },
    cacheNode: (t, engine) => (engine === "redis" ? unit(v1.cacheNode(t), `elasticache:${t}`) : missing(`elasticache:${t}:${engine}`)),
    objectStorage: () => tiered(v1.objectStorage(), "s3", "GB-month", false),
    cdnTransfer: () => tiered(v1.cdnTransfer(), "cloudfront", "GB", true),
    loadBalancer: () => unit(v1.loadBalancer(), "alb"),
    loadBalancerCapacityUnit: () => {
      const p = v1.loadBalancerCapacityUnit();
      return p === null ? null : isGapV1(p) ? { gap: gapOf(p.gap, "alb-lcu", region, term) } : { usd: p.monthlyUSD / 730, per: "LCU-hour", provenance: provenance(origin, asOf, p.basis, p.ref) };
    },
    dataTransferOut: () => (guide ? null : missing("data-transfer-out")),
    logsIngestion: () => (guide ? null : missing("cloudwatch-logs")),
  };
}
