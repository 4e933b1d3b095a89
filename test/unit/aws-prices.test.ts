// AWS's prices read to the cent: tiers, terms, units, the traps of shared/pricing notes section 4, and the
// bundled snapshot's figures in several regions and terms, each with its source.
import { describe, expect, it } from "vitest";
import type { PriceGap, Priced, TieredPrice, UnitPrice } from "../../src/core/facts.js";
import { awsPriceBook } from "../../src/core/pricing/aws-book.js";
import { itemKey, itemKeysForCatalogue, itemKeysForStacks, itemOfKey, parseItemKey, priceItem, termOf, type RegionInfo } from "../../src/core/pricing/aws-items.js";
import { tieredCost, type Tier } from "../../src/core/pricing/book.js";
import { guidePriceBook, type GuidePrices } from "../../src/core/pricing/guide-book.js";
import { parseDecimal, resolveAnswer, type PriceListEntry, type PriceRecord } from "../../src/core/pricing/price-list.js";
import { readModel } from "../../src/io/models.js";
import { loadPricingModels } from "../../src/io/prices/aws-prices.js";
import { readSnapshot, snapshotPrice } from "../../src/io/prices/snapshot.js";
import { TERMS } from "../../src/core/facts.js";
import { firstIssue, schemas } from "../../src/io/prices/schemas.js";
import { readFileSync } from "node:fs";

const { model, regions } = loadPricingModels();
const east = { code: "us-east-1", ...regions["us-east-1"] };
const west = { code: "us-west-2", ...regions["us-west-2"] };
const cents = (n: number) => Math.round(n * 100) / 100;
const HOURS = 730; // AWS's calculator month (planning-model section 1)

const S3: Tier[] = [
  { fromGB: 0, toGB: 51_200, usdPerGB: 0.023 },
  { fromGB: 51_200, toGB: 512_000, usdPerGB: 0.022 },
  { fromGB: 512_000, toGB: Infinity, usdPerGB: 0.021 },
];

describe("tiers, applied in order", () => {
  it.each([
    ["S3 10 TB", 10_000, 230],
    ["S3 60 TB", 60_000, 1371.2], // 51,200 × 0.023 + 8,800 × 0.022
    ["S3 10 PB", 10_000_000, 210_563.2], // 1,177.60 + 460,800 × 0.022 + 9,488,000 × 0.021
  ])("%s", (_, gb, usd) => expect(cents(tieredCost(gb, S3))).toBe(usd));
  it("does not depend on the order tiers come in", () => expect(cents(tieredCost(10_000_000, [...S3].reverse()))).toBe(210_563.2));
});

describe("only decimal notation is a price", () => {
  it.each(["0.0416000000", "494", "0", "0.5", "12.000"])("%j is read", (t) => expect(parseDecimal(t)).toBe(Number(t)));
  it.each(["0x10", "1e3", "1E-3", " 5", "5 ", "-1", "+1", "", ".5", "5.", "Infinity", "NaN", "0b1", "1_000", "1,5"])("%j is refused", (t) => expect(parseDecimal(t)).toBeUndefined());
  it("a number is not a string price", () => expect(parseDecimal(16)).toBeUndefined());
});

describe("item keys: one grammar, no prototype names", () => {
  it.each([
    ["ec2", { type: "t3.medium" }, "ec2:t3.medium"],
    ["cpu-credit", { family: "t4g" }, "cpu-credit:t4g"],
    ["ebs", { storageType: "gp3" }, "ebs:gp3"],
    ["rds", { type: "db.r5.2xlarge", deployment: "Multi-AZ" }, "rds:db.r5.2xlarge:Multi-AZ"],
    ["rds-storage", { storageType: "gp2", deployment: "Single-AZ" }, "rds-storage:gp2:Single-AZ"],
    ["elasticache", { type: "cache.t3.medium", engine: "valkey" }, "elasticache:cache.t3.medium:valkey"],
    ["data-transfer-out", {}, "data-transfer-out"],
  ] as const)("%s", (kind, params, key) => {
    expect(itemKey(kind, params)).toBe(key);
    expect(parseItemKey(key)).toEqual({ kind, params });
  });
  it.each(["constructor", "__proto__", "toString", "ec2", "rds:db.t3.micro", "elasticache:cache.t3.micro:memcached", "s3:x", "ec2:a:b"])("%j names no item", (key) =>
    expect(parseItemKey(key)).toBeUndefined(),
  );
  it("terms other than on-demand only for ec2, rds and elasticache", () => {
    expect(termOf("elasticache", "reserved-3yr")).toBe("reserved-3yr");
    expect(termOf("s3", "reserved-3yr")).toBe("on-demand");
    expect(termOf("cpu-credit", "reserved-1yr")).toBe("on-demand");
  });
  it("a stack needs twelve items, the guide's own types among them; a burstable-free stack no credit", () => {
    const guide = itemKeysForStacks([{ instanceType: "t3.medium", database: { instanceClass: "db.r5.2xlarge", multiAz: false, storageType: "gp3" }, cache: { nodeType: "cache.t3.medium" } }], true);
    expect(guide).toHaveLength(12);
    const m5 = itemKeysForStacks([{ instanceType: "m5.large", database: { instanceClass: "db.m5.large", multiAz: true, storageType: "gp2" }, cache: { nodeType: "cache.r6g.large", engine: "valkey" } }]);
    expect(m5).toEqual(["ec2:m5.large", "ebs:gp3", "rds:db.m5.large:Multi-AZ", "rds-storage:gp2:Multi-AZ", "elasticache:cache.r6g.large:valkey", "s3", "cloudfront", "alb", "alb-lcu", "data-transfer-out", "logs"]);
  });
});

