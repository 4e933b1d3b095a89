// The spec's formulas on whole profiles, to the cent (planning-model.md sections 2-5).
import { describe, expect, it } from "vitest";
import { makePlan } from "../../src/core/plan.js";
import { loadProfile } from "../../src/io/profile-load.js";
import { parseProfileText } from "../../src/io/profile-yaml.js";
import { resolveProfile } from "../../src/core/profile/resolve.js";
import type { Report } from "../../src/core/report.js";
import { cents, planData } from "../helpers.js";

const data = planData();

async function planOf(profile: string, flags: Record<string, unknown> = {}): Promise<Report> {
  const loaded = await loadProfile(profile);
  return makePlan(resolveProfile(loaded, flags), data, { guide: true, version: "test" });
}

async function planOfYaml(yaml: string): Promise<Report> {
  const loaded = await parseProfileText(yaml, "every-key.yaml", "every-key");
  return makePlan(resolveProfile(loaded, {}), data, { guide: true, version: "test" });
}

const guideCosts = (r: Report) => Object.fromEntries(Object.entries(r.costs.guide!.services).map(([id, s]) => [id, cents(s.monthlyUSD)]));
const level = (r: Report, id: string) => r.checks.find((c) => c.id === id)?.level;

describe("the guide profile (its assumptions as written)", () => {
  it("gives the capacity of planning-model.md section 4", async () => {
    const r = await planOf("guide");
    expect(r.capacity.users).toBe(1_000_000);
    expect(r.capacity.dau).toBe(100_000);
    expect(r.capacity.requestsPerDay).toBe(1_000_000);
    expect(r.capacity.avgRps).toBeCloseTo(11.574074, 6);
    expect(r.capacity.peakRps).toBeCloseTo(34.722222, 6);
    expect(r.capacity.instances).toBe(10);
    expect(r.capacity.dbConnections).toBe(200);
    expect(r.capacity.redisMemoryGB).toBe(2);
    expect(r.capacity.storageGB).toBe(10_000_000);
    expect(r.capacity.cdnTransferGB).toBe(10_000);
  });

  it("costs $231,820 on the guide's prices: S3 on 10 PB is $230,000", async () => {
    const r = await planOf("guide");
    expect(guideCosts(r)).toEqual({ ec2: 300, rds: 600, elasticache: 50, s3: 230_000, cloudfront: 850, alb: 20 });
    expect(cents(r.costs.guide!.totalMonthlyUSD)).toBe(231_820);
    expect(r.totalMonthlyCost).toBe(r.costs.guide!.totalMonthlyUSD);
    expect(r.costs.guide!.services.rds.notes).toEqual(["the guide leaves RDS storage (1,000 GB) out of its price"]);
  });

  it("passes its capacity checks and warns about the guide's four slips", async () => {
    const r = await planOf("guide");
    expect(r.checks.map((c) => [c.id, c.level])).toEqual([
      ["throughput", "ok"],
      ["db-connections", "ok"],
      ["cache-memory", "ok"],
      ["instance-memory", "ok"],
      ["guide", "warn"],
    ]);
    const guide = r.checks.find((c) => c.id === "guide")!.message;
    expect(guide).toContain("4 of the guide's 7 stated figures differ");
    expect(guide).toContain("requests per second 1,157 RPS vs 11.57 RPS");
    expect(guide).toContain("storage 10,000 GB (10 TB) vs 10,000,000 GB (10 PB)");
    expect(guide).toContain("database server memory 32 GiB vs 64 GiB");
    expect(guide).toContain("total cost per month $2,050.00 vs $231,820.00");
  });

  it("states each check's numbers", async () => {
    const r = await planOf("guide");
    const msg = Object.fromEntries(r.checks.map((c) => [c.id, c.message]));
    expect(msg.throughput).toBe("peak 34.72 RPS on 10 instances × 116 RPS = 1,160 RPS (3.0%)");
    expect(msg["db-connections"]).toBe("200 connections (10 instances × pool 20) of db.r5.2xlarge's max_connections 5,000 (4.0%)");
    expect(msg["cache-memory"]).toBe("2 GB of cache on cache.t3.medium: 2.49 GB usable (3.09 GiB less 25.0% reserved)");
    expect(msg["instance-memory"]).toBe("512 MB per backend process on t3.medium with 4 GiB (4,096 MB)");
  });
});

describe("the reconciliation (section 4)", () => {
  it("says which stated figures follow from the guide's assumptions", async () => {
    const r = await planOf("startup-50k");
    const rows = Object.fromEntries(r.guideReconciliation.map((row) => [row.id, row]));
    expect(Object.fromEntries(r.guideReconciliation.map((row) => [row.id, row.follows]))).toEqual({
      dau: true,
      avgRps: false,
      dbConnections: true,
      redisMemoryGB: true,
      storageGB: false,
      dbMemoryGiB: false,
      totalMonthlyUSD: false,
    });
    expect(rows.avgRps.derived).toBeCloseTo(11.574, 3);
    expect(rows.avgRps.note).toContain("~1,157 needs 1,000 requests per DAU per day");
    expect(rows.storageGB.derived).toBe(10_000_000);
    expect(rows.storageGB.note).toContain("~10 TB needs 10 MB per user");
    expect(rows.dbMemoryGiB.note).toBe("db.r5.2xlarge has 64 GiB; 32 GiB is db.m5.2xlarge");
    expect(cents(rows.totalMonthlyUSD.derived)).toBe(231_820);
    expect(rows.totalMonthlyUSD.note).toContain("at the guide's own S3 price is $230,000.00");
  });
});

