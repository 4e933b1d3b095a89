// Planning model v2 end to end: sized stacks that pass their own checks, and gates that never pass on a
// missing price (docs/planning-model.md sections 6 and 7). The gaps come from a fixture snapshot: the bundled
// us-east-1 prices with ec2:m5.large taken out (test/fixtures/prices), so these tests do not depend on what
// the bundled snapshot happens to lack.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, cli, cliJson, tempDir } from "../helpers.js";

const GUIDE = ["--pricing", "guide", "--offline"];
const FIXTURE = join(ROOT, "test/fixtures/prices/us-east-1-without-m5-large.json");
/** AWS's prices from the fixture, offline. */
const AWS = ["--pricing", "aws", "--offline", "--prices", FIXTURE];
const UNPRICED = ["--instance-type", "m5.large"];

describe("--size auto: the choices pass their own checks", () => {
  it.each([
    // [users, instances, database, cache]: hand-computed from docs/planning-model.md sections 2 and 6
    ["1k", 2, "db.t3.micro", "cache.t3.micro"],
    ["1m", 2, "db.t3.small", "cache.t3.medium"],
    ["100m", 43, "db.r5.8xlarge", "cache.r6g.12xlarge"],
  ])("%s users", (users, instances, db, cache) => {
    const { json, status } = cliJson(["--users", users, "--size", "auto", ...GUIDE]);
    expect(status).toBe(0);
    expect(json.summary.stack).toMatchObject({ instances, databaseClass: db, cacheNode: cache });
    expect(json.summary.failingChecks).toEqual([]);
    expect(json.checks.filter((c: { level: string }) => c.level === "fail")).toEqual([]);
    expect(json.stack.sizing.map((s: { component: string }) => s.component)).toEqual(["instances", "database", "cache"]);
  });

  it("100m users: the database is bound by its working set, and says so", () => {
    const { json } = cliJson(["--users", "100m", "--size", "auto", ...GUIDE]);
    const db = json.stack.sizing.find((s: { component: string }) => s.component === "database");
    expect(db.binding).toContain("memory");
    // 10,000,000 DAU × 20,000 bytes = 200 GB; 43 × 2 × 20 = 1,720 connections + 20% = 2,064
    expect(db.needed).toMatchObject({ workingSetGB: 200, connections: 2064 });
    expect(db.reason).toContain("the smallest with");
  });
});

describe("a budget never passes on a gap", () => {
  it("within on a complete total: exit 0", () => {
    const r = cli(["--users", "1m", "--budget", "300k", ...GUIDE, "--format", "json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).budget).toMatchObject({ pass: true, state: "within" });
  });
  it("a gap and the priced part within: cannot check, exit 3, one line naming the services without a price", () => {
    const r = cli(["--users", "1m", ...UNPRICED, "--budget", "1m", ...AWS, "--format", "json"]);
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).budget).toMatchObject({ pass: null, state: "cannot-check" });
    expect(r.stderr).toBe(
      // $212,583.06 for the guide's stack on AWS's us-east-1 prices, less its ec2 ($303.68 + $16.00 of root volumes)
      "heirloom-plan: cannot check the $1,000,000.00 budget: no price on AWS prices (snapshot) for ec2; the priced services alone come to $212,263.38\n",
    );
  });
  it("a gap and the priced part already over: exit 1", () => {
    const r = cli(["--users", "1m", ...UNPRICED, "--budget", "100k", ...AWS, "--format", "json"]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).budget).toMatchObject({ pass: false, state: "over" });
    expect(r.stderr).toContain("over by at least $112,263.38");
  });
  it("a sweep names the first user count over the budget", () => {
    const r = cli(["sweep", "--users", "10k,100k,1m", "--budget", "50k", ...GUIDE, "--format", "json"]);
    expect(r.status).toBe(1);
    // 100k users: $24,055; 1m: $231,820
    expect(JSON.parse(r.stdout).budget).toEqual({ monthlyUSD: 50_000, overFromUsers: 1_000_000, cannotCheckFromUsers: null });
  });
  it("a sweep whose points lack a price cannot check the budget: exit 3", () => {
    const r = cli(["sweep", "--users", "10k,100k", ...UNPRICED, "--budget", "1m", ...AWS, "--format", "json"]);
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).budget).toEqual({ monthlyUSD: 1_000_000, overFromUsers: null, cannotCheckFromUsers: 10_000 });
  });
});

describe("diff never passes on a gap", () => {
  const dir = tempDir("hp-gates-");
  const save = (name: string, args: string[]) => {
    const r = cli([...args, ...AWS, "--format", "json"]);
    expect([0, 1]).toContain(r.status);
    writeFileSync(join(dir, name), r.stdout);
    return join(dir, name);
  };
  const base = save("base.json", ["--users", "1m", "--instances", "10"]);
  const gap = save("gap.json", ["--users", "1m", "--instances", "12", ...UNPRICED]);

  it("a head that lacks a price: cannot compare, exit 3, in every format; never a saving, never ✅", () => {
    for (const format of ["table", "json", "markdown", "csv"]) {
      const r = cli(["diff", base, gap, "--max-increase", "10%", "--format", format]);
      expect(r.status, format).toBe(3);
      if (format === "json") {
        const d = JSON.parse(r.stdout);
        expect(d.comparable).toBe(false);
        expect(d.diffTotalMonthlyCost).toBeNull();
        expect(d.maxIncrease.state).toBe("cannot-check");
      } else if (format !== "csv") {
        expect(r.stdout).toContain("cannot compare");
        expect(r.stdout).not.toContain("✅");
        expect(r.stdout).not.toMatch(/-\$319\.68/); // the priced part alone would read as a saving
      }
    }
  });
  it("complete on both sides: within or over as the numbers say", () => {
    const more = save("more.json", ["--users", "1m", "--instances", "12"]);
    // two more t3.medium: 2 × ($0.0416 × 730 + 20 GB × $0.08) = $63.94
    expect(cli(["diff", base, more, "--max-increase", "63.94"]).status).toBe(0);
    expect(cli(["diff", base, more, "--max-increase", "63.93"]).status).toBe(1);
  });
});
