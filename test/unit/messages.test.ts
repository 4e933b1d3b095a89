// The sentences made from the core's typed facts that checks.test.ts does not cover: gaps, price sources,
// cost lines, what the total leaves out, the guide's reconciliation notes.
import { describe, expect, it } from "vitest";
import type { CostLine, Provenance, ServiceCost, UnitPrice } from "../../src/core/facts.js";
import { gapMessage, notIncludedLine, provenanceLabel, reconciliationNote, serviceDescription, serviceDetail, shortGapMessage, sourceLabel } from "../../src/present/messages.js";

const snapshot: Provenance = { origin: "snapshot", source: "aws-pricing-2026-11", asOf: "2026-11-25", confirmed: true };
const guide: Provenance = { origin: "guide", source: "performance-scaling-guide.md", asOf: "undated", confirmed: true };
const price = (usd: number, per: UnitPrice["per"], p = snapshot): UnitPrice => ({ usd, per, provenance: p });

describe("gap reasons", () => {
  it("say the item once and why, whole and short", () => {
    const gap = { kind: "not-in-prices" as const, item: "compute:x1e.xlarge", region: "eu-west-1", term: "on-demand" as const };
    expect(gapMessage(gap)).toBe("no AWS price for compute:x1e.xlarge in eu-west-1 (on-demand)");
    expect(shortGapMessage(gap)).toBe("no price in eu-west-1 (on-demand)");
    const derived = { kind: "needs-aws-price" as const, item: "cache.r6g.xlarge", fromType: "cache.t3.medium" };
    expect(shortGapMessage(derived)).toBe("only cache.t3.medium; no AWS list price to derive cache.r6g.xlarge from");
    expect(gapMessage({ kind: "zero-price", item: "database:db.t3.micro" })).toBe("the only price found for database:db.t3.micro was $0, which is not a price");
  });

  it("say why a snapshot lists a price as missing, and what fills it", () => {
    const gap = { kind: "not-in-prices" as const, item: "ec2:m7g.large", region: "eu-central-1", term: "reserved-1yr" as const };
    expect(gapMessage({ ...gap, why: "no-public-source" })).toBe(
      "no AWS price for ec2:m7g.large in eu-central-1 (reserved-1yr): no public source we could cite states it; `prices pull` with AWS credentials adds it",
    );
    expect(gapMessage({ ...gap, why: "not-sold" })).toBe("no AWS price for ec2:m7g.large in eu-central-1 (reserved-1yr): AWS does not sell it there");
  });
});

describe("price sources", () => {
  it("name where a price came from, and a book", () => {
    expect(provenanceLabel(snapshot)).toBe("AWS snapshot 2026-11-25");
    expect(provenanceLabel(guide)).toBe("guide (undated)");
    expect(provenanceLabel({ ...guide, derived: { fromType: "cache.t3.medium", guideUSD: 50, ratio: 3.03 } })).toBe("derived from the guide");
    expect(provenanceLabel({ ...snapshot, confirmed: false })).toBe("AWS snapshot 2026-11-25, unconfirmed");
    expect(sourceLabel({ origin: "guide", asOf: "undated", region: "us-east-1", term: "on-demand" })).toBe("guide prices");
    expect(sourceLabel({ origin: "cache", asOf: "2026-11-25", ageHours: 3, region: "us-east-1", term: "on-demand" })).toBe("AWS cache 2026-11-25, 3 h old");
  });
});

describe("cost descriptions", () => {
  const line = (l: Partial<CostLine>): CostLine => ({ part: "flat", what: "", quantity: 1, unit: "", price: price(0, "hour"), monthlyUSD: 0, ...l }) as CostLine;
  const service = (lines: CostLine[], extra: Partial<ServiceCost> = {}): ServiceCost => ({ id: "ec2", monthlyUSD: 0, quantity: 1, unit: "", lines, notes: [], ...extra });

  it("instances, storage, tiers with a free allowance, and what the guide does not price", () => {
    expect(serviceDescription(service([line({ part: "instance-hours", what: "t3.medium", quantity: 10, price: price(0.0416, "hour") })]))).toBe("10 × t3.medium at $0.0416/h");
    expect(
      serviceDetail(
        service(
          [
            line({ part: "db-instance-hours", what: "db.r5.2xlarge Single-AZ", price: price(1, "hour") }),
            line({ part: "db-storage", what: "gp3", quantity: 1000, price: price(0.115, "GB-month") }),
          ],
          { notes: ["includes-storage"] },
        ),
      ),
    ).toBe("db.r5.2xlarge Single-AZ at $1.00/h + 1,000 GB gp3 at $0.115/GB-month; includes storage, which the guide's RDS price leaves out");
    const cf = { tiers: [0.085, 0.08].map((usdPerGB, i) => ({ fromGB: i * 10_000, toGB: (i + 1) * 10_000, usdPerGB })), per: "GB" as const, freeGB: 1024, provenance: snapshot };
    expect(serviceDescription(service([line({ part: "tiered-usage", what: "CloudFront data transfer out", quantity: 10_000, price: cf, freeGB: 1024, freeUSD: 87.04 })]))).toBe(
      "CloudFront data transfer out: 10,000 GB (10 TB) on 2 tiers from $0.085/GB, less 1,024 GB free (-$87.04)",
    );
    expect(serviceDescription(service([], { notInGuide: true, monthlyUSD: null }))).toBe("not in the guide (outside its total)");
  });

  it("what the total leaves out, in one line", () => {
    expect(notIncludedLine(["nat-gateways", "route53", "support-plan"])).toBe("Not included: NAT gateways, Route 53, support plans.");
  });
});

describe("the guide's reconciliation", () => {
  it("explains a figure that does not follow from the guide's assumptions", () => {
    expect(reconciliationNote({ id: "avgRps", quote: "", stated: 1157, derived: 11.574, follows: false, why: { dau: 100_000, requestsPerDau: 10 } })).toBe(
      "100,000 × 10 / 86,400 = 11.57; ~1,157 needs 1,000 requests per DAU per day",
    );
    expect(reconciliationNote({ id: "dau", quote: "", stated: 100_000, derived: 100_000, follows: true, why: {} })).toBe("");
  });
});
