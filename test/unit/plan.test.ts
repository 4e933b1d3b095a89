// The spec's formulas on whole profiles, to the cent (planning-model.md sections 2-5).
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../src/io/profile-load.js";
import { parseProfileText } from "../../src/io/profile-yaml.js";
import { resolveProfile } from "../../src/core/profile/resolve.js";
import type { Report } from "../../src/core/report.js";
import { checkMessage, reconciliationNote } from "../../src/present/messages.js";
import { cents, reportOf } from "../helpers.js";

async function planOf(profile: string, flags: Record<string, unknown> = {}): Promise<Report> {
  return reportOf(resolveProfile(await loadProfile(profile), flags));
}

async function planOfYaml(yaml: string): Promise<Report> {
  return reportOf(resolveProfile(await parseProfileText(yaml, "every-key.yaml", "every-key"), {}));
}

const message = (r: Report, id: string) => checkMessage(r.checks.find((c) => c.id === id)!);

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
    // v2: pm2 -i max runs one process per vCPU (2 on a t3.medium), each with its pool of 20.
    expect(r.capacity.processes).toBe(2);
    expect(r.capacity.dbConnections).toBe(400);
    expect(r.capacity.redisMemoryGB).toBe(2);
    expect(r.capacity.storageGB).toBe(10_000_000);
    expect(r.capacity.cdnTransferGB).toBe(10_000);
    // 34.72 peak RPS × 2 queries × (0.9 × (1 - 0.8) + 0.1) = 19.44 queries/s
    expect(r.capacity.dbPeakQps).toBeCloseTo(19.444444, 6);
    expect(r.capacity.dbWorkingSetGB).toBe(2);
    // 1,000,000 requests/day × 730 / 24 = 30,416,666.67 a month; × 10,000 bytes = 304.17 GB, × 500 = 15.21 GB
    expect(r.capacity.requestsPerMonth).toBeCloseTo(30_416_666.666667, 5);
    expect(r.capacity.egressGB).toBeCloseTo(304.166667, 6);
    expect(r.capacity.logsGB).toBeCloseTo(15.208333, 6);
    // LCU: processed bytes bind: 11.574 RPS × 3,600 × 11,000 bytes / 1e9 = 0.4583 GB an hour
    expect(r.capacity.albLcu).toBeCloseTo(0.458333, 6);
    expect(r.capacity.backendCpuShare).toBeCloseTo(11.574074 / 1160, 8);
  });

  it("costs $231,820 on the guide's prices: S3 on 10 PB is $230,000", async () => {
    const r = await planOf("guide");
    expect(guideCosts(r)).toEqual({ ec2: 300, rds: 600, elasticache: 50, s3: 230_000, cloudfront: 850, alb: 20, dataTransfer: null, cloudwatch: null });
    expect(cents(r.costs.guide!.totalMonthlyUSD)).toBe(231_820);
    // Data transfer and logs are not in the guide: outside its total, not gaps.
    expect(r.costs.guide!.complete).toBe(true);
    expect(r.costs.guide!.services.dataTransfer.notInGuide).toBe(true);
    expect(r.summary.totalMonthlyUSD).toBe(r.costs.guide!.totalMonthlyUSD);
    expect(r.costs.guide!.services.rds.notes).toEqual(["guide-leaves-out-storage"]);
  });

  it("passes its capacity checks and warns about the guide's four slips", async () => {
    const r = await planOf("guide");
    expect(r.checks.map((c) => [c.id, c.level])).toEqual([
      ["throughput", "ok"],
      ["db-connections", "ok"],
      ["db-load", "ok"],
      ["db-memory", "ok"],
      ["cache-memory", "ok"],
      ["instance-memory", "ok"],
      ["burstable-credits", "ok"],
      ["guide", "warn"],
    ]);
    const guide = message(r, "guide");
    expect(guide).toContain("5 of the guide's 7 stated figures differ");
    expect(guide).toContain("database connections 200 vs 400");
    expect(guide).toContain("requests per second 1,157 RPS vs 11.57 RPS");
    expect(guide).toContain("storage 10,000 GB (10 TB) vs 10,000,000 GB (10 PB)");
    expect(guide).toContain("database server memory 32 GiB vs 64 GiB");
    expect(guide).toContain("total cost per month $2,050.00 vs $231,820.00");
  });

  it("states each check's numbers", async () => {
    const r = await planOf("guide");
    const msg = Object.fromEntries(r.checks.map((c) => [c.id, checkMessage(c)]));
    expect(msg.throughput).toBe("peak 34.72 RPS on 10 instances × 116 RPS = 1,160 RPS (3.0%, target 70.0%)");
    expect(msg["db-connections"]).toBe("400 connections (10 instances × 2 processes × pool 20) of db.r5.2xlarge's max_connections 5,000 (8.0%)");
    expect(msg["db-load"]).toBe("19.44 queries/s at peak on db.r5.2xlarge (8 vCPU × 1,000 queries/s): 0.2% of its CPU, target 70.0%");
    expect(msg["db-memory"]).toBe("working set 2 GB in db.r5.2xlarge's 68.72 GB (2.9%)");
    expect(msg["cache-memory"]).toBe("2 GB of cache on cache.t3.medium: 2.49 GB usable (3.09 GiB less 25.0% reserved)");
    expect(msg["instance-memory"]).toBe("2 processes × 512 MB = 1,024 MB on t3.medium with 4,096 MB");
    expect(msg["burstable-credits"]).toBe("average CPU 1.0% against t3.medium's baseline 20.0%: within the baseline, no surplus credits");
  });
});

