// The formulas, checks and sizing of planning-model.md v2 (sections 2, 5, 6) at their boundaries, with
// hand-computed figures. The default profile is the guide's: 1M users, 100,000 DAU, 10 requests each.
import { describe, expect, it } from "vitest";
import { maxConnections, planCapacity, usableCacheGB } from "../../src/core/capacity.js";
import { runChecks } from "../../src/core/checks.js";
import type { Check } from "../../src/core/facts.js";
import { defaultProfile, type Profile } from "../../src/core/profile/settings.js";
import { checkMessage, sizingMessage } from "../../src/present/messages.js";
import { planData } from "../helpers.js";

const data = planData();
const { catalogue } = data;
const spec = (family: "ec2" | "rds" | "elasticache", name: string) => catalogue[family].types[name];

function profileWith(edit: (p: Profile) => void): Profile {
  const profile = defaultProfile(1_000_000);
  edit(profile);
  return profile;
}

function checksFor(edit: (p: Profile) => void): Record<string, Check> {
  const profile = profileWith(edit);
  const { capacity, stack } = planCapacity(profile, catalogue);
  const checks = runChecks({ profile, capacity, stack, catalogue, primary: undefined, guideCost: undefined, statements: data.statements });
  return Object.fromEntries(checks.map((c) => [c.id, c]));
}

const capacityOf = (edit: (p: Profile) => void) => planCapacity(profileWith(edit), catalogue).capacity;
const stackOf = (edit: (p: Profile) => void) => planCapacity(profileWith(edit), catalogue).stack;

describe("catalogue arithmetic", () => {
  it("RDS max_connections = LEAST(memory / 9531392, 5000)", () => {
    expect(maxConnections(spec("rds", "db.t3.medium"))).toBe(450);
    expect(maxConnections(spec("rds", "db.m5.large"))).toBe(901);
    expect(maxConnections(spec("rds", "db.r5.large"))).toBe(1802);
    expect(maxConnections(spec("rds", "db.r5.2xlarge"))).toBe(5000);
  });
  it("ElastiCache keeps 25% back", () => {
    expect(usableCacheGB(spec("elasticache", "cache.t3.medium"), catalogue)).toBeCloseTo(2.48839667712, 10);
  });
});