describe("requests, from models/aws-price-filters.json", () => {
  const filter = (key: string, region: RegionInfo & { code: string } = east) => Object.fromEntries(itemOfKey(model, region, key)!.request.Filters.map((f) => [f.Field, f.Value]));
  it("us-east-1 usagetypes have no prefix, other regions do; CloudWatch's always", () => {
    expect(filter("elasticache:cache.t3.medium:valkey")).toMatchObject({ cacheEngine: "Valkey", usagetype: "NodeUsage:cache.t3.medium" });
    expect(filter("elasticache:cache.t3.medium:redis", west)).toMatchObject({ cacheEngine: "Redis", usagetype: "USW2-NodeUsage:cache.t3.medium", regionCode: "us-west-2" });
    expect(filter("logs")).toMatchObject({ usagetype: "USE1-DataProcessing-Bytes", group: "Ingested Logs" });
    expect(filter("cpu-credit:t3")).toMatchObject({ usagetype: "CPUCredits:t3", productFamily: "CPU Credits" });
    expect(filter("ebs:gp3", west)).toMatchObject({ volumeApiName: "gp3", usagetype: "USW2-EBS:VolumeUsage.gp3" });
    expect(filter("rds-storage:gp3:Multi-AZ")).toMatchObject({ volumeType: "General Purpose-GP3", deploymentOption: "Multi-AZ" });
  });
  it("CloudFront and data transfer have no regionCode filter", () => {
    expect(filter("cloudfront")).not.toHaveProperty("regionCode");
    expect(filter("data-transfer-out", west)).toMatchObject({ fromRegionCode: "us-west-2", usagetype: "USW2-DataTransfer-Out-Bytes" });
  });
});

// ------------------------------------------------------------------------------------------------
// GetProducts answers: our own entries in the API's shape (notes section 2).

const ec2 = priceItem(model, east, "ec2", { type: "m5.large" });
const ctx = { origin: "live" as const, asOf: "2026-11-26", source: "AWS Price List Query API (GetProducts)" };
const dims = (unit: string, usd: string, extra: object = {}) => ({ unit, beginRange: "0", endRange: "Inf", pricePerUnit: { USD: usd }, ...extra });
const reserved = (lease: "1yr" | "3yr", option: string, hourly: string, upfront?: string) => ({
  termAttributes: { LeaseContractLength: lease, OfferingClass: "standard", PurchaseOption: option },
  priceDimensions: { h: dims("Hrs", hourly), ...(upfront !== undefined ? { u: { unit: "Quantity", description: "Upfront Fee", pricePerUnit: { USD: upfront } } } : {}) },
});
/** m5.large us-east-1 as the real entry of notes 2.1 gives it (price list 2021-02): OD $0.096, 1yr NU $0.060, 3yr AU $949. */
function m5(attrs: Record<string, string> = {}, sku = "6C86BEPQVG73ZGGR"): PriceListEntry {
  return {
    product: { sku, productFamily: "Compute Instance", attributes: { instanceType: "m5.large", capacitystatus: "Used", ...attrs } },
    terms: {
      OnDemand: { [`${sku}.JRTCKXETXF`]: { priceDimensions: { a: dims("Hrs", "0.0960000000") } } },
      Reserved: {
        a: reserved("1yr", "No Upfront", "0.0600000000"),
        b: reserved("3yr", "All Upfront", "0.0000000000", "949"),
        c: reserved("1yr", "All Upfront", "0.0000000000", "494"),
      },
    },
  };
}
const price = (r: ReturnType<typeof resolveAnswer>) => ("price" in r ? r.price.tiers[0].usdPerGB : r.gap);

describe("terms", () => {
  it("on-demand, and reserved standard No Upfront where AWS sells it", () => {
    expect(price(resolveAnswer(ec2, [m5()], "on-demand", ctx))).toBe(0.096); // notes 2.1: "$0.096 per On Demand Linux m5.large Instance Hour"
    expect(price(resolveAnswer(ec2, [m5()], "reserved-1yr", ctx))).toBe(0.06); // notes 2.1: 4NA7Y494T4, 1yr standard No Upfront
  });
  it("where No Upfront is not sold (RDS 3-year), the upfront fee spread over the term's hours, said in provenance", () => {
    const r = resolveAnswer(ec2, [m5()], "reserved-3yr", ctx);
    expect(price(r)).toBeCloseTo(949 / 26_280, 12); // notes 3: "3yr std AU $949 = $0.0361/h"
    expect("price" in r && r.price.provenance.upfrontSpread).toEqual({ upfrontUSD: 949, hours: 26_280 });
  });
  it("no reserved term is a gap, never the on-demand price", () => {
    const e = m5();
    delete e.terms.Reserved;
    expect(price(resolveAnswer(ec2, [e], "reserved-1yr", ctx))).toEqual({ kind: "no-term", item: "ec2:m5.large", term: "reserved-1yr" });
  });
  it("an item AWS sells on no reserved term is priced on-demand on every term", () => {
    const s3 = priceItem(model, east, "s3");
    const entry: PriceListEntry = { product: { sku: "WP9ANXZGBYYSGJEA", attributes: {} }, terms: { OnDemand: { t: { priceDimensions: {
      c: { unit: "GB-Mo", beginRange: "512000", endRange: "Inf", pricePerUnit: { USD: "0.0210000000" } },
      a: { unit: "GB-Mo", beginRange: "0", endRange: "51200", pricePerUnit: { USD: "0.0230000000" } },
      b: { unit: "GB-Mo", beginRange: "51200", endRange: "512000", pricePerUnit: { USD: "0.0220000000" } },
    } } } } };
    const r = resolveAnswer(s3, [entry], "reserved-3yr", ctx);
    expect("price" in r && r.price.tiers).toEqual(S3); // sorted by beginRange; "Inf" is Infinity (notes 2.3)
  });
});

describe("a $0 is never a price", () => {
  it("a $0 reserved No Upfront rate is dropped; the next option that costs something is taken", () => {
    const e = m5();
    (e.terms.Reserved!.a as ReturnType<typeof reserved>).priceDimensions.h.pricePerUnit.USD = "0.0000000000";
    const r = resolveAnswer(ec2, [e], "reserved-1yr", ctx);
    expect(price(r)).toBeCloseTo(494 / 8760, 12);
    expect(r.dropped).toEqual([{ item: "ec2:m5.large", sku: "6C86BEPQVG73ZGGR", term: "reserved-1yr" }]);
  });
  it("every reserved offer at $0 (an All Upfront with no fee among them) is a zero-price gap", () => {
    const e = m5();
    e.terms.Reserved = { a: reserved("1yr", "No Upfront", "0.0000000000"), c: reserved("1yr", "All Upfront", "0.0000000000", "0") };
    expect(price(resolveAnswer(ec2, [e], "reserved-1yr", ctx))).toEqual({ kind: "zero-price", item: "ec2:m5.large" });
  });
  it("a $0 on-demand product beside the priced one is dropped; alone it is a gap", () => {
    const zero = m5({ capacitystatus: "UnusedCapacityReservation" }, "ZEROSKU");
    zero.terms.OnDemand = { z: { priceDimensions: { a: dims("Hrs", "0.0000000000") } } };
    const r = resolveAnswer(ec2, [zero, m5()], "on-demand", ctx);
    expect(price(r)).toBe(0.096);
    expect(r.dropped.map((d) => d.sku)).toEqual(["ZEROSKU"]);
    expect(price(resolveAnswer(ec2, [zero], "on-demand", ctx))).toEqual({ kind: "zero-price", item: "ec2:m5.large" });
  });
});

