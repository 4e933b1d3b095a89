// Sweeps, their chart, diffs, the guide's derived prices, and the shipped JSON Schema.
import { readFileSync } from "node:fs";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { diffReports } from "../../src/core/diff.js";
import { estimateCost } from "../../src/core/cost.js";
import { planCapacity } from "../../src/core/capacity.js";
import { guidePriceBook } from "../../src/core/pricing/guide-book.js";
import { isGap, type PriceBook } from "../../src/core/pricing/book.js";
import type { Priced } from "../../src/core/facts.js";
import { loadProfile } from "../../src/io/profile-load.js";
import { resolveProfile } from "../../src/core/profile/resolve.js";
import { defaultProfile } from "../../src/core/profile/settings.js";
import { renderChart } from "../../src/present/render-chart.js";
import { ReportSchema, reportJsonSchema } from "../../src/core/report-schema.js";
import type { Report } from "../../src/core/report.js";
import { ReportDocumentSchema, toDiffSide } from "../../src/core/report-document.js";
import { parseUserPoints, planPoints, runSweep } from "../../src/core/sweep.js";
import { planJson } from "../../src/present/render-json.js";
import { driverText } from "../../src/present/render-diff.js";
import { ROOT, guideBook as guideBookV2, planData, reportOf } from "../helpers.js";

const data = planData();

describe("sweep points", () => {
  it.each([
    ["10k,100k,1m,10m,100m", undefined, [10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]],
    ["1m, 10k ,1m", undefined, [10_000, 1_000_000]],
    ["10k..100m", 5, [10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]],
    ["1k..1m", 4, [1000, 10_000, 100_000, 1_000_000]],
  ])("%s (steps %s)", (text, steps, expected) => expect(parseUserPoints(text, steps)).toEqual(expected));
  it.each([
    ["10k..1k", undefined, "the range must go up (got 10k..1k)"],
    ["10k..100m", 1, "--steps must be a whole number from 2 to 10000 (got 1)"],
    ["10k,abc", undefined, '"abc" must be a number like 1000000, 1e6 or 250k (got "abc")'],
    ["10k,100k", 3, "--steps goes with a range such as 10k..100m"],
  ])("rejects %s", (text, steps, message) => expect(parseUserPoints(text, steps)).toBe(message));
  it("a range of 1,000 points", () => expect((parseUserPoints("10k..100m", 1000) as number[]).length).toBe(1000));
});

describe("a sweep marks where components step up", () => {
  const profile = { ...defaultProfile(1), backend: { ...defaultProfile(1).backend, instances: "auto" as const }, cache: { ...defaultProfile(1).cache, nodeType: "auto" } };
  const sweep = runSweep(planPoints(profile, [10_000, 1_000_000, 10_000_000], data.catalogue), data, { guide: guideBookV2() });
  it("rows follow the formulas", () => {
    // instances: 347.22 peak RPS at 10M / (116 × 0.7) = 4.28 -> 5
    expect(sweep.rows.map((r) => [r.users, r.instances, r.cacheNode])).toEqual([
      [10_000, 2, "cache.t3.micro"],
      [1_000_000, 2, "cache.t3.medium"],
      [10_000_000, 5, "cache.r6g.xlarge"],
    ]);
    expect(sweep.rows.map((r) => r.failingChecks)).toEqual([[], [], []]);
    expect(sweep.rows[1].services.s3).toBeCloseTo(230_000, 6);
  });
  it("steps", () => {
    expect(sweep.steps).toEqual([
      { users: 1_000_000, component: "cache", from: "cache.t3.micro", to: "cache.t3.medium" },
      { users: 10_000_000, component: "instances", from: "2", to: "5" },
      { users: 10_000_000, component: "cache", from: "cache.t3.medium", to: "cache.r6g.xlarge" },
    ]);
  });
  it("the chart is valid SVG with one series a service, the budget line and the step markers", () => {
    const svg = renderChart(sweep, { title: "t & <t>", budgetUSD: 50_000 });
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(svg).svg;
    const series = [doc.path].flat().filter((p: Record<string, string>) => p["@_class"] === "series");
    expect(series.map((p: Record<string, string>) => p["@_data-service"])).toEqual(["ec2", "rds", "elasticache", "s3", "cloudfront", "alb", "dataTransfer", "cloudwatch"]);
    const groups = [doc.g].flat();
    expect(groups.filter((g: Record<string, string>) => g["@_class"] === "budget")).toHaveLength(1);
    expect(groups.filter((g: Record<string, string>) => g["@_class"] === "step").map((g: Record<string, string>) => g["@_data-component"])).toEqual(["cache", "cache"]);
    // Issue 11: both axes logarithmic, said once under the title.
    expect(svg).toContain(">monthly cost in USD (log scale) against users (log scale)</text>");
    expect(svg).toContain("<title>t &amp; &lt;t&gt;</title>");
  });
});