describe("capacity v2 (section 2)", () => {
  it.each([
    // [readShare, hitRate, queriesPerRequest, dbPeakQps]: 34.7222 peak RPS × q × (read × (1 − hit) + write)
    [0.9, 0.8, 2, 34.722222 * 2 * 0.28],
    [1, 1, 2, 0], // every request a read, every read a hit
    [0, 0.8, 1, 34.722222], // every request a write
    [0.5, 0, 3, 34.722222 * 3],
  ])("dbPeakQps with readShare %s, hitRate %s, %s queries", (readShare, hitRate, q, expected) => {
    const c = capacityOf((p) => {
      p.traffic.readShare = readShare;
      p.cache.hitRate = hitRate;
      p.database.queriesPerRequest = q;
    });
    expect(c.dbPeakQps).toBeCloseTo(expected, 5);
  });

  it("processes: auto is the type's vCPU; a number is taken as it is", () => {
    expect(capacityOf(() => {}).processes).toBe(2);
    expect(capacityOf((p) => (p.backend.instanceType = "m5.2xlarge")).processes).toBe(8);
    expect(capacityOf((p) => (p.backend.processesPerInstance = 3)).processes).toBe(3);
    // dbConnections = instances × processes × pool
    expect(capacityOf((p) => (p.backend.processesPerInstance = 3)).dbConnections).toBe(10 * 3 * 20);
  });

  // avgRps at 1M users is 11.574074; each dimension's divisor: 25 new connections/s, 3,000 active, 1 GB/h.
  describe("ALB LCU: the largest of the dimensions, just under and over each", () => {
    const lcuOf = (edit: (p: Profile) => void) => capacityOf(edit).albLcuDimensions;
    it("new connections bind when each request opens one and bytes are small", () => {
      // 11.574 new connections/s / 25 = 0.46296; active: 11.574 × 1 s / 3000; bytes: 11.574 × 3600 × 100 / 1e9
      const c = capacityOf((p) => {
        p.alb.requestsPerConnection = 1;
        p.alb.connectionSeconds = 1;
        p.traffic.requestBytes = 50;
        p.traffic.responseBytes = 50;
      });
      expect(c.albLcuDimensions.newConnections).toBeCloseTo(11.574074 / 25, 8);
      expect(c.albLcu).toBeCloseTo(11.574074 / 25, 8);
    });
    it("active connections bind with long-lived connections", () => {
      // 1.1574 new/s × 3,000 s = 3,472 active -> 1.1574 LCU
      const d = lcuOf((p) => {
        p.alb.connectionSeconds = 3000;
        p.traffic.responseBytes = 0;
        p.traffic.requestBytes = 0;
      });
      expect(d.activeConnections).toBeCloseTo(1.1574074, 6);
      expect(capacityOf((p) => { p.alb.connectionSeconds = 3000; p.traffic.responseBytes = 0; p.traffic.requestBytes = 0; }).albLcu).toBeCloseTo(1.1574074, 6);
    });
    it("processed bytes bind at the defaults: 11,000 bytes a request", () => {
      const d = lcuOf(() => {});
      expect(d.processedBytes).toBeCloseTo((11.574074 * 3600 * 11_000) / 1e9, 8);
      expect(d.processedBytes).toBeGreaterThan(d.newConnections);
      expect(d.processedBytes).toBeGreaterThan(d.activeConnections);
    });
    it("a fixed alb.lcu is taken as it is", () => {
      expect(capacityOf((p) => (p.alb.lcu = 3)).albLcu).toBe(3);
    });
  });

  it("egress and logs per month: requests/day × 730 / 24 × bytes", () => {
    const c = capacityOf((p) => {
      p.traffic.responseBytes = 1e9 / 30_416_666.666667; // one GB a month in all
      p.logging.bytesPerRequest = 2000;
    });
    expect(c.egressGB).toBeCloseTo(1, 6);
    expect(c.logsGB).toBeCloseTo((30_416_666.666667 * 2000) / 1e9, 5);
  });
});

describe("throughput: ok to the target, warn to 100%, fail above", () => {
  // 34.7222 peak RPS on one instance: utilization = 34.7222 / rpsPerInstance
  const peak = (100_000 * 10 * 3) / 86_400;
  const at = (rps: number) => checksFor((p) => {
    p.backend.instances = 1;
    p.backend.rpsPerInstance = rps;
  }).throughput;
  it.each([
    [peak / 0.7, "ok"], // exactly 70%
    [peak / 0.7001, "warn"],
    [peak, "warn"], // exactly 100%
    [peak * 0.999, "fail"],
  ])("rpsPerInstance %d -> %s", (rps, level) => expect(at(rps).level).toBe(level));
  it("names how many instances hold the target", () => {
    expect(checkMessage(at(peak))).toBe("peak 34.72 RPS on 1 instances × 34.72 RPS = 34.72 RPS (100.0%, target 70.0%): needs 2 instances (--instances 2 or --instances auto)");
  });
});

describe("db-connections: ok to 80%, warn above, fail above 100%", () => {
  const on = (instances: number) => checksFor((p) => {
    p.database.instanceClass = "db.t3.medium";
    p.backend.processesPerInstance = 1;
    p.backend.instances = instances;
  })["db-connections"];
  it.each([
    [18, "ok"], // 360 of 450 = 80.0%
    [19, "warn"], // 380 = 84.4%
    [22, "warn"], // 440 = 97.8%
    [23, "fail"], // 460 > 450
  ])("%d instances × 1 process × 20 -> %s", (n, level) => expect(on(n).level).toBe(level));
  it("names the way out, with the class that would hold them", () => {
    expect(checkMessage(on(23))).toBe(
      "460 connections (23 instances × 1 processes × pool 20) of db.t3.medium's max_connections 450 (102.2%): put RDS Proxy or PgBouncer in front, or use db.t3.large, or use fewer connections per instance (fewer processes or a smaller pool)",
    );
  });
});

