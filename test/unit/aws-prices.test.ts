// AWS's price list read to the cent: tiers, terms, units, and the traps of shared/pricing notes section 4.
import { describe, expect, it } from "vitest";
import { itemsForStack, priceItem, type PriceFilterModel, type RegionInfo } from "../../src/core/pricing/aws-items.js";
import { tieredCost, type Tier } from "../../src/core/pricing/price-book.js";
import { PriceListError, parseEntries, quoteFor, selectProduct, type PriceListEntry } from "../../src/core/pricing/price-list.js";
import { readModel } from "../../src/io/models.js";
import { planCapacity } from "../../src/core/capacity.js";
import { defaultProfile } from "../../src/core/profile/settings.js";
import { planData } from "../helpers.js";

const model = readModel<PriceFilterModel>("aws-price-filters.json");
const regions = readModel<{ regions: Record<string, RegionInfo> }>("regions.json").regions;
const east = { code: "us-east-1", ...regions["us-east-1"] };
const snapshot = readModel<{ items: Record<string, { request: unknown; response: { PriceList: string[] } }> }>("prices/us-east-1.json");
const cents = (n: number) => Math.round(n * 100) / 100;

const S3: Tier[] = [
  { fromGB: 0, toGB: 51_200, usdPerGB: 0.023 },
  { fromGB: 51_200, toGB: 512_000, usdPerGB: 0.022 },
  { fromGB: 512_000, toGB: Infinity, usdPerGB: 0.021 },
];
const CLOUDFRONT: Tier[] = [
  { fromGB: 0, toGB: 10_240, usdPerGB: 0.085 },
  { fromGB: 10_240, toGB: 51_200, usdPerGB: 0.08 },
  { fromGB: 51_200, toGB: 153_600, usdPerGB: 0.06 },
  { fromGB: 153_600, toGB: 512_000, usdPerGB: 0.04 },
  { fromGB: 512_000, toGB: 1_048_576, usdPerGB: 0.03 },
  { fromGB: 1_048_576, toGB: 5_242_880, usdPerGB: 0.025 },
  { fromGB: 5_242_880, toGB: Infinity, usdPerGB: 0.02 },
];

describe("tiers, applied in order", () => {
  it.each([
    ["S3 10 TB", 10_000, 230],
    ["S3 60 TB", 60_000, 1371.2], // 51,200 × 0.023 + 8,800 × 0.022
    ["S3 10 PB", 10_000_000, 210_563.2], // 1,177.60 + 460,800 × 0.022 + 9,488,000 × 0.021
  ])("%s", (_, gb, usd) => expect(cents(tieredCost(gb, S3))).toBe(usd));

  it.each([
    ["CloudFront 500 GB, inside the free 1,024 GB", 500, 0],
    ["CloudFront 10,000 GB", 10_000, 762.96], // 8,976 × 0.085
    ["CloudFront 200 TB", 200_000, 12_106.24], // 198,976 GB billable: 870.40 + 3,276.80 + 6,144 + 45,376 × 0.04
  ])("%s", (_, gb, usd) => expect(cents(tieredCost(Math.max(0, gb - 1024), CLOUDFRONT))).toBe(usd));

  it("does not depend on the order tiers come in", () => {
    expect(cents(tieredCost(10_000_000, [...S3].reverse()))).toBe(210_563.2);
  });
});

describe("the snapshot's requests are the ones the tool sends", () => {
  it("every item of the guide's stack, filter for filter", () => {
    const { stack } = planCapacity(defaultProfile(1_000_000), planData().catalogue);
    for (const item of itemsForStack(model, east, stack)) {
      expect(snapshot.items[item.key]?.request, item.key).toEqual(item.request);
    }
  });
  it("other regions take the usagetype prefix; CloudFront has no region", () => {
    const west = { code: "us-west-2", ...regions["us-west-2"] };
    const ec = priceItem(model, west, "elasticache", { type: "cache.t3.medium" });
    expect(ec.request.Filters).toContainEqual({ Type: "TERM_MATCH", Field: "usagetype", Value: "USW2-NodeUsage:cache.t3.medium" });
    expect(ec.request.Filters).toContainEqual({ Type: "TERM_MATCH", Field: "regionCode", Value: "us-west-2" });
    expect(priceItem(model, west, "cloudfront").request.Filters.map((f) => f.Field)).not.toContain("regionCode");
  });
});

const ec2 = priceItem(model, east, "ec2", { type: "t3.medium" });
const entry = (): PriceListEntry => JSON.parse(snapshot.items["ec2:t3.medium"].response.PriceList[0]);