describe("the guide's price of another type, by AWS's list-price ratio", () => {
  // A stand-in AWS book with two cache nodes: cache.t3.medium at $0.068/h, cache.r6g.large at $0.206/h.
  const hourly = (usd: number): Priced => ({ usd, per: "hour", provenance: { origin: "snapshot", source: "test", asOf: "2026-11-26", confirmed: false } });
  const aws: PriceBook = {
    ...guideBookV2(),
    name: "aws",
    cacheNode: (t: string) => (t === "cache.t3.medium" ? hourly(0.068) : t === "cache.r6g.large" ? hourly(0.206) : { gap: { kind: "not-in-prices", item: t, region: "us-east-1", term: "on-demand" } }),
    compute: (t: string) => ({ gap: { kind: "not-in-prices", item: t, region: "us-east-1", term: "on-demand" } }),
  };
  const book = guidePriceBook(data.guidePrices, "on-demand", "us-east-1", aws);
  it("cache.r6g.large = $50 × 0.206 / 0.068, labelled as derived", () => {
    const p = book.cacheNode("cache.r6g.large", "redis");
    expect(isGap(p) ? null : p.usd).toBeCloseTo((50 * 0.206) / 0.068, 9);
    expect(isGap(p) ? null : p.provenance.derived).toEqual({ fromType: "cache.t3.medium", guideUSD: 50, ratio: 0.206 / 0.068 });
  });
  it("reserved terms apply the guide's 0.6 on top", () => {
    const reserved = guidePriceBook(data.guidePrices, "reserved-1yr", "us-east-1", aws).cacheNode("cache.r6g.large", "redis");
    expect(isGap(reserved) ? null : reserved.usd).toBeCloseTo(((50 * 0.206) / 0.068) * 0.6, 9);
  });
  it("without AWS's price it is a gap that says why", () => {
    expect(book.compute("m5.large")).toEqual({ gap: { kind: "needs-aws-price", item: "m5.large", fromType: "t3.medium" } });
  });
});

async function report(flags: Record<string, unknown> = {}, profile = "guide"): Promise<Report> {
  return reportOf(resolveProfile(await loadProfile(profile), flags));
}

/** A report as diff reads it back: its JSON document, parsed and reduced. */
const side = (r: Report) => toDiffSide(ReportDocumentSchema.parse(JSON.parse(JSON.stringify(planJson(r)))));

describe("diff", () => {
  it("per service and total, with what drove it", async () => {
    const base = await report({}, "guide-as-published");
    const head = await report({ users: 1_500_000, backend: { instances: 12 } }, "guide-as-published");
    const d = diffReports(side(base), side(head), { percent: 10 });
    expect(d.pricing).toBe("guide");
    expect(d.pastTotalMonthlyCost).toBe(2050);
    expect(d.totalMonthlyCost).toBeCloseTo(2050 + 60 + 115 + 425, 9); // 2 more instances; S3 +5 TB; CloudFront +5 TB
    expect(d.diffTotalMonthlyCost).toBeCloseTo(600, 9);
    expect(d.percentChange).toBeCloseTo((600 / 2050) * 100, 9);
    expect(d.services.ec2).toMatchObject({ before: 300, after: 360 });
    expect(d.services.ec2.drivers.map(driverText)).toEqual(["instances 10 → 12"]);
    expect(d.services.s3.drivers.map(driverText)).toEqual(["storage GB 10,000 → 15,000"]);
    expect(d.drivers.map(driverText)).toEqual(["users 1,000,000 → 1,500,000", "backend.instances 10 → 12"]);
    expect(d.maxIncrease).toEqual({ limit: { percent: 10 }, limitUSD: 205, state: "over" });
    expect(diffReports(side(base), side(head), { usd: 600 }).maxIncrease!.state).toBe("within");
    expect(diffReports(side(base), side(head), { usd: 599.99 }).maxIncrease!.state).toBe("over");
  });
  it("warns when the reports were priced differently", async () => {
    const d = diffReports(side(await report()), side(await report({ pricing: { region: "eu-west-1", term: "reserved-1yr" } })));
    expect(d.warnings).toEqual([
      { kind: "different-regions", base: "us-east-1", head: "eu-west-1" },
      { kind: "different-terms", base: "on-demand", head: "reserved-1yr" },
    ]);
  });
});

describe("the shipped JSON Schema", () => {
  it("is the one the zod schema generates (npm run schema)", () => {
    expect(JSON.parse(readFileSync(`${ROOT}/schema/report.schema.json`, "utf8"))).toEqual(reportJsonSchema());
  });
  it("holds real reports, and rejects a malformed one", async () => {
    for (const r of [await report(), await report({}, "startup-50k"), await report({}, "scaleup-10m")]) {
      const parsed = ReportSchema.safeParse(JSON.parse(JSON.stringify(planJson(r))));
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
    const bad = JSON.parse(JSON.stringify(planJson(await report())));
    bad.costs.guide.services.ec2.monthlyUSD = "300";
    expect(ReportSchema.safeParse(bad).success).toBe(false);
  });
});

it("estimateCost never invents a $0: a type the book lacks is a gap", () => {
  const { capacity, stack } = planCapacity({ ...defaultProfile(1_000_000), backend: { ...defaultProfile(1).backend, instanceType: "m5.large" } }, data.catalogue);
  const cost = estimateCost(capacity, stack, guideBookV2(), data.catalogue);
  expect(cost.services.ec2.monthlyUSD).toBeNull();
  expect(cost.complete).toBe(false);
  expect(cost.gaps).toEqual(["ec2"]);
});