describe("db-load: dbPeakQps / (vCPU × qpsPerVcpu) against the database target", () => {
  // db.t3.micro: 2 vCPU × 1,000 = 2,000 queries/s; dbPeakQps = 34.7222 × q × 0.28 = 9.7222 × q
  const at = (q: number) => checksFor((p) => {
    p.database.instanceClass = "db.t3.micro";
    p.database.queriesPerRequest = q;
  })["db-load"];
  // ok up to 70%, warn to 100%, fail above (1e-9 either side of each boundary)
  const perQuery = ((100_000 * 10 * 3) / 86_400) * 0.28;
  it.each([
    [(2000 * 0.7) / perQuery - 1e-9, "ok"],
    [(2000 * 0.7) / perQuery + 0.01, "warn"],
    [2000 / perQuery - 1e-9, "warn"],
    [2000 / perQuery + 0.01, "fail"],
  ])("%d queries per request -> %s", (q, level) => expect(at(q).level).toBe(level));
});

describe("db-memory: the working set against the class's memory", () => {
  // db.t3.micro: 1 GiB = 1.073741824 GB; working set = 100,000 DAU × bytes / 1e9
  const at = (bytes: number) => checksFor((p) => {
    p.database.instanceClass = "db.t3.micro";
    p.database.hotBytesPerActiveUser = bytes;
  })["db-memory"];
  it("just under fits, just over warns that reads go to disk", () => {
    expect(at(10_737).level).toBe("ok");
    const over = at(10_738);
    expect(over.level).toBe("warn");
    expect(checkMessage(over)).toContain("the working set does not fit in memory: reads go to disk");
  });
});

describe("cache-memory: at most 75% of the node", () => {
  const at = (bytes: number) => checksFor((p) => (p.cache.bytesPerActiveUser = bytes))["cache-memory"];
  it("just under fits, just over fails and names the smallest node that fits", () => {
    expect(at(24_883).level).toBe("ok");
    const over = at(24_884);
    expect(over.level).toBe("fail");
    expect(checkMessage(over)).toContain("the smallest node that holds it is cache.m6g.large");
  });
});

describe("instance-memory: processes × memoryMB", () => {
  it.each([
    [2, 2048, "ok"], // 4,096 MB on a t3.medium's 4,096
    [2, 2049, "fail"],
    [1, 4096, "ok"],
    [4, 1025, "fail"],
  ])("%d processes × %d MB -> %s", (processes, mb, level) => {
    expect(checksFor((p) => {
      p.backend.processesPerInstance = processes;
      p.backend.memoryMB = mb;
    })["instance-memory"].level).toBe(level);
  });
});

describe("burstable-credits: average CPU against each type's baseline", () => {
  // backendCpuShare = 11.574074 / (10 × rpsPerInstance): at rpsPerInstance = 11.574074 / (10 × baseline) it sits on the baseline.
  it.each([
    ["t3.micro", 0.1],
    ["t3.medium", 0.2],
    ["t3.large", 0.3],
    ["t3.xlarge", 0.4],
    ["t4g.small", 0.2],
  ])("%s: at its baseline %d ok, just above warn", (type, baseline) => {
    const at = (share: number) => checksFor((p) => {
      p.backend.instanceType = type;
      p.backend.processesPerInstance = 1;
      p.backend.memoryMB = 256;
      p.backend.rpsPerInstance = 11.574074074074074 / (10 * share);
    })["burstable-credits"];
    expect(at(baseline).level).toBe("ok");
    const over = at(baseline + 0.01);
    expect(over.level).toBe("warn");
    const vcpu = catalogue.ec2.types[type].vcpu;
    expect((over.facts as { surplusVcpuHours: number }).surplusVcpuHours).toBeCloseTo(0.01 * vcpu * 10 * 730, 6);
  });
  it("a non-burstable type never warns", () => {
    const c = checksFor((p) => {
      p.backend.instanceType = "m5.large";
      p.backend.rpsPerInstance = 1.2;
    })["burstable-credits"];
    expect(c.level).toBe("ok");
    expect(checkMessage(c)).toBe("m5.large is not burstable: no CPU credits");
  });
});