describe("terms", () => {
  it("on-demand and reserved No Upfront", () => {
    expect(quoteFor(ec2, entry(), "on-demand").tiers[0].usdPerGB).toBe(0.0416);
    expect(quoteFor(ec2, entry(), "reserved-1yr").tiers[0].usdPerGB).toBe(0.0261);
    expect(quoteFor(ec2, entry(), "reserved-3yr").tiers[0].usdPerGB).toBe(0.018);
  });
  it("an upfront fee is spread over the term where No Upfront is not offered, and says so", () => {
    const e = entry();
    e.terms.Reserved = {
      "X.NQ3QZPMQV9": {
        termAttributes: { LeaseContractLength: "3yr", OfferingClass: "standard", PurchaseOption: "All Upfront" },
        priceDimensions: {
          a: { unit: "Quantity", description: "Upfront Fee", pricePerUnit: { USD: "949" } },
          b: { unit: "Hrs", beginRange: "0", endRange: "Inf", pricePerUnit: { USD: "0.0000000000" } },
        },
      },
    };
    const q = quoteFor(ec2, e, "reserved-3yr");
    expect(q.tiers[0].usdPerGB).toBeCloseTo(949 / 26_280, 12);
    expect(q.termNote).toBe("3yr No Upfront is not offered: All Upfront, $949 upfront spread over 26,280 h");
  });
  it("no reserved term at all is an error, never the on-demand price", () => {
    const e = entry();
    delete e.terms.Reserved;
    expect(() => quoteFor(ec2, e, "reserved-1yr")).toThrow("ec2:t3.medium: SKU NN4EGUUQRWVYP98C has no 1yr standard reserved term");
  });
  it("S3 and CloudFront have no reserved term: on-demand, noted", () => {
    const s3 = priceItem(model, east, "s3");
    const q = quoteFor(s3, JSON.parse(snapshot.items.s3.response.PriceList[0]), "reserved-1yr");
    expect(q.tiers.map((t) => t.usdPerGB)).toEqual([0.023, 0.022, 0.021]);
    expect(q.termNote).toBe("s3 has no reserved term: on-demand price");
  });
});

describe("traps", () => {
  it("unordered tier keys are sorted by beginRange; Inf is infinity", () => {
    const s3 = priceItem(model, east, "s3");
    const q = quoteFor(s3, JSON.parse(snapshot.items.s3.response.PriceList[0]), "on-demand");
    expect(q.tiers).toEqual(S3);
  });
  it("a unit other than the item's is an error", () => {
    const e = entry();
    Object.values(e.terms.OnDemand!)[0].priceDimensions!["x"] = { unit: "Hrs", beginRange: "0", endRange: "Inf", pricePerUnit: { USD: "1" } };
    Object.values(Object.values(e.terms.OnDemand!)[0].priceDimensions!)[0].unit = "GB-Mo";
    expect(() => quoteFor(ec2, e, "on-demand")).toThrow("ec2:t3.medium: SKU NN4EGUUQRWVYP98C is priced per GB-Mo, expected Hrs");
  });
  it("the same SKU twice is one product; two SKUs are an error listing both", () => {
    const one = snapshot.items["ec2:t3.medium"].response.PriceList[0];
    expect(selectProduct(ec2, parseEntries(ec2, [one, one])).entry.product.sku).toBe("NN4EGUUQRWVYP98C");
    const other = one.replaceAll("NN4EGUUQRWVYP98C", "OTHERSKU").replace('"capacitystatus":"Used"', '"capacitystatus":"UnusedCapacityReservation"');
    expect(() => selectProduct(ec2, parseEntries(ec2, [one, other]))).toThrow(PriceListError);
    expect(() => selectProduct(ec2, parseEntries(ec2, [one, other]))).toThrow(
      "ec2:t3.medium: 2 products match, expected 1: NN4EGUUQRWVYP98C (capacitystatus=Used); OTHERSKU (capacitystatus=UnusedCapacityReservation)",
    );
  });
  it("only $0 rows are never a price", () => {
    const zero = snapshot.items["ec2:t3.medium"].response.PriceList[0].replace(/"USD":"[0-9.]+"/g, '"USD":"0.0000000000"');
    expect(() => quoteFor(ec2, selectProduct(ec2, parseEntries(ec2, [zero])).entry, "on-demand")).toThrow(
      "ec2:t3.medium: SKU NN4EGUUQRWVYP98C is priced $0, a reservation or free-tier row, not a price",
    );
  });
  it("a malformed price is an error naming the SKU", () => {
    const bad = snapshot.items["ec2:t3.medium"].response.PriceList[0].replace('"0.0416000000"', '"n/a"');
    expect(() => quoteFor(ec2, parseEntries(ec2, [bad])[0], "on-demand")).toThrow('ec2:t3.medium: SKU NN4EGUUQRWVYP98C has a malformed USD price ("n/a")');
  });
});