describe("guide-as-published reproduces the guide's table", () => {
  it("$2,050 on guide prices, with ~1,157 RPS and 10 TB", async () => {
    const r = await planOf("guide-as-published");
    expect(guideCosts(r)).toEqual({ ec2: 300, rds: 600, elasticache: 50, s3: 230, cloudfront: 850, alb: 20 });
    expect(cents(r.costs.guide!.totalMonthlyUSD)).toBe(2050);
    expect(r.capacity.avgRps).toBeCloseTo(1157.407407, 5);
    expect(r.capacity.storageGB).toBe(10_000);
  });

  it("but its 10 instances cannot carry a 3x peak: throughput fails", async () => {
    const r = await planOf("guide-as-published");
    const t = r.checks.find((c) => c.id === "throughput")!;
    expect(t.level).toBe("fail");
    expect(t.message).toBe("peak 3,472.22 RPS on 10 instances × 116 RPS = 1,160 RPS (299.3%): needs 30 instances (--instances 30 or --instances auto)");
    const g = r.checks.find((c) => c.id === "guide")!;
    expect(g.message).toBe("1 of the guide's 7 stated figures differs from this plan by more than 5%: database server memory 32 GiB vs 64 GiB");
  });
});

describe("edges", () => {
  it("1 user", async () => {
    const r = await planOf("guide", { users: 1 });
    expect(r.capacity.dau).toBeCloseTo(0.1, 12);
    expect(r.capacity.avgRps).toBeCloseTo(1 / 86_400, 12);
    expect(r.capacity.storageGB).toBe(10);
    expect(guideCosts(r)).toEqual({ ec2: 300, rds: 600, elasticache: 50, s3: 0.23, cloudfront: 0, alb: 20 });
    expect(r.costs.guide!.totalMonthlyUSD).toBeCloseTo(970.23085, 8);
    expect(level(r, "guide")).toBe("ok");
  });

  it("100M users: throughput and cache fail and name the way out", async () => {
    const r = await planOf("guide", { users: 100_000_000 });
    expect(r.capacity.peakRps).toBeCloseTo(3472.222222, 5);
    expect(r.capacity.redisMemoryGB).toBe(200);
    expect(cents(r.costs.guide!.totalMonthlyUSD)).toBe(23_085_970);
    expect(level(r, "throughput")).toBe("fail");
    const cache = r.checks.find((c) => c.id === "cache-memory")!;
    expect(cache.level).toBe("fail");
    expect(cache.message).toContain("the smallest node that holds it is cache.r6g.12xlarge (317.77 GiB)");
  });

  it("reserved terms take 40% off ec2, rds and elasticache on the guide's book", async () => {
    const r = await planOf("guide-as-published", { pricing: { term: "reserved-1yr" } });
    expect(guideCosts(r)).toEqual({ ec2: 180, rds: 360, elasticache: 30, s3: 230, cloudfront: 850, alb: 20 });
  });

  it("Multi-AZ doubles the database", async () => {
    const r = await planOf("guide-as-published", { database: { multiAz: true } });
    expect(cents(r.costs.guide!.services.rds.monthlyUSD)).toBe(1200);
  });

  it("a profile that sets every key", async () => {
    const r = await planOfYaml(`
description: every key
users: 2.5m
traffic: { dauRatio: 0.2, requestsPerUserPerDay: 30, peakFactor: 4 }
backend: { instances: auto, instanceType: m5.large, rpsPerInstance: 50, minInstances: 3, poolSize: 15, memoryMB: 2048 }
database: { instanceClass: auto, multiAz: true, storageGB: 2000, storageType: gp2, minMemoryGB: 64 }
cache: { nodeType: auto, bytesPerActiveUser: 50000, ttlSeconds: 120 }
storage: { perUserGB: 0.5 }
cdn: { transferPerUserGB: 0.1 }
alb: { lcu: 3 }
rateLimit: { windowMinutes: 10, maxRequests: 200 }
pricing: { region: eu-west-1, term: reserved-1yr }
budget: { monthlyUSD: 50000 }
`);
    expect(r.capacity).toMatchObject({ users: 2_500_000, dau: 500_000, requestsPerDay: 15_000_000, instances: 14, dbConnections: 210, redisMemoryGB: 25, storageGB: 1_250_000, cdnTransferGB: 250_000 });
    expect(r.capacity.avgRps).toBeCloseTo(173.611111, 5);
    expect(r.capacity.peakRps).toBeCloseTo(694.444444, 5);
    expect(r.stack.database.instanceClass).toBe("db.r5.2xlarge");
    expect(r.stack.cache.nodeType).toBe("cache.r6g.2xlarge");
    expect(r.stack.sizing.map((s) => s.choice)).toEqual(["14 × m5.large", "db.r5.2xlarge", "cache.r6g.2xlarge"]);
    // The guide's book has no price for m5.large or cache.r6g.2xlarge: gaps, never $0.
    expect(guideCosts(r)).toEqual({ ec2: null, rds: 720, elasticache: null, s3: 28_750, cloudfront: 21_250, alb: 20 });
    expect(r.costs.guide!.gaps).toEqual(["ec2", "elasticache"]);
    expect(r.costs.guide!.complete).toBe(false);
    expect(r.budget).toEqual({ monthlyUSD: 50_000, pricing: "guide", totalMonthlyUSD: 50_740, pass: false });
    expect(r.checks.find((c) => c.id === "budget")!.message).toBe(
      "cannot hold $50,000.00: no price on the guide's prices for ec2, elasticache; the priced services alone come to $50,740.00",
    );
    expect(r.assumptions.rateLimit).toEqual({ windowMinutes: 10, maxRequests: 200 });
  });
});
