// The checks of planning-model.md section 5 at their boundaries.
import { describe, expect, it } from "vitest";
import { maxConnections, planCapacity, usableCacheGB } from "../../src/core/capacity.js";
import { runChecks, type Check } from "../../src/core/checks.js";
import { defaultProfile, type Profile } from "../../src/core/profile/settings.js";
import { planData } from "../helpers.js";

const data = planData();
const { catalogue } = data;

function checksFor(edit: (p: Profile) => void): Record<string, Check> {
  const profile = defaultProfile(1_000_000);
  edit(profile);
  const { capacity, stack } = planCapacity(profile, catalogue);
  const checks = runChecks({ profile, capacity, stack, catalogue, primary: undefined, guideCost: undefined, statements: data.statements });
  return Object.fromEntries(checks.map((c) => [c.id, c]));
}

describe("catalogue arithmetic", () => {
  it("RDS max_connections = LEAST(memory / 9531392, 5000)", () => {
    expect(maxConnections(catalogue.rds.types["db.t3.medium"])).toBe(450);
    expect(maxConnections(catalogue.rds.types["db.m5.large"])).toBe(901);
    expect(maxConnections(catalogue.rds.types["db.r5.large"])).toBe(1802);
    expect(maxConnections(catalogue.rds.types["db.r5.2xlarge"])).toBe(5000);
  });
  it("ElastiCache keeps 25% back", () => {
    expect(usableCacheGB(catalogue.elasticache.types["cache.t3.medium"], catalogue)).toBeCloseTo(2.48839667712, 10);
  });
});

describe("db-connections: ok to 80%, warn above, fail above 100%", () => {
  const on = (instances: number) => checksFor((p) => {
    p.database.instanceClass = "db.t3.medium";
    p.backend.instances = instances;
  })["db-connections"];
  it.each([
    [18, "ok"], // 360 of 450 = 80.0%
    [19, "warn"], // 380 = 84.4%
    [22, "warn"], // 440 = 97.8%
    [23, "fail"], // 460 > 450
  ])("%d instances × 20 -> %s", (n, level) => expect(on(n).level).toBe(level));
  it("names the way out", () => {
    expect(on(23).message).toBe(
      "460 connections (23 instances × pool 20) of db.t3.medium's max_connections 450 (102.2%): put RDS Proxy or PgBouncer in front, use a larger class, or fewer connections per instance",
    );
  });
});

describe("cache-memory: at most 75% of the node", () => {
  const at = (bytes: number) => checksFor((p) => (p.cache.bytesPerActiveUser = bytes))["cache-memory"];
  it("just under fits, just over fails and names the smallest node that fits", () => {
    expect(at(24_883).level).toBe("ok");
    const over = at(24_884);
    expect(over.level).toBe("fail");
    expect(over.message).toContain("the smallest node that holds it is cache.m6g.large (6.38 GiB)");
  });
});

describe("throughput and instance memory", () => {
  it("peak RPS equal to the instances' capacity is ok; one request more fails", () => {
    // 100,000 DAU x 10 / 86,400 x 3 = 34.72 RPS; one instance at 34.72 RPS carries it exactly.
    const peak = (100_000 * 10 * 3) / 86_400;
    expect(checksFor((p) => { p.backend.instances = 1; p.backend.rpsPerInstance = peak; }).throughput.level).toBe("ok");
    expect(checksFor((p) => { p.backend.instances = 1; p.backend.rpsPerInstance = peak * 0.999; }).throughput.level).toBe("fail");
  });
  it("a process bigger than the instance fails", () => {
    expect(checksFor((p) => (p.backend.memoryMB = 4096))["instance-memory"].level).toBe("ok");
    expect(checksFor((p) => (p.backend.memoryMB = 4097))["instance-memory"].level).toBe("fail");
  });
});

describe("sizing (section 6)", () => {
  const size = (edit: (p: Profile) => void) => {
    const profile = defaultProfile(1_000_000);
    edit(profile);
    return planCapacity(profile, catalogue).stack;
  };
  it("the database: the smallest class with 20% connection headroom", () => {
    // 375 x 1.2 = 450 fits db.t3.medium's 450; 376 x 1.2 = 451.2 -> 452 needs db.t3.large.
    expect(size((p) => { p.database.instanceClass = "auto"; p.backend.instances = 25; p.backend.poolSize = 15; }).database.instanceClass).toBe("db.t3.medium");
    expect(size((p) => { p.database.instanceClass = "auto"; p.backend.instances = 47; p.backend.poolSize = 8; }).database.instanceClass).toBe("db.t3.large");
  });
  it("the database beyond any class names the way out", () => {
    const stack = size((p) => { p.database.instanceClass = "auto"; p.backend.instances = 1000; p.backend.poolSize = 20; });
    expect(stack.sizing[0].reason).toContain("no class holds 24000 connections");
    expect(stack.sizing[0].reason).toContain("RDS Proxy or PgBouncer");
  });
  it("the cache: the smallest node holding it at 75% (8 GB -> cache.r6g.large)", () => {
    const stack = size((p) => { p.cache.nodeType = "auto"; p.cache.bytesPerActiveUser = 80_000; });
    expect(stack.cache.nodeType).toBe("cache.r6g.large");
    expect(stack.sizing[0].reason).toBe("13.07 GiB, the smallest holding 8.0 GB at 75%");
  });
  it("instances: at least minInstances, else ceil(peak / rpsPerInstance)", () => {
    expect(size((p) => (p.backend.instances = "auto")).instances).toBe(2);
    expect(size((p) => { p.backend.instances = "auto"; p.traffic.requestsPerUserPerDay = 1000; }).instances).toBe(30);
  });
});