describe("traps", () => {
  it("the same SKU twice is one product; two priced SKUs are ambiguous, naming what differs", () => {
    expect(price(resolveAnswer(ec2, [m5(), m5()], "on-demand", ctx))).toBe(0.096);
    expect(price(resolveAnswer(ec2, [m5(), m5({ capacitystatus: "AllocatedCapacityReservation" }, "OTHER")], "on-demand", ctx))).toEqual({
      kind: "ambiguous",
      item: "ec2:m5.large",
      candidates: 2,
      differIn: ["capacitystatus"],
    });
  });
  it("a unit other than the item's, or a malformed price, cannot be read", () => {
    const e = m5();
    e.terms.OnDemand = { t: { priceDimensions: { a: dims("GB-Mo", "0.096") } } };
    expect(price(resolveAnswer(ec2, [e], "on-demand", ctx))).toEqual({ kind: "unreadable", item: "ec2:m5.large", problem: "unit:GB-Mo" });
    e.terms.OnDemand = { t: { priceDimensions: { a: dims("Hrs", "0x10") } } };
    expect(price(resolveAnswer(ec2, [e], "on-demand", ctx))).toEqual({ kind: "unreadable", item: "ec2:m5.large", problem: 'price:"0x10"' });
  });
  it("no product is AWS's answer: not in its prices", () => {
    expect(price(resolveAnswer(ec2, [], "on-demand", ctx))).toEqual({ kind: "not-in-prices", item: "ec2:m5.large", region: "us-east-1", term: "on-demand" });
  });
});

// ------------------------------------------------------------------------------------------------
// The bundled snapshot: hand-computed figures, each with the source the snapshot cites.

function snap(region: string) {
  const s = readSnapshot(region)!;
  return (key: string, term: (typeof TERMS)[number] = "on-demand"): PriceRecord | PriceGap => snapshotPrice(s, key, term, []);
}
const rate = (p: PriceRecord | PriceGap) => ("gap" in p ? p.gap : p.tiers[0].usdPerGB);
const monthly = (p: PriceRecord | PriceGap, quantity = 1) => ("gap" in p ? p.gap : cents(p.tiers[0].usdPerGB * HOURS * quantity));