describe("sizing (section 6): each constraint binding in turn", () => {
  const db = (edit: (p: Profile) => void) => stackOf((p) => {
    p.database.instanceClass = "auto";
    edit(p);
  });
  it("connections: 375 × 1.2 = 450 fits db.t3.medium; 376 needs db.t3.large", () => {
    expect(db((p) => { p.backend.instances = 25; p.backend.processesPerInstance = 1; p.backend.poolSize = 15; }).database.instanceClass).toBe("db.t3.medium");
    const s = db((p) => { p.backend.instances = 47; p.backend.processesPerInstance = 1; p.backend.poolSize = 8; });
    expect(s.database.instanceClass).toBe("db.t3.large");
    expect(s.sizing[0]).toMatchObject({ component: "database", rule: "smallest-fit", binding: ["connections"] });
  });
  it("load: at 2,000 × 0.7 = 1,400 queries/s a 2-vCPU class is enough; above it, 4 vCPU", () => {
    // dbPeakQps = 9.7222 × q: q = 144 -> 1,400; q = 145 -> 1,409.7
    const peak = (100_000 * 10 * 3) / 86_400;
    const ok = db((p) => { p.backend.instances = 1; p.backend.processesPerInstance = 1; p.database.hotBytesPerActiveUser = 0; p.database.queriesPerRequest = 1400 / (peak * 0.28) - 1e-9; });
    expect(ok.database.instanceClass).toBe("db.t3.micro");
    const more = db((p) => { p.backend.instances = 1; p.backend.processesPerInstance = 1; p.database.hotBytesPerActiveUser = 0; p.database.queriesPerRequest = 145; });
    expect(more.database.instanceClass).toBe("db.t3.xlarge");
    expect(more.sizing[0].binding).toContain("load");
  });
  it("memory: the working set must fit (GiB converted to GB)", () => {
    // 100,000 DAU × 20,000 bytes = 2 GB: db.t3.micro (1.07 GB) and db.t3.small (2.15 GB)
    const s = db((p) => { p.backend.instances = 1; p.backend.processesPerInstance = 1; });
    expect(s.database.instanceClass).toBe("db.t3.small");
    expect(s.sizing[0].binding).toEqual(["memory"]);
    expect(db((p) => { p.backend.instances = 1; p.backend.processesPerInstance = 1; p.database.hotBytesPerActiveUser = 21_475; }).database.instanceClass).toBe("db.t3.medium");
  });
  it("minMemoryGB and allowBurstable", () => {
    // fewest vCPU first: db.r5.large (2 vCPU, 16 GiB) before db.t3.xlarge (4 vCPU, 16 GiB)
    expect(db((p) => { p.backend.instances = 1; p.database.minMemoryGB = 16; }).database.instanceClass).toBe("db.r5.large");
    expect(db((p) => { p.backend.instances = 1; p.database.allowBurstable = false; }).database.instanceClass).toBe("db.m5.large");
  });
  it("beyond any class: the largest allowed, and the way out", () => {
    const s = db((p) => { p.backend.instances = 1000; p.backend.poolSize = 20; });
    expect(s.sizing[0]).toMatchObject({ rule: "nothing-fits", binding: ["connections"], waysOut: ["pgbouncer-or-rds-proxy", "fewer-connections"] });
    expect(sizingMessage(s.sizing[0])).toContain("RDS Proxy or PgBouncer");
  });
  it("the cache: the smallest node holding it at 75% (8 GB -> cache.r6g.large)", () => {
    const s = stackOf((p) => { p.cache.nodeType = "auto"; p.cache.bytesPerActiveUser = 80_000; });
    expect(s.cache.nodeType).toBe("cache.r6g.large");
    expect(sizingMessage(s.sizing[0])).toBe("13.07 GiB, the smallest holding 8.0 GB at 75%");
  });
  it("instances: at least minInstances, else ceil(peak / (rpsPerInstance × target))", () => {
    expect(stackOf((p) => (p.backend.instances = "auto")).instances).toBe(2);
    // 3,472.22 / 81.2 = 42.76 -> 43
    expect(stackOf((p) => { p.backend.instances = "auto"; p.traffic.requestsPerUserPerDay = 1000; }).instances).toBe(43);
    // exactly 81.2 × 40 = 3,248 peak RPS -> 40, not 41
    expect(stackOf((p) => { p.backend.instances = "auto"; p.traffic.requestsPerUserPerDay = (3248 * 86_400) / (100_000 * 3); }).instances).toBe(40);
  });
});
