// The guide's price book: its round figures (models/guide-prices.json), with reserved terms at x0.6.
// The guide prices one type per service; another type is priced by AWS's list-price ratio to the guide's
// type (cache.r6g.large = $50 × list(cache.r6g.large) / list(cache.t3.medium)), labelled as derived.
import type { GuidePriceData } from "../../io/models.js";
import type { Term } from "../profile/schema.js";
import { unitUSD, usd } from "../../present/format.js";
import { isGap, type PriceBook, type Priced, type ServiceId, type UnitPrice } from "./price-book.js";

/** Build the guide's price book for a term; `reference` (AWS's book) lets it price other types by ratio. */
export function guidePriceBook(data: GuidePriceData, term: Term, region: string, reference?: PriceBook): PriceBook {
  const reserved = term !== "on-demand";
  const discounted = (service: ServiceId, monthlyUSD: number, basis: string): Priced => {
    if (!reserved || !data.reserved.services.includes(service)) return { monthlyUSD, basis };
    return { monthlyUSD: monthlyUSD * data.reserved.multiplier, basis: `${basis}; × ${data.reserved.multiplier} reserved (guide: "${data.reserved.quote}")` };
  };
  const { prices } = data;

  /** The guide's price for its own type, or one derived from AWS's ratio between the two types. */
  const perType = (service: ServiceId, type: string, guideType: string, guideUSD: number, quote: string, list: (t: string) => Priced | undefined): Priced => {
    if (type === guideType) return discounted(service, guideUSD, `guide: "${quote}"`);
    const theirs = list(type);
    const ours = list(guideType);
    if (!theirs || !ours || isGap(theirs) || isGap(ours)) {
      const missing = [theirs && !isGap(theirs) ? "" : type, ours && !isGap(ours) ? "" : guideType].filter(Boolean).join(" or ");
      return { gap: `the guide prices only ${guideType}; ${type} is derived from AWS's list prices, and ${reference ? `AWS has none for ${missing}` : "there are none here"}` };
    }
    const ratio = (theirs as UnitPrice).monthlyUSD / (ours as UnitPrice).monthlyUSD;
    return discounted(
      service,
      guideUSD * ratio,
      `derived from the guide: ${usd(guideUSD)} × AWS list ${unitUSD((theirs as UnitPrice).monthlyUSD / 730)}/h ÷ ${unitUSD((ours as UnitPrice).monthlyUSD / 730)}/h (${type} / ${guideType})`,
    );
  };

  const notes = [`guide prices: ${data.asOf}`];
  if (region !== "us-east-1") notes.push(`the guide's prices are not regional; ${region} is priced as the guide states`);
  return {
    name: "guide",
    source: { origin: "guide", region, term, asOf: "undated", notes },
    compute: (type) => perType("ec2", type, prices.ec2.instanceType, prices.ec2.monthlyUSD, prices.ec2.quote, (t) => reference?.compute(t)),
    database: (cls, multiAz) => {
      // Multi-AZ doubles the instance hours, as AWS prices it (ours: the guide prices Single-AZ only).
      const single = perType("rds", cls, prices.rds.instanceClass, prices.rds.monthlyUSD, prices.rds.quote, (c) => reference?.database(c, false));
      if (!multiAz || isGap(single)) return single;
      return { monthlyUSD: single.monthlyUSD * 2, basis: `${single.basis}; × 2 for Multi-AZ (ours: AWS doubles Multi-AZ instance hours)` };
    },
    databaseStorage: () => null,
    cacheNode: (type) => perType("elasticache", type, prices.elasticache.nodeType, prices.elasticache.monthlyUSD, prices.elasticache.quote, (t) => reference?.cacheNode(t)),
    objectStorage: () => ({ tiers: [{ fromGB: 0, toGB: Infinity, usdPerGB: prices.s3.usdPerGBMonth }], freeGB: 0, basis: `guide: "${prices.s3.quote}"` }),
    cdnTransfer: () => ({ tiers: [{ fromGB: 0, toGB: Infinity, usdPerGB: prices.cloudfront.usdPerGB }], freeGB: 0, basis: `guide: "${prices.cloudfront.quote}"` }),
    loadBalancer: () => ({ monthlyUSD: prices.alb.monthlyUSD, basis: `guide: "${prices.alb.quote}"` }),
    loadBalancerCapacityUnit: () => null,
  };
}