describe("the bundled snapshot, to the cent", () => {
  it.each([
    // [region, key, term, $/h, monthly, source]
    ["us-east-1", "ec2:t3.medium", "on-demand", 0.0416, 303.68, 10], // karpenter zz_generated.pricing_aws.go @6fc13b52 (2026-07-20): 10 × $0.0416 × 730
    ["us-east-1", "ec2:t3.medium", "reserved-1yr", 0.0261, 190.53, 10], // infracost instance_test.golden @e9ce6290: $19.05 / 730 h
    ["us-east-1", "ec2:t3.medium", "reserved-3yr", 0.018, 131.4, 10], // same golden: $13.14 / 730 h
    ["us-east-1", "ec2:m7g.large", "on-demand", 0.0816, 59.57, 1], // karpenter @6fc13b52
    ["us-east-1", "rds:db.r5.2xlarge:Single-AZ", "on-demand", 1.0, 730, 1], // ec2instances.info www/rds/instances.json @14ede5a5 (2021-08-03), PostgreSQL
    ["eu-central-1", "rds:db.r5.2xlarge:Single-AZ", "on-demand", 1.22, 890.6, 1], // same file, eu-central-1
    ["ap-southeast-1", "rds:db.t3.medium:Single-AZ", "on-demand", 0.112, 81.76, 1], // same file, ap-southeast-1
    ["us-west-2", "rds:db.m5.large:Single-AZ", "reserved-1yr", 0.114, 83.22, 1], // ec2instances.info @967c408b (2018-12-05): yrTerm1.noUpfront
    ["eu-west-1", "ec2:t3.small", "on-demand", 0.0228, 16.64, 1], // infracost elastic_beanstalk_environment_test.golden @e9ce6290 (provider eu-west-1): 730 h = $16.64
    ["eu-west-1", "ec2:t3.large", "on-demand", 0.0912, 133.15, 2], // same golden: 1,460 h = $133.15
    ["us-east-1", "elasticache:cache.t3.medium:redis", "on-demand", 0.068, 49.64, 1], // ec2instances.info www/cache/instances.json @3e75a5dd (2022-02-13)
    ["ap-southeast-1", "elasticache:cache.t3.medium:redis", "reserved-3yr", 0.052, 37.96, 1], // same file: yrTerm3Standard.noUpfront
    ["eu-west-1", "elasticache:cache.r6g.large:redis", "reserved-1yr", 0.157, 114.61, 1], // same file: yrTerm1Standard.noUpfront
    // skypilot-org/skypilot-catalog catalogs/v8/aws/vms.csv @00148f2a, Price column (on-demand Linux, USD/h), read 2026-11-26:
    ["us-west-2", "ec2:t3.medium", "on-demand", 0.0416, 30.37, 1], // rows "t3.medium,...,0.0416,...,us-west-2,usw2-az*": 730 h = $30.368
    ["eu-central-1", "ec2:m7g.large", "on-demand", 0.0978, 71.39, 1], // "m7g.large,...,0.0978,...,eu-central-1": 730 h = $71.394
    ["ap-southeast-1", "ec2:r6g.xlarge", "on-demand", 0.2432, 177.54, 1], // "r6g.xlarge,...,0.2432,...,ap-southeast-1": 730 h = $177.536
    ["eu-west-1", "ec2:t4g.small", "on-demand", 0.0184, 13.43, 1], // "t4g.small,...,0.0184,...,eu-west-1": 730 h = $13.432
    ["us-west-2", "ec2:m5.4xlarge", "on-demand", 0.768, 1121.28, 2], // "m5.4xlarge,...,0.768,...,us-west-2": 2 × 730 h = $1,121.28
    // EC2 standard No Upfront. cristim/ec2-instances-info data/generated_bindata.go @83e9ebdd (ec2instances.info data of 2019-04-05,
    // gzip-embedded): taken where ec2instances.info's pages of 2022 (www/TYPE.html @136b6119, _1yr/_3yr to $0.001) show the same rate:
    ["us-west-2", "ec2:t3.medium", "reserved-1yr", 0.0261, 19.05, 1], // yrTerm1Standard.noUpfront 0.0261; page "0.026"
    ["us-east-1", "ec2:r5.large", "reserved-1yr", 0.079, 57.67, 1], // 0.079; page "0.079"
    // otherwise the 2022 page's figure, the newer (2019 said $0.075 and $0.053 for eu-west-1 m5.large):
    ["eu-west-1", "ec2:m5.large", "reserved-1yr", 0.067, 48.91, 1], // www/m5.large.html eu-west-1 linux _1yr "0.067"
    ["eu-west-1", "ec2:m5.large", "reserved-3yr", 0.046, 33.58, 1], // _3yr "0.046"
    ["eu-central-1", "ec2:t4g.medium", "reserved-3yr", 0.017, 124.1, 10], // www/t4g.medium.html _3yr "0.017": 10 × 730 h
    ["ap-southeast-1", "ec2:r6g.xlarge", "reserved-1yr", 0.153, 111.69, 1], // www/r6g.xlarge.html _1yr "0.153"
    // Surplus CPU credits, per vCPU-hour: AWS's EC2 On-Demand pricing page (T2/T3/T4g Unlimited Mode Pricing): T3 $0.05,
    // T4g $0.04, "the same ... across all regions"; us-west-2's T3 rate also stated in a real bill (FOCUS 1.0 sample, 2024-09):
    ["us-west-2", "cpu-credit:t3", "on-demand", 0.05, 73, 2], // a t3.medium's 2 vCPUs at 100% surplus: 2 × 730 × $0.05
    ["ap-southeast-1", "cpu-credit:t4g", "on-demand", 0.04, 29.2, 1], // 730 vCPU-hours × $0.04
  ] as const)("%s %s %s", (region, key, term, hourly, month, qty) => {
    const p = snap(region)(key, term);
    expect(rate(p)).toBeCloseTo(hourly, 10);
    expect(monthly(p, qty)).toBe(month);
  });

  it("RDS 3-year: the Partial Upfront effective rate (fee spread over 26,280 h), marked so", () => {
    const p = snap("us-east-1")("rds:db.m5.large:Single-AZ", "reserved-3yr") as PriceRecord;
    expect(p.tiers[0].usdPerGB).toBeCloseTo(0.072992, 6); // ec2instances.info @967c408b: yrTerm3.partialUpfront 0.07299162861491629
    expect(p.provenance.effectiveRate).toEqual({ option: "Partial Upfront", hours: 26_280 });
  });

  it("RDS reserved from ec2instances.info's RDS page of 2022 (www/rds/index.html @278c7d9d, var _pricing, PostgreSQL)", () => {
    // db.r5.2xlarge us-east-1 yrTerm1Standard.noUpfront 0.5775: 730 h = $421.58 (on-demand $730.00)
    expect(monthly(snap("us-east-1")("rds:db.r5.2xlarge:Single-AZ", "reserved-1yr"))).toBe(421.58);
    // db.t3.micro eu-central-1 yrTerm1Standard.noUpfront 0.0143: 730 h = $10.439
    expect(monthly(snap("eu-central-1")("rds:db.t3.micro:Single-AZ", "reserved-1yr"))).toBe(10.44);
    // db.r5.8xlarge ap-southeast-1 yrTerm3Standard.partialUpfront 2.159984779299848 (effective, fee spread over 26,280 h) → 2.159985
    const p = snap("ap-southeast-1")("rds:db.r5.8xlarge:Single-AZ", "reserved-3yr") as PriceRecord;
    expect(p.tiers[0].usdPerGB).toBeCloseTo(2.159985, 6);
    expect(p.provenance.effectiveRate).toEqual({ option: "Partial Upfront", hours: 26_280 });
    // where the page states no PostgreSQL reserved rate (ap-southeast-1 db.m5.8xlarge) the rate is derived, not stated
    expect((snap("ap-southeast-1")("rds:db.m5.8xlarge:Single-AZ", "reserved-1yr") as PriceRecord).provenance.rule?.id).toBe("size-flexible");
  });

  it("RDS reserved by size flexibility: a size's share, in normalized units, of a stated size of its class type (RDS User Guide @316f3731)", () => {
    // ap-southeast-1 db.m5.4xlarge PostgreSQL 1-yr No Upfront 1.2864 (ec2instances.info @967c408b); 8xlarge = 64 / 32 units
    // = 2 × 1.2864 = 2.5728: 730 h = $1,878.144
    const eight = snap("ap-southeast-1")("rds:db.m5.8xlarge:Single-AZ", "reserved-1yr") as PriceRecord;
    expect(monthly(eight)).toBe(1878.14);
    expect(eight.provenance.rule).toMatchObject({ id: "size-flexible", factor: 2, from: "rds:db.m5.4xlarge:Single-AZ" });
    // 16xlarge = 128 / 32 = 4 × the 3-yr Partial Upfront effective 0.790405 = 3.16162, still marked spread: 730 h = $2,307.98
    const sixteen = snap("ap-southeast-1")("rds:db.m5.16xlarge:Single-AZ", "reserved-3yr") as PriceRecord;
    expect(monthly(sixteen)).toBe(2307.98);
    expect(sixteen.provenance.effectiveRate).toEqual({ option: "Partial Upfront", hours: 26_280 });
    expect(sixteen.provenance.rule).toMatchObject({ id: "size-flexible", factor: 4 });
    // Multi-AZ: 2 × that, and the provenance names both steps. 2 × 2.5728 = 5.1456: 730 h = $3,756.29
    const maz = snap("ap-southeast-1")("rds:db.m5.8xlarge:Multi-AZ", "reserved-1yr") as PriceRecord;
    expect(monthly(maz)).toBe(3756.29);
    expect(maz.provenance.rule).toMatchObject({ id: "multi-az-double", factor: 2, fromRule: { id: "size-flexible", factor: 2, from: "rds:db.m5.4xlarge:Single-AZ" } });
    // a stated size keeps its stated rate: db.m5.12xlarge 3.8591, not 3 × 1.2864 = 3.8592
    expect(rate(snap("ap-southeast-1")("rds:db.m5.12xlarge:Single-AZ", "reserved-1yr"))).toBe(3.8591);
  });

  it("Valkey: 20% below Redis OSS, derived and said so (AWS ElastiCache FAQ)", () => {
    const p = snap("eu-west-1")("elasticache:cache.r6g.large:valkey") as PriceRecord;
    expect(p.tiers[0].usdPerGB).toBeCloseTo(0.1832, 10); // 0.8 × $0.229 (ec2instances.info @3e75a5dd, eu-west-1 Redis)
    expect(p.provenance.rule).toMatchObject({ id: "valkey-below-redis", factor: 0.8, from: "elasticache:cache.r6g.large:redis" });
  });

  it("RDS Multi-AZ on-demand: twice Single-AZ, derived and said so (AWS RDS User Guide: both instances billed per hour)", () => {
    const p = snap("eu-central-1")("rds:db.r5.2xlarge:Multi-AZ") as PriceRecord;
    expect(p.tiers[0].usdPerGB).toBeCloseTo(2.44, 10); // 2 × $1.22 (ec2instances.info @14ede5a5, eu-central-1)
    expect(p.provenance.rule).toMatchObject({ id: "multi-az-double", factor: 2, from: "rds:db.r5.2xlarge:Single-AZ" });
    expect(monthly(snap("us-east-1")("rds:db.r5.2xlarge:Multi-AZ"))).toBe(1460); // notes 3: "$2.00/h (exactly 2× Single-AZ)", $1,460.00
  });

  it("RDS Multi-AZ reserved: twice Single-AZ as well (AWS RDS User Guide; Infracost db_instance_test.golden @75b45aff: db.t3.large 1-yr No Upfront $69.86 / $139.72)", () => {
    // us-east-1 db.r5.2xlarge Single-AZ yrTerm1Standard.noUpfront 0.5775 (ec2instances.info www/rds/index.html @278c7d9d) × 2 = 1.155; 730 h = $843.15
    const p = snap("us-east-1")("rds:db.r5.2xlarge:Multi-AZ", "reserved-1yr") as PriceRecord;
    expect(monthly(p)).toBe(843.15);
    expect(p.provenance.rule).toMatchObject({ id: "multi-az-double", factor: 2, from: "rds:db.r5.2xlarge:Single-AZ" });
    // eu-central-1 db.t3.micro 3-yr: Single-AZ Partial Upfront effective 0.009418 (spread over 26,280 h) × 2 = 0.018836, still marked spread
    const t = snap("eu-central-1")("rds:db.t3.micro:Multi-AZ", "reserved-3yr") as PriceRecord;
    expect(t.tiers[0].usdPerGB).toBeCloseTo(0.018836, 10);
    expect(t.provenance.effectiveRate).toEqual({ option: "Partial Upfront", hours: 26_280 });
    expect(t.provenance.rule).toMatchObject({ id: "multi-az-double", factor: 2 });
  });

  it("per-unit items in us-east-1 (infracost goldens)", () => {
    const s = snap("us-east-1");
    expect(rate(s("ebs:gp3"))).toBe(0.08); // ebs_volume_test.golden: gp3 40 GB = $3.20
    expect(rate(s("cpu-credit:t3"))).toBe(0.05); // instance_test.golden: 1,460 vCPU-hours = $73.00
    // stakwork/aws-advisor src/pricebook.ts @24b9e7c0 (us-east-1, 2026-09-20): CPUCredits:t4g 0.04 vCPU-Hours; 1,460 vCPU-hours = $58.40
    expect(monthly(s("cpu-credit:t4g"), 1460 / HOURS)).toBe(58.4);
    expect(rate(s("rds-storage:gp3:Single-AZ"))).toBe(0.115); // db_instance_test.golden: gp2 20 GB = $2.30 (gp3 the same, notes 3)
    expect(rate(s("rds-storage:gp3:Multi-AZ"))).toBe(0.23); // db_instance_test.golden: gp3 400 GB Multi-AZ = $92.00
    expect(rate(s("alb"))).toBe(0.0225); // lb_test.golden: 730 h = $16.43
    expect(rate(s("alb-lcu"))).toBe(0.008); // lb_test.golden: $5.84 per LCU-month
    expect(rate(s("logs"))).toBe(0.5); // cloudwatch_log_group_test.golden: 1,000 GB = $500.00
  });

  it("eu-west-1 logs and gp2 storage (infracost beanstalk golden, provider eu-west-1)", () => {
    const s = snap("eu-west-1");
    expect(rate(s("logs"))).toBe(0.57); // 1,000 GB ingested = $570.00
    expect(rate(s("rds-storage:gp2:Multi-AZ"))).toBe(0.253); // 100 GB Multi-AZ = $25.30
  });

  it("eu-west-1 RDS gp3 storage, Single-AZ (The BES Cloud blog on the RDS gp3 launch, Table 1 RDS Volume Price, eu-west-1)", () => {
    // "Storage $0.127 $0.127" (gp2, gp3): 100 GB a month = $12.70, the same as gp2's offer-file rate
    expect(monthly(snap("eu-west-1")("rds-storage:gp3:Single-AZ"), 100 / HOURS)).toBe(12.7);
  });

  it("eu-west-1 from AWS offer-file rows (ligoj/plugin-prov-aws test fixtures)", () => {
    const s = snap("eu-west-1");
    // AmazonRDS eu-west-1 index.csv @4001d007: R8WRAJ8WCVQ3X8YM "$0.127 per GB-month of provisioned GP2 storage" (Single-AZ).
    // AWS states it, and it is not half the Multi-AZ $0.253: the stated rate, not a derived $0.1265. 100 GB = $12.70
    expect(monthly(s("rds-storage:gp2:Single-AZ"), 100 / HOURS)).toBe(12.7);
    expect((s("rds-storage:gp2:Single-AZ") as PriceRecord).provenance.rule).toBeUndefined();
    // AmazonEC2 eu-west-1 index.csv @f691d105: TXACT7E3PV6ZX2NM "$0.088 per GB-month of General Purpose (gp3) provisioned storage - EU (Ireland)". 40 GB = $3.52
    expect(monthly(s("ebs:gp3"), 40 / HOURS)).toBe(3.52);
    // AmazonS3 index.csv @2c02801f (offer 20180404165311), EU (Ireland) Standard: 51,200 × 0.023 + 8,800 × 0.022 = 1,177.60 + 193.60
    expect(cents(tieredCost(60_000, (s("s3") as PriceRecord).tiers))).toBe(1371.2);
  });

  it("eu-west-1 ALB and LCU (infracost beanstalk golden @77498f6a, 2022-03-02, LoadBalancerType application)", () => {
    const s = snap("eu-west-1");
    expect(monthly(s("alb"))).toBe(18.4); // "Application load balancer 730 hours $18.40"
    expect(monthly(s("alb-lcu"), 34.2465)).toBe(200); // "Load balancer capacity units 34.2465 LCU $200.00" (25,000 LCU-hours)
  });

  it("EBS gp3 outside us-east-1 (AWS calculator EBS map of 2021-05-13, ligoj/plugin-prov-aws fixture ebs-calculator.json @4cd06dde)", () => {
    // regions[LOCATION]["Storage General Purpose gp3 GB Mo"].price; 40 GB a month
    expect(monthly(snap("eu-central-1")("ebs:gp3"), 40 / HOURS)).toBe(3.81); // EU (Frankfurt) "0.0952000000": $3.808
    expect(monthly(snap("ap-southeast-1")("ebs:gp3"), 40 / HOURS)).toBe(3.84); // Asia Pacific (Singapore) "0.0960000000"
    expect(rate(snap("us-west-2")("ebs:gp3"))).toBe(0.08); // US West (Oregon) "0.0800000000"
  });

  it("ALB and LCU hours in eu-central-1 (an Infracost breakdown of a Frankfurt stack, husamuddin/fundingpips-devops-task README.md @3536db4f, 2026-03-10)", () => {
    // "Application load balancer  730  hours  $19.71": 0.027 × 730 = 19.71
    expect(monthly(snap("eu-central-1")("alb"))).toBe(19.71);
    // "Load balancer capacity units  Monthly cost depends on usage: $5.84 per LCU": 730 × 0.008 = 5.84; 2 LCUs a month = $11.68
    expect(monthly(snap("eu-central-1")("alb-lcu"), 2)).toBe(11.68);
    expect((snap("eu-central-1")("alb-lcu") as PriceRecord).provenance).toMatchObject({ source: "husamuddin/fundingpips-devops-task README.md@3536db4f", asOf: "2026-03-10" });
  });

  it("ALB hour elsewhere (fwouts/deploy loadbalancers.ts @8c21ce09, 2017-12-18, from AWS's ELB pricing page)", () => {
    expect(monthly(snap("ap-southeast-1")("alb"))).toBe(18.4); // "ap-southeast-1": 0.0252 (its eu-west-1 0.0252 matches infracost's 2022 golden)
    expect(rate(snap("us-west-2")("alb"))).toBe(0.0225); // "us-west-2": 0.0225
  });

  it("S3 Standard outside us-east-1 and eu-west-1 (rmantilla13/onyxfs lib/storage-pricing.js @e65754c1, AWS Price List of 2026-09-28)", () => {
    const s3 = (region: string) => (snap(region)("s3") as PriceRecord).tiers;
    // S3_STANDARD["eu-central-1"] = [0.0245, 0.0235, 0.0225]; 60,000 GB: 51,200 × 0.0245 + 8,800 × 0.0235 = 1,254.40 + 206.80
    expect(cents(tieredCost(60_000, s3("eu-central-1")))).toBe(1461.2);
    // ["ap-southeast-1"] = [0.025, 0.024, 0.023]; 10 PB: 1,280.00 + 460,800 × 0.024 + 9,488,000 × 0.023 = 1,280 + 11,059.20 + 218,224
    expect(cents(tieredCost(10_000_000, s3("ap-southeast-1")))).toBe(230_563.2);
    expect(s3("us-west-2")).toEqual(S3); // ["us-west-2"] = [0.023, 0.022, 0.021], as us-east-1
  });

  it("ALB LCU-hour outside us-east-1 and eu-west-1", () => {
    // FOCUS-Sample-Data FOCUS-1.0/focus_sample.csv @adbdd17a (real AWS bill, 2024-09): us-west-2 ListUnitPrice 0.008,
    // SKU 2ETY8Y426S4237JU; 25,000 LCU-hours = $200.00, as the eu-west-1 golden's
    expect(monthly(snap("us-west-2")("alb-lcu"), 25_000 / HOURS)).toBe(200);
    // hxj04121-lab/FoodLabelFlow-Microservices infra/aws-staging-budget.json @6b946d95 (Price List CSV, 2026-10-04):
    // "$0.008 per used Application load balancer capacity unit-hour", SKU 45KY3J5YX2QM6KS7; 2 LCUs all month = $11.68
    expect(monthly(snap("ap-southeast-1")("alb-lcu"), 2)).toBe(11.68);
    expect((snap("ap-southeast-1")("alb-lcu") as PriceRecord).provenance.sku).toBe("45KY3J5YX2QM6KS7");
  });

  it("CloudWatch Logs ingestion outside us-east-1 (DuckbillGroup/CloudWatchCashBack cloudwatch_pricing.json @3e752291, prices of 2025-04-30)", () => {
    // REGION.logs.standard_ingestion, USD per GB; 1,000 GB ingested a month
    expect(monthly(snap("eu-central-1")("logs"), 1000 / HOURS)).toBe(630); // "eu-central-1": 0.63
    expect(monthly(snap("ap-southeast-1")("logs"), 1000 / HOURS)).toBe(700); // "ap-southeast-1": 0.7
    expect(rate(snap("us-west-2")("logs"))).toBe(0.5); // "us-west-2": 0.5 (its us-east-1 0.5 and eu-west-1 0.57 match the infracost goldens)
  });

  it("RDS gp2 storage, Single-AZ, outside us-east-1 (elleVas/cloudrift docs/pricing-refresh/2026-07-phase3.md @1e1e179b, Price List API figures)", () => {
    // 100 GB a month
    expect(monthly(snap("ap-southeast-1")("rds-storage:gp2:Single-AZ"), 100 / HOURS)).toBe(13.8); // "$0.131 → $0.138 /GB-month"
    expect(monthly(snap("eu-central-1")("rds-storage:gp2:Single-AZ"), 100 / HOURS)).toBe(13.7); // "live API shows $0.137" (its prices.json keeps 0.138)
    expect(rate(snap("us-west-2")("rds-storage:gp2:Single-AZ"))).toBe(0.115); // "confirmed still $0.115/GB-month"
  });

  it("RDS storage, Multi-AZ twice Single-AZ (AWS RDS User Guide: storage billed for both primary and standby)", () => {
    // eu-central-1 gp2 Single-AZ $0.137 (cloudrift) × 2 = $0.274; 100 GB a month = $27.40
    const gp2 = snap("eu-central-1")("rds-storage:gp2:Multi-AZ") as PriceRecord;
    expect(monthly(gp2, 100 / HOURS)).toBe(27.4);
    expect(gp2.provenance.rule).toMatchObject({ id: "multi-az-double", factor: 2, from: "rds-storage:gp2:Single-AZ" });
    // ap-southeast-1: AWS states only Multi-AZ gp3, $0.276 (Price List CSV row, MySQL, SKU W5CHCRSKW24CVYPR,
    // FoodLabelFlow-Microservices infra/aws-staging-budget.json @6b946d95); Single-AZ = 0.5 × $0.276 = $0.138, 100 GB = $13.80
    expect(monthly(snap("ap-southeast-1")("rds-storage:gp3:Multi-AZ"), 100 / HOURS)).toBe(27.6);
    const gp3 = snap("ap-southeast-1")("rds-storage:gp3:Single-AZ") as PriceRecord;
    expect(monthly(gp3, 100 / HOURS)).toBe(13.8);
    expect(gp3.provenance.rule).toMatchObject({ id: "multi-az-double", factor: 0.5, from: "rds-storage:gp3:Multi-AZ" });
    // a rate AWS states is kept: eu-west-1 gp2 Multi-AZ $0.253 (infracost beanstalk golden), not 2 × $0.127
    expect((snap("eu-west-1")("rds-storage:gp2:Multi-AZ") as PriceRecord).provenance.rule).toBeUndefined();
    expect(rate(snap("eu-west-1")("rds-storage:gp2:Multi-AZ"))).toBe(0.253);
  });

  it("eu-central-1 RDS gp3 storage from the MariaDB rows (FahadMustafa/aws-calc rds-mariadb.md @644ce153, Pricing API, 2026-09-24)", () => {
    // "eu-central-1: $0.137 / $0.274 per GB-month"; RDS general-purpose storage is not engine-specific (filter databaseEngine Any)
    expect(monthly(snap("eu-central-1")("rds-storage:gp3:Single-AZ"), 100 / HOURS)).toBe(13.7);
    // its anchor: db.r7g.2xlarge Multi-AZ 2.329 × 730 + 0.274 × 500 = $1,837.17; the storage part, 500 GB = $137.00
    expect(monthly(snap("eu-central-1")("rds-storage:gp3:Multi-AZ"), 500 / HOURS)).toBe(137);
  });

  it("us-west-2 RDS gp3 storage at the gp2 price, derived and said so (DoiT engineering blog 2024-03-05: the same per GB in RDS)", () => {
    // gp2 Single-AZ $0.115 (elleVas/cloudrift docs/pricing-refresh/2026-07-phase3.md @1e1e179b); 100 GB a month = $11.50
    const gp3 = snap("us-west-2")("rds-storage:gp3:Single-AZ") as PriceRecord;
    expect(monthly(gp3, 100 / HOURS)).toBe(11.5);
    expect(gp3.provenance.rule).toMatchObject({ id: "gp3-same-as-gp2", factor: 1, from: "rds-storage:gp2:Single-AZ" });
    // Multi-AZ: 2 × $0.115 = $0.23; 500 GB a month = $115.00
    const maz = snap("us-west-2")("rds-storage:gp3:Multi-AZ") as PriceRecord;
    expect(monthly(maz, 500 / HOURS)).toBe(115);
    expect(maz.provenance.rule).toMatchObject({ id: "multi-az-double", factor: 2, from: "rds-storage:gp3:Single-AZ" });
  });

  it("data transfer out by region (infracost data_transfer_test.golden @0ee89cff, 2024-09-25)", () => {
    const tiers = (region: string) => (snap(region)("data-transfer-out") as PriceRecord).tiers;
    // 20,000 GB: us-east-1 10,240 × 0.09 + 9,760 × 0.085 = 921.60 + 829.60
    expect(cents(tieredCost(20_000, tiers("us-east-1")))).toBe(1751.2);
    // ap-southeast-1: 10,240 × 0.12 + 9,760 × 0.085 = 1,228.80 + 829.60 (golden: first 10 TB $1,228.80)
    expect(cents(tieredCost(20_000, tiers("ap-southeast-1")))).toBe(2058.4);
    // eu-central-1 beyond 150 TB: golden 3,400 GB over 150 TB = $170.00 → $0.05
    expect(tiers("eu-central-1").at(-1)).toEqual({ fromGB: 153_600, toGB: Infinity, usdPerGB: 0.05 });
  });

  it("a price no source gives is a gap that says so", () => {
    expect(snap("us-west-2")("ec2:m7g.large", "reserved-1yr")).toEqual({ gap: { kind: "not-in-prices", item: "ec2:m7g.large", region: "us-west-2", term: "reserved-1yr", why: "no-public-source" } });
    expect(snap("eu-central-1")("ec2:r7g.4xlarge", "reserved-3yr")).toEqual({ gap: { kind: "not-in-prices", item: "ec2:r7g.4xlarge", region: "eu-central-1", term: "reserved-3yr", why: "no-public-source" } });
    expect(snap("us-east-1")("constructor")).toEqual({ gap: { kind: "unknown-type", item: "constructor" } });
  });

  it.each(Object.keys(regions))("%s: the bundled file fits the snapshot schema (a plan reads it unchecked)", (region) => {
    const json = JSON.parse(readFileSync(new URL(`../../models/prices/${region}.json`, import.meta.url), "utf8"));
    const r = schemas().SnapshotSchema.safeParse(json);
    expect(r.success ? "ok" : firstIssue(r.error, json)).toBe("ok");
  });

  it.each(Object.keys(regions))("%s: every derived price is its rule's factor times the price it names, on the same term", (region) => {
    const s = readSnapshot(region)!;
    const wrong: string[] = [];
    for (const [key, terms] of Object.entries(s.file.prices)) {
      for (const [term, entry] of Object.entries(terms)) {
        if (!entry || !("usd" in entry) || !entry.derived) continue;
        const from = s.file.prices[entry.derived.from]?.[term as (typeof TERMS)[number]];
        const fromUsd = from && "usd" in from ? Number(from.usd) : NaN;
        // stated rates carry up to 6 decimals: compare at a tenth of that
        if (!(Math.abs(Number(entry.usd) - Number(entry.derived.factor) * fromUsd) < 5e-7)) wrong.push(`${key} ${term}: ${entry.usd} ≠ ${entry.derived.factor} × ${from && "usd" in from ? from.usd : "nothing"}`);
        if (!s.file.sources[entry.derived.base]) wrong.push(`${key} ${term}: base ${entry.derived.base} is not a source`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(Object.keys(regions))("%s: every catalogue item and term is priced (above $0, with a source) or listed as a gap", (region) => {
    const s = readSnapshot(region)!;
    const catalogue = readModel<{ ec2: { types: object }; rds: { types: object }; elasticache: { types: object } }>("catalogue.json");
    for (const key of itemKeysForCatalogue(catalogue)) {
      for (const term of TERMS) {
        const t = termOf(parseItemKey(key)!.kind, term);
        if (t !== term) continue;
        const priced = s.file.prices[key]?.[t];
        const gap = s.file.gaps?.[key]?.[t];
        expect(Boolean(priced) !== Boolean(gap), `${region} ${key} ${t}`).toBe(true);
        if (priced) {
          expect(s.file.sources[priced.src], `${region} ${key} ${t} source`).toBeDefined();
          const usds = "usd" in priced ? [priced.usd] : priced.tiers.map((x) => x.usd);
          for (const u of usds) expect(Number(u), `${region} ${key} ${t}`).toBeGreaterThan(0);
        }
      }
    }
  });
});

// ------------------------------------------------------------------------------------------------
// The two books over those prices.

const guideData = readModel<GuidePrices>("guide-prices.json");
function awsBook(region: string, term: (typeof TERMS)[number] = "on-demand") {
  const look = snap(region);
  return awsPriceBook({ source: { origin: "snapshot", region, term, asOf: "2026-11-26" }, lookup: (k) => look(k, term), freeGB: { cloudfront: 1024, dataTransfer: 100, logs: 5 } });
}
const usd = (p: Priced | null) => (p && !("gap" in p) ? p.usd : p);

describe("AWS's book", () => {
  const book = awsBook("us-east-1");
  it("prices per hour, per GB-month, per LCU-hour, per vCPU-hour", () => {
    expect(book.compute("t3.medium")).toMatchObject({ usd: 0.0416, per: "hour", provenance: { origin: "snapshot", asOf: "2026-07-20" } });
    expect(book.rootVolume()).toMatchObject({ usd: 0.08, per: "GB-month" });
    expect(book.loadBalancerCapacityUnit()).toMatchObject({ usd: 0.008, per: "LCU-hour" });
    expect(book.cpuCredit("t3.large")).toMatchObject({ usd: 0.05, per: "vCPU-hour" });
    expect(book.cpuCredit("m5.large")).toBeNull(); // not burstable
    expect(usd(book.cacheNode("cache.t3.medium", "valkey"))).toBeCloseTo(0.0544, 10); // notes 3: "cache.t3.medium Valkey $0.0544/h (−20%)"
  });
  it("tiered items carry their per-account allowances", () => {
    expect(book.dataTransferOut()).toMatchObject({ per: "GB", freeGB: 100, freeAllowance: "per-account" });
    expect(book.logsIngestion()).toMatchObject({ freeGB: 5, tiers: [{ fromGB: 0, toGB: Infinity, usdPerGB: 0.5 }] });
    expect(book.cdnTransfer()).toMatchObject({ freeGB: 1024 });
    expect((book.objectStorage() as TieredPrice).tiers).toEqual(S3);
  });
  it("a gap is a gap on every term", () => {
    expect(awsBook("us-west-2", "reserved-3yr").compute("m7g.large")).toMatchObject({ gap: { kind: "not-in-prices", term: "reserved-3yr" } });
    expect(awsBook("us-east-1", "reserved-1yr").compute("r7g.large")).toMatchObject({ gap: { kind: "not-in-prices", term: "reserved-1yr" } });
    expect(awsBook("us-east-1", "reserved-1yr").objectStorage()).toMatchObject({ tiers: S3 }); // S3 has no reserved term
  });
});

describe("the guide's book", () => {
  const reference = awsBook("us-east-1");
  it("its own figures, and what it does not price is null, never $0", () => {
    const g = guidePriceBook(guideData, "on-demand", "us-east-1", reference);
    expect(g.compute("t3.medium")).toMatchObject({ usd: 30, per: "month" });
    expect(g.database("db.r5.2xlarge", false)).toMatchObject({ usd: 600 });
    expect(g.loadBalancer()).toMatchObject({ usd: 20 });
    for (const p of [g.rootVolume(), g.cpuCredit("t3.medium"), g.databaseStorage("gp3", false), g.loadBalancerCapacityUnit(), g.dataTransferOut(), g.logsIngestion()]) expect(p).toBeNull();
  });
  it("another type by AWS's list-price ratio, labelled as derived; reserved × 0.6 on top", () => {
    const g = guidePriceBook(guideData, "on-demand", "us-east-1", reference);
    const r6g = g.cacheNode("cache.r6g.large", "redis") as UnitPrice;
    expect(r6g.usd).toBeCloseTo((50 * 0.206) / 0.068, 10); // $151.47: guide $50 × AWS $0.206/h ÷ $0.068/h
    expect(r6g.provenance.derived).toEqual({ fromType: "cache.t3.medium", guideUSD: 50, ratio: 0.206 / 0.068 });
    expect(usd(g.cacheNode("cache.t3.medium", "valkey"))).toBeCloseTo(40, 10); // $50 × 0.8
    const reservedBook = guidePriceBook(guideData, "reserved-3yr", "us-east-1", reference);
    expect(usd(reservedBook.compute("t3.medium"))).toBeCloseTo(18, 10); // $30 × 0.6 ("Reserved Instances for 40% savings")
    expect(usd(reservedBook.database("db.m5.large", false))).toBeCloseTo(600 * (0.178 / 1.0) * 0.6, 10);
    expect(usd(reservedBook.database("db.r5.2xlarge", true))).toBeCloseTo(600 * 0.6 * 2, 10);
  });
  it("without AWS's price the derived figure is a gap that says why", () => {
    // the bundled snapshot has no m7g reserved rate: a reference book at that term cannot give the ratio
    expect(guidePriceBook(guideData, "on-demand", "us-west-2", awsBook("us-west-2", "reserved-1yr")).compute("m7g.large")).toEqual({ gap: { kind: "needs-aws-price", item: "m7g.large", fromType: "t3.medium" } });
    expect(guidePriceBook(guideData, "on-demand", "us-east-1").compute("m5.large")).toMatchObject({ gap: { kind: "needs-aws-price" } });
  });
});