describe("the reconciliation (section 4)", () => {
  it("says which stated figures follow from the guide's assumptions", async () => {
    const r = await planOf("startup-50k");
    const recon = r.reconciliation!;
    const rows = Object.fromEntries(recon.map((row) => [row.id, { ...row, note: reconciliationNote(row) }]));
    expect(Object.fromEntries(recon.map((row) => [row.id, row.follows]))).toEqual({
      dau: true,
      avgRps: false,
      dbConnections: false,
      redisMemoryGB: true,
      storageGB: false,
      dbMemoryGiB: false,
      totalMonthlyUSD: false,
    });
    expect(rows.avgRps.derived).toBeCloseTo(11.574, 3);
    expect(rows.avgRps.note).toContain("~1,157 needs 1,000 requests per DAU per day");
    expect(rows.dbConnections.derived).toBe(400);
    expect(rows.dbConnections.note).toBe("pm2 -i max runs 2 processes on each instance, each with its own pool of 20 (10 × 2 × 20)");
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
    expect(guideCosts(r)).toEqual({ ec2: 300, rds: 600, elasticache: 50, s3: 230, cloudfront: 850, alb: 20, dataTransfer: null, cloudwatch: null });
    expect(cents(r.costs.guide!.totalMonthlyUSD)).toBe(2050);
    expect(r.capacity.avgRps).toBeCloseTo(1157.407407, 5);
    expect(r.capacity.storageGB).toBe(10_000);
    // One process per instance: the guide's 200 connections hold.
    expect(r.capacity.dbConnections).toBe(200);
    // 1,157.41 RPS × 3,600 × 11,000 bytes / 1e9 = 45.83 GB an hour: 45.83 LCU, not 1.
    expect(r.capacity.albLcu).toBeCloseTo(45.833333, 6);
  });

  it("but its 10 instances cannot carry a 3x peak at 70%: throughput fails; the t3 fleet burns credits", async () => {
    const r = await planOf("guide-as-published");
    const t = r.checks.find((c) => c.id === "throughput")!;
    expect(t.level).toBe("fail");
    // 3,472.22 / (116 × 0.7 = 81.2) = 42.76 -> 43
    expect(checkMessage(t)).toBe(
      "peak 3,472.22 RPS on 10 instances × 116 RPS = 1,160 RPS (299.3%, target 70.0%): needs 43 instances (--instances 43 or --instances auto)",
    );
    expect(message(r, "guide")).toBe("1 of the guide's 7 stated figures differs from this plan by more than 5%: database server memory 32 GiB vs 64 GiB");
    const credits = r.checks.find((c) => c.id === "burstable-credits")!;
    expect(credits.level).toBe("warn");
    // (1,157.41 / 1,160 - 0.2) × 2 vCPU × 10 × 730 h = 11,647.28 vCPU-hours
    expect(credits.facts).toMatchObject({ baseline: 0.2, burstable: true });
    expect((credits.facts as { surplusVcpuHours: number }).surplusVcpuHours).toBeCloseTo(((1157.407407 / 1160) - 0.2) * 2 * 10 * 730, 3);
  });
});

