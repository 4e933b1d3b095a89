// The guide's price book (planning-model v2, section 3): its round figures (models/guide-prices.json), reserved
// terms at x0.6. The guide prices one type per service; another type (or the other cache engine) is priced by
// AWS's list-price ratio to the guide's type, as derived. What the guide does not price is null, never $0. Pure.
import type { BookSource, CacheEngine, Priced, Provenance, Term, UnitPrice } from "../facts.js";
import { isGap, type PriceBook } from "./book.js";

/** The guide's own prices, as models/guide-prices.json holds them. */
export interface GuidePrices {
  asOf: string;
  prices: {
    ec2: { instanceType: string; monthlyUSD: number; quote: string };
    rds: { instanceClass: string; monthlyUSD: number; quote: string };
    elasticache: { nodeType: string; monthlyUSD: number; quote: string };
    s3: { usdPerGBMonth: number; quote: string };
    cloudfront: { usdPerGB: number; quote: string };
    alb: { monthlyUSD: number; quote: string };
  };
  reserved: { multiplier: number; services: string[]; quote: string };
}

/**
 * Build the guide's book for a term and region. `reference` is AWS's on-demand book in the same region: the
 * ratio of list prices is taken on-demand whatever the term, and the guide's own reserved rule applies on top.
 */
export function guidePriceBook(data: GuidePrices, term: Term, region: string, reference?: PriceBook): PriceBook {
  const { prices } = data;
  const source: BookSource = { origin: "guide", region, term, asOf: "undated" };
  const quoted = (quote: string, extra: Partial<Provenance> = {}): Provenance => ({ origin: "guide", source: quote, asOf: "undated", confirmed: false, ...extra });
  const reserved = (service: string, p: UnitPrice): UnitPrice => {
    if (term === "on-demand" || !data.reserved.services.includes(service)) return p;
    const m = data.reserved.multiplier;
    return { ...p, usd: p.usd * m, provenance: { ...p.provenance, rule: { id: "guide-reserved", factor: m, source: data.reserved.quote } } };
  };

  /** The guide's price for its own type, or one derived from AWS's on-demand ratio between the two. */
  const perType = (service: string, item: string, guideItem: string, guideUSD: number, quote: string, list: ((x: string) => Priced) | undefined): Priced => {
    if (item === guideItem) return reserved(service, { usd: guideUSD, per: "month", provenance: quoted(quote) });
    const theirs = list?.(item);
    const ours = list?.(guideItem);
    if (!theirs || !ours || isGap(theirs) || isGap(ours)) return { gap: { kind: "needs-aws-price", item, fromType: guideItem } };
    const ratio = theirs.usd / ours.usd;
    return reserved(service, { usd: guideUSD * ratio, per: "month", provenance: quoted(quote, { derived: { fromType: guideItem, guideUSD, ratio } }) });
  };
  const ref = reference;

  return {
    name: "guide",
    source,
    compute: (type) => perType("ec2", type, prices.ec2.instanceType, prices.ec2.monthlyUSD, prices.ec2.quote, ref && ((t) => ref.compute(t))),
    cpuCredit: () => null,
    rootVolume: () => null,
    database: (cls, multiAz) => {
      const single = perType("rds", cls, prices.rds.instanceClass, prices.rds.monthlyUSD, prices.rds.quote, ref && ((c) => ref.database(c, false)));
      if (!multiAz || isGap(single)) return single;
      // Ours: AWS bills a Multi-AZ standby's instance hours as a second instance.
      return { ...single, usd: single.usd * 2, provenance: { ...single.provenance, rule: { id: "multi-az-double", factor: 2 } } };
    },
    databaseStorage: () => null,
    cacheNode: (type, engine: CacheEngine) => {
      // The guide's node is Redis ("ElastiCache Redis"); another engine is another item, derived like another type.
      const name = (t: string, e: CacheEngine) => (e === "redis" ? t : `${t}:${e}`);
      const split = (k: string): [string, CacheEngine] => (k.endsWith(":valkey") ? [k.slice(0, -":valkey".length), "valkey"] : [k, "redis"]);
      const list = ref && ((k: string) => ref.cacheNode(...split(k)));
      return perType("elasticache", name(type, engine), prices.elasticache.nodeType, prices.elasticache.monthlyUSD, prices.elasticache.quote, list);
    },
    objectStorage: () => ({ tiers: [{ fromGB: 0, toGB: Infinity, usdPerGB: prices.s3.usdPerGBMonth }], per: "GB-month", freeGB: 0, provenance: quoted(prices.s3.quote) }),
    cdnTransfer: () => ({ tiers: [{ fromGB: 0, toGB: Infinity, usdPerGB: prices.cloudfront.usdPerGB }], per: "GB", freeGB: 0, provenance: quoted(prices.cloudfront.quote) }),
    loadBalancer: () => ({ usd: prices.alb.monthlyUSD, per: "month", provenance: quoted(prices.alb.quote) }),
    loadBalancerCapacityUnit: () => null,
    dataTransferOut: () => null,
    logsIngestion: () => null,
  };
}
