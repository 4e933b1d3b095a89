// The guide's price book: its round figures (models/guide-prices.json), with reserved terms at x0.6.
import type { GuidePriceData } from "../models.js";
import type { Term } from "../profile/schema.js";
import type { PriceBook, Priced, ServiceId } from "./price-book.js";

/** Build the guide's price book for a term. */
export function guidePriceBook(data: GuidePriceData, term: Term, region: string): PriceBook {
  const reserved = term !== "on-demand";
  const discounted = (service: ServiceId, monthlyUSD: number, basis: string): Priced => {
    if (!reserved || !data.reserved.services.includes(service)) return { monthlyUSD, basis };
    return { monthlyUSD: monthlyUSD * data.reserved.multiplier, basis: `${basis}; × ${data.reserved.multiplier} reserved (guide: "${data.reserved.quote}")` };
  };
  const { prices } = data;
  const only = (what: string, priced: string) => ({ gap: `the guide prices only ${priced}, not ${what}` });
  const notes = [`guide prices: ${data.asOf}`];
  if (region !== "us-east-1") notes.push(`the guide's prices are not regional; ${region} is priced as the guide states`);
  return {
    name: "guide",
    source: { origin: "guide", region, term, asOf: "undated", notes },
    compute: (type) =>
      type === prices.ec2.instanceType
        ? discounted("ec2", prices.ec2.monthlyUSD, `guide: "${prices.ec2.quote}"`)
        : only(type, prices.ec2.instanceType),
    database: (cls, multiAz) => {
      if (cls !== prices.rds.instanceClass) return only(cls, prices.rds.instanceClass);
      const basis = `guide: "${prices.rds.quote}"${multiAz ? "; × 2 for Multi-AZ (ours: AWS doubles Multi-AZ instance hours)" : ""}`;
      return discounted("rds", prices.rds.monthlyUSD * (multiAz ? 2 : 1), basis);
    },
    databaseStorage: () => null,
    cacheNode: (type) =>
      type === prices.elasticache.nodeType
        ? discounted("elasticache", prices.elasticache.monthlyUSD, `guide: "${prices.elasticache.quote}"`)
        : only(type, prices.elasticache.nodeType),
    objectStorage: () => ({ tiers: [{ fromGB: 0, toGB: Infinity, usdPerGB: prices.s3.usdPerGBMonth }], freeGB: 0, basis: `guide: "${prices.s3.quote}"` }),
    cdnTransfer: () => ({ tiers: [{ fromGB: 0, toGB: Infinity, usdPerGB: prices.cloudfront.usdPerGB }], freeGB: 0, basis: `guide: "${prices.cloudfront.quote}"` }),
    loadBalancer: () => ({ monthlyUSD: prices.alb.monthlyUSD, basis: `guide: "${prices.alb.quote}"` }),
    loadBalancerCapacityUnit: () => null,
  };
}