describe("edges", () => {
  it("1 user", async () => {
    const r = await planOf("guide", { users: 1 });
    expect(r.capacity.dau).toBeCloseTo(0.1, 12);
    expect(r.capacity.avgRps).toBeCloseTo(1 / 86_400, 12);
    expect(r.capacity.storageGB).toBe(10);
    expect(guideCosts(r)).toEqual({ ec2: 300, rds: 600, elasticache: 50, s3: 0.23, cloudfront: 0, alb: 20, dataTransfer: null, cloudwatch: null });
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
    expect(checkMessage(cache)).toContain("the smallest node that holds it is cache.r6g.12xlarge");
  });

  it("reserved terms take 40% off ec2, rds and elasticache on the guide's book", async () => {
    const r = await planOf("guide-as-published", { pricing: { term: "reserved-1yr" } });
    expect(guideCosts(r)).toEqual({ ec2: 180, rds: 360, elasticache: 30, s3: 230, cloudfront: 850, alb: 20, dataTransfer: null, cloudwatch: null });
    expect(r.costs.guide!.services.ec2.notes).toContain("guide-reserved-terms-alike");
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
    // instances: 694.44 / (50 × 0.7 = 35) = 19.84 -> 20; m5.large has 2 vCPU: 20 × 2 × 15 = 600 connections
    expect(r.capacity).toMatchObject({ users: 2_500_000, dau: 500_000, requestsPerDay: 15_000_000, instances: 20, processes: 2, dbConnections: 600, redisMemoryGB: 25, storageGB: 1_250_000, cdnTransferGB: 250_000 });
    expect(r.capacity.avgRps).toBeCloseTo(173.611111, 5);
    expect(r.capacity.peakRps).toBeCloseTo(694.444444, 5);
    expect(r.stack.database.instanceClass).toBe("db.r5.2xlarge");
    expect(r.stack.cache.nodeType).toBe("cache.r6g.2xlarge");
    expect(r.stack.sizing.map((s) => s.chosen)).toEqual(["20 × m5.large", "db.r5.2xlarge", "cache.r6g.2xlarge"]);
    // The guide's book has no price for m5.large or cache.r6g.2xlarge: gaps, never $0.
    expect(guideCosts(r)).toEqual({ ec2: null, rds: 720, elasticache: null, s3: 28_750, cloudfront: 21_250, alb: 20, dataTransfer: null, cloudwatch: null });
    expect(r.costs.guide!.gaps).toEqual(["ec2", "elasticache"]);
    expect(r.costs.guide!.complete).toBe(false);
    // The priced part alone is over the budget: over, whatever the gaps add.
    expect(r.summary.budget).toEqual({ monthlyUSD: 50_000, state: "over" });
    expect(message(r, "budget")).toBe("at least $50,740.00 a month on the guide's prices against a budget of $50,000.00: over by at least $740.00");
    expect(r.assumptions.rateLimit).toEqual({ windowMinutes: 10, maxRequests: 200 });
  });
});
