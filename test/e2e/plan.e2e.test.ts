// The built binary, run as a user would: stdout, stderr and exit codes.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, cliJson, tempDir } from "../helpers.js";

const ANSI = /\u001b\[/;

describe("heirloom-plan --users 1000000", () => {
  it("prints the answer first and last, then capacity, costs on both price books, checks that are not ok, the reconciliation", () => {
    const r = cli(["--users", "1000000", "--offline"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    // Issue 11: the answer first (and last, so it stays on screen), in at most five lines.
    const lines = r.stdout.trimEnd().split("\n");
    const answerLength = lines.indexOf("");
    expect(answerLength).toBeGreaterThanOrEqual(4);
    expect(answerLength).toBeLessThanOrEqual(5);
    const answer = lines.slice(0, answerLength);
    expect(answer[0]).toBe("1,000,000 users: 10 × t3.medium, db.r5.2xlarge, cache.t3.medium (profile guide)");
    // On AWS's book (its snapshot may lack some v2 prices: then "at least").
    expect(answer[1]).toMatch(/^Monthly total: (at least )?\$[\d,.]+ /);
    expect(answer.slice(-2)).toEqual(["Budget: none set (--budget USD)", "Failing checks: none (1 warning: guide)"]);
    expect(lines.slice(-answerLength)).toEqual(answer);
    for (const text of ["Capacity", "Monthly cost (USD)", "Checks", "The guide, reconciled"]) expect(r.stdout).toContain(text);
    expect(r.stdout).not.toContain("Assumptions");
    expect(r.stdout).toMatch(/│ average RPS\s+│ 11\.57\s+│/);
    expect(r.stdout).toMatch(/│ service\s+│ guide prices\s+│ AWS snapshot\s+│ difference\s+│/);
    expect(r.stdout).toMatch(/│ Total per month\s+│ \$231,820\.00\s+│ \$[\d,.]+( \+ gaps)?\s+│/);
    expect(r.stdout).toMatch(/│ RDS PostgreSQL \[2\]\s+│ \$600\.00\s+│ \$845\.00\s+│ \+\$245\.00\s/);
    expect(r.stdout).toMatch(/\[2\] db\.r5\.2xlarge Single-AZ at \$[\d.,]+\/(h|month) \+ 1,000 GB gp3 at \$0\.115\/GB-month/);
    expect(r.stdout).not.toMatch(/ok {3}throughput/);
    expect(r.stdout).toMatch(/warn guide: 5 of the guide's 7 stated figures/);
    expect(r.stdout).toContain("100,000 × 10 / 86,400 = 11.57;");
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(r.stdout).not.toMatch(ANSI);
    const details = cli(["--users", "1000000", "--offline", "--details"]).stdout;
    expect(details).toContain("Assumptions");
    expect(details).toMatch(/ok {3}throughput: peak 34\.72 RPS/);
  });

  it("JSON follows the contract (schemaVersion 2, the summary first)", () => {
    const { json, status, stderr } = cliJson(["--users", "1000000", "--pricing", "guide"]);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    expect(json.schemaVersion).toBe(2);
    expect(Object.keys(json).slice(0, 2)).toEqual(["schemaVersion", "summary"]);
    expect(json.profile).toEqual({ name: "guide", source: "profiles/guide.yaml", description: "The guide's assumptions as written (1M users)" });
    // v2: the capacity of planning-model v2 section 2, and eight services (the guide's book does not price two).
    for (const key of ["users", "dau", "requestsPerDay", "avgRps", "peakRps", "instances", "processes", "dbConnections", "redisMemoryGB", "storageGB", "cdnTransferGB", "dbPeakQps", "dbWorkingSetGB", "egressGB", "albLcu", "logsGB", "backendCpuShare"]) {
      expect(Object.keys(json.capacity)).toContain(key);
    }
    expect(Object.keys(json.costs.guide.services)).toEqual(["ec2", "rds", "elasticache", "s3", "cloudfront", "alb", "dataTransfer", "cloudwatch"]);
    for (const [id, s] of Object.entries(json.costs.guide.services) as [string, Record<string, unknown>][]) {
      expect(typeof s.monthlyUSD).toBe(["dataTransfer", "cloudwatch"].includes(id) ? "object" : "number");
      expect(typeof s.quantity).toBe("number");
      expect(typeof s.unit).toBe("string");
      expect(typeof s.description).toBe("string");
    }
    expect(json.costs.guide.totalMonthlyUSD).toBe(231_820);
    expect(json.totalMonthlyCost).toBe(231_820);
    expect(json.costs.aws).toBeUndefined();
    expect(json.checks.map((c: { id: string }) => c.id)).toEqual(["throughput", "db-connections", "db-load", "db-memory", "cache-memory", "instance-memory", "burstable-credits", "guide"]);
    expect(json.assumptionSources.users).toEqual({ setBy: "flag", where: "--users", basis: "input" });
    expect(json.budget).toBeUndefined();
  });

  it("by default prices on both books; totalMonthlyCost is AWS's", () => {
    const { json, stderr } = cliJson(["--users", "1000000"]);
    expect(stderr).toMatch(/^heirloom-plan: AWS prices from the bundled snapshot \(compiled \d{4}-\d{2}-\d{2}; each price dated by its source\): live prices unavailable \(no AWS credentials; set AWS_PROFILE or AWS_ACCESS_KEY_ID\)\n$/);
    expect(json.costs.guide.totalMonthlyUSD).toBe(231_820);
    expect(json.costs.aws).toMatchObject({ source: "snapshot", region: "us-east-1", term: "on-demand" });
    expect(Object.keys(json.costs.aws.services)).toEqual(["ec2", "rds", "elasticache", "s3", "cloudfront", "alb", "dataTransfer", "cloudwatch"]);
    expect(json.totalMonthlyCost).toBe(json.costs.aws.totalMonthlyUSD);
    expect(json.summary).toMatchObject({ pricing: "aws", totalMonthlyUSD: json.costs.aws.totalMonthlyUSD, complete: json.costs.aws.complete });
  });

  it("guide-as-published costs $2,050", () => {
    const { json } = cliJson(["--profile", "guide-as-published"]);
    expect(json.costs.guide.totalMonthlyUSD).toBe(2050);
  });

  it("markdown is ready for a pull-request comment", () => {
    const r = cli(["--profile", "guide-as-published", "--format", "markdown", "--budget", "2500", "--pricing", "guide"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^## heirloom-plan: 1,000,000 users/);
    // Issue 11: the answer first, as four bullets.
    expect(r.stdout.split("\n").slice(2, 6)).toEqual([
      "- **1,000,000 users**: 10 × t3.medium, db.r5.2xlarge, cache.t3.medium (profile guide-as-published)",
      "- **Monthly total**: $2,050.00 on guide prices, us-east-1, on-demand",
      "- **Budget**: ✅ within $2,500.00 ($450.00 to spare)",
      "- **Failing checks**: ❌ throughput (2 warnings: burstable-credits, guide)",
    ]);
    expect(r.stdout).toContain("| Total per month | $2,050.00 |  |");
    expect(r.stdout).toContain("- ❌ **throughput**: peak 3,472.22 RPS");
  });

  it("csv has one row a figure, numbers unrounded", () => {
    const r = cli(["--format", "csv", "--pricing", "guide"]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("section,id,metric,value,unit,note");
    expect(lines).toContain("capacity,avgRps,avgRps,11.574074074074074,RPS,");
    // Issue 11: the answer first; money to the cent.
    expect(lines[1]).toBe("answer,users,users,1000000,,guide");
    expect(lines.find((l) => l.startsWith("cost.guide,total,"))).toBe("cost.guide,total,monthlyUSD,231820.00,USD,guide prices");
    expect(lines.find((l) => l.startsWith("cost.guide,s3,"))).toBe(`cost.guide,s3,monthlyUSD,230000.00,USD,"S3 Standard: 10,000,000 GB (10 PB) at $0.023/GB"`);
    // v1 printed 850.0000000000001 here.
    expect(lines.find((l) => l.startsWith("cost.guide,cloudfront,"))).toMatch(/^cost\.guide,cloudfront,monthlyUSD,850\.00,USD,/);
  });

  it("colour only when asked: FORCE_COLOR on, NO_COLOR and --no-color off", () => {
    expect(cli([], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } }).stdout).toMatch(ANSI);
    expect(cli([], { env: { NO_COLOR: "1", FORCE_COLOR: undefined } }).stdout).not.toMatch(ANSI);
    expect(cli(["--no-color"], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } }).stdout).not.toMatch(ANSI);
  });
});

describe("where a price comes from", () => {
  it("a price reached by a rule, not stated by a source, says so under the cost table", () => {
    const r = cli(["--multi-az", "--cache-engine", "valkey", "--offline"]);
    expect(r.status).toBe(0);
    // us-east-1 states no Multi-AZ rate for db.r5.2xlarge nor a Valkey rate for cache.t3.medium (models/prices):
    // $1.00/h Single-AZ doubled, $0.068/h Redis OSS × 0.8.
    const { json } = cliJson(["--multi-az", "--cache-engine", "valkey", "--offline"]);
    const rds = json.costs.aws.services.rds.lines[0];
    expect(rds.price).toMatchObject({ usd: 2, per: "hour", provenance: { rule: { id: "multi-az-double", factor: 2, from: "rds:db.r5.2xlarge:Single-AZ" } } });
    expect(json.costs.aws.services.elasticache.lines[0].price).toMatchObject({ usd: 0.0544, provenance: { rule: { id: "valkey-below-redis", factor: 0.8 } } });
    // (the note wraps at the table's width: read as one line)
    expect(r.stdout.replace(/\n +/g, " ")).toContain(
      "derived prices (no source states them): db.r5.2xlarge Multi-AZ = 2 × Single-AZ (AWS bills a Multi-AZ deployment's standby too); cache.t3.medium Valkey = 0.8 × Redis OSS (AWS prices Valkey nodes below Redis OSS)",
    );
    // A stated price is not called derived: Single-AZ and Redis OSS on their own.
    expect(cli(["--offline"]).stdout).not.toContain("derived prices");
  });

  it("us-west-2's RDS gp3 storage is its gp2 price, complete and said so", () => {
    // gp2 Single-AZ $0.115 (elleVas/cloudrift @1e1e179b); the plan's 1,000 GB database volume: 1,000 × $0.115 = $115.00
    const { json, status } = cliJson(["--region", "us-west-2", "--offline"]);
    expect(status).toBe(0);
    expect(json.costs.aws.complete).toBe(true);
    const storage = json.costs.aws.services.rds.lines.find((l: { part: string }) => l.part === "db-storage");
    expect(storage).toMatchObject({ quantity: 1000, unit: "GB-month", monthlyUSD: 115 });
    expect(storage.price).toMatchObject({ usd: 0.115, provenance: { rule: { id: "gp3-same-as-gp2", factor: 1, from: "rds-storage:gp2:Single-AZ" } } });
    expect(cli(["--region", "us-west-2", "--offline"]).stdout.replace(/\n +/g, " ")).toContain(
      "derived prices (no source states them): gp3 Single-AZ storage = gp2 Single-AZ storage (RDS charges gp3 storage per GB as gp2)",
    );
    // Multi-AZ: 2 × that Single-AZ rate, and the note says both steps. 1,000 GB × $0.23 = $230.00
    const maz = cliJson(["--region", "us-west-2", "--multi-az", "--offline"]).json.costs.aws.services.rds.lines.find((l: { part: string }) => l.part === "db-storage");
    expect(maz).toMatchObject({ monthlyUSD: 230, price: { usd: 0.23, provenance: { rule: { id: "multi-az-double", factor: 2, fromRule: { id: "gp3-same-as-gp2", factor: 1, from: "rds-storage:gp2:Single-AZ" } } } } });
    expect(cli(["--region", "us-west-2", "--multi-az", "--offline"]).stdout.replace(/\n +/g, " ")).toContain(
      "gp3 Multi-AZ storage = 2 × Single-AZ (AWS bills a Multi-AZ deployment's standby too); gp3 Single-AZ storage = gp2 Single-AZ storage (RDS charges gp3 storage per GB as gp2)",
    );
  });

  it("eu-central-1 is complete: the ALB's LCU-hours are priced (Infracost breakdown of a Frankfurt stack, $5.84 per LCU-month)", () => {
    // 1M users: 0.4583 LCU × 730 h × $0.008 = $2.676667, + 730 h × $0.027 = $19.71; total $227,803.49 priced before + $22.386667
    const { json, status } = cliJson(["--region", "eu-central-1", "--budget", "300000", "--offline"]);
    expect(status).toBe(0);
    expect(json.costs.aws.complete).toBe(true);
    expect(json.costs.aws.services.alb.monthlyUSD).toBeCloseTo(22.386667, 6);
    expect(json.costs.aws.services.alb.lines[1]).toMatchObject({ part: "lcu-hours", price: { usd: 0.008, provenance: { asOf: "2026-03-10" } } });
    expect(json.costs.aws.totalMonthlyUSD).toBeCloseTo(227_825.872917, 6);
    expect(json.budget.pass).toBe(true);
  });

  it("ap-southeast-1's reserved db.m5.8xlarge is its normalized units' share of db.m5.4xlarge's, complete and said so", () => {
    // db.m5.4xlarge PostgreSQL 1-yr No Upfront 1.2864 (ec2instances.info @967c408b); 8xlarge 64 units / 32 = 2 × 1.2864 = 2.5728; 730 h = $1,878.144
    const args = ["--region", "ap-southeast-1", "--term", "reserved-1yr", "--db-class", "db.m5.8xlarge", "--offline"];
    const { json, status } = cliJson(args);
    expect(status).toBe(0);
    expect(json.costs.aws.complete).toBe(true);
    const hours = json.costs.aws.services.rds.lines.find((l: { part: string }) => l.part === "db-instance-hours");
    expect(hours.monthlyUSD).toBeCloseTo(1878.144, 6);
    expect(hours.price).toMatchObject({ usd: 2.5728, provenance: { rule: { id: "size-flexible", factor: 2, from: "rds:db.m5.4xlarge:Single-AZ" } } });
    expect(cli(args).stdout.replace(/\n +/g, " ")).toContain(
      "derived prices (no source states them): db.m5.8xlarge Single-AZ = 2 × db.m5.4xlarge Single-AZ (an RDS reservation covers every size of its class type by normalized units)",
    );
  });
});

describe("--size auto", () => {
  it("sizes instances, database and cache from the load, and says why", () => {
    const { json, status } = cliJson(["--users", "10m", "--size", "auto", "--pricing", "guide"]);
    expect(status).toBe(0);
    // v2: instances at the 70% target, the database class from load, memory and connections; each choice's facts and its sentence.
    expect(json.stack.sizing.map((s: Record<string, string>) => [s.component, s.chosen, s.reason])).toEqual([
      ["instances", "5 × t3.medium", "347.22 peak RPS / (116 RPS per instance × 70.0% target), rounded up"],
      ["database", "db.r5.xlarge", "4 vCPU, 32 GiB, max_connections 3,604: the smallest with 194.44 queries/s at peak, 20 GB working set, 240 connections (200 + 20% headroom); bound by memory"],
      ["cache", "cache.r6g.xlarge", "26.32 GiB, the smallest holding 20.0 GB at 75%"],
    ]);
    expect(json.assumptionSources["cache.nodeType"]).toEqual({ setBy: "flag", where: "--size auto", basis: 'guide: "ElastiCache Redis: cache.t3.medium"' });
    // The guide prices neither db.r5.xlarge nor cache.r6g.xlarge: derived from the guide by AWS's list-price ratio (the bundled snapshot's).
    for (const id of ["rds", "elasticache"]) expect(json.costs.guide.services[id].notes.join("; ")).toContain("derived from the guide");
  });
});

describe("budgets and --strict", () => {
  it("under budget exits 0; over budget exits 1 and says by how much", () => {
    const under = cliJson(["--profile", "guide-as-published", "--budget", "2050", "--pricing", "guide"]);
    expect(under.status).toBe(0);
    expect(under.json.budget).toEqual({ monthlyUSD: 2050, pricing: "guide", totalMonthlyUSD: 2050, pass: true, state: "within" });
    const over = cliJson(["--profile", "guide-as-published", "--budget", "2k", "--pricing", "guide"]);
    expect(over.status).toBe(1);
    expect(over.json.budget.pass).toBe(false);
    expect(over.json.checks.find((c: { id: string }) => c.id === "budget").message).toBe(
      "$2,050.00 a month on the guide's prices against a budget of $2,000.00: over by $50.00",
    );
  });

  it("with AWS prices the budget is held against AWS's total", () => {
    // A budget below even the priced part is over whatever a missing price would add (planning-model v2 section 7).
    const over = cliJson(["--profile", "guide-as-published", "--budget", "2000", "--offline"]);
    expect(over.status).toBe(1);
    expect(over.json.budget).toMatchObject({ monthlyUSD: 2000, pricing: "aws", pass: false, state: "over" });
    expect(over.json.checks.find((c: { id: string }) => c.id === "budget").message).toMatch(
      /^(at least )?\$[\d,.]+ a month on AWS prices \(snapshot\) against a budget of \$2,000\.00: over by (at least )?\$[\d,.]+$/,
    );
  });

  it("a failing check exits 1 only with --strict", () => {
    expect(cli(["--profile", "guide-as-published"]).status).toBe(0);
    expect(cli(["--profile", "guide-as-published", "--strict"]).status).toBe(1);
    expect(cli(["--strict"]).status).toBe(0);
  });
});

describe("bad input: one line on stderr, exit 2, nothing on stdout", () => {
  it.each([
    [["--users", "-5"], "heirloom-plan: --users: must be at least 1 (got -5)"],
    [["--users", "0"], "heirloom-plan: --users: must be at least 1 (got 0)"],
    [["--users", "1.5"], "heirloom-plan: --users: must be a whole number of users (got 1.5)"],
    [["--users", "1e18"], "heirloom-plan: --users: must be at most 10,000,000,000 (got 1e18)"],
    [["--users", "lots"], 'heirloom-plan: --users: must be a number like 1000000, 1e6 or 250k (got "lots")'],
    [["--users", ""], "heirloom-plan: --users: must be a number like 1000000, 1e6 or 250k (got an empty value)"],
    [["--users"], "heirloom-plan: option '--users <n>' argument missing"],
    [["--dau-ratio", "1.4"], "heirloom-plan: --dau-ratio: must be greater than 0 and at most 1 (got 1.4)"],
    [["--dau-ratio", "-0.1"], "heirloom-plan: --dau-ratio: must be greater than 0 and at most 1 (got -0.1)"],
    [["--instance-type", "t3.mediun"], "heirloom-plan: --instance-type: \"t3.mediun\" is not a known EC2 instance type (did you mean 't3.medium'?); see models/catalogue.json"],
    [["--region", "mars-1"], 'heirloom-plan: --region: "mars-1" is not a known region (priced: us-east-1, us-west-2, eu-west-1, eu-central-1, ap-southeast-1); see models/regions.json'],
    [["--format", "xml"], "heirloom-plan: option '--format <format>' argument 'xml' is invalid. Allowed choices are table, json, markdown, csv."],
    [["--userz", "5"], "heirloom-plan: unknown option '--userz' (Did you mean --users?)"],
    [["--profile", "gide"], "heirloom-plan: --profile gide: no such built-in profile (did you mean 'guide'?); built-in: guide, guide-as-published, scaleup-10m, startup-50k; or give a path to a .yaml file"],
    [["--profile", "/nonexistent/p.yaml"], "heirloom-plan: /nonexistent/p.yaml: cannot read profile: no such file"],
    [["--profile", "/tmp/"], "heirloom-plan: /tmp/: cannot read profile: is a directory, not a file"],
  ])("%j", (args, message) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`${message}\n`);
  });

  it("a bad profile file names file:line:column and the key", () => {
    const dir = tempDir("hp-profile-");
    const file = join(dir, "team.yaml");
    writeFileSync(file, "users: 1m\ntraffic:\n  dauRatio: 0.1\n  peakFactr: 3\n");
    const r = cli(["--profile", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`heirloom-plan: ${file}:4:3 traffic.peakFactr: unknown key (did you mean 'peakFactor'?)\n`);
    writeFileSync(file, "users: 1m\nusers: 2m\n");
    expect(cli(["--profile", file]).stderr).toBe(`heirloom-plan: ${file}:2:1 duplicate key 'users': each setting may appear once\n`);
  });

  it("--debug shows the stack", () => {
    const r = cli(["--users", "0", "--debug"]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("heirloom-plan: --users: must be at least 1 (got 0)");
    expect(r.stderr).toMatch(/HeirloomError[\s\S]*at /);
  });
});

describe("--output FILE", () => {
  it("writes the report there, never over an existing file without --force", () => {
    const dir = tempDir("hp-out-");
    const file = join(dir, "plan.json");
    const first = cli(["--format", "json", "--output", file, "--offline"]);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe("");
    expect(first.stderr).toBe(`heirloom-plan: wrote the json report to ${file}\n`);
    expect(JSON.parse(readFileSync(file, "utf8")).schemaVersion).toBe(2);

    writeFileSync(file, "mine");
    const again = cli(["--format", "json", "--output", file, "--offline"]);
    expect(again.status).toBe(2);
    expect(again.stderr).toBe(`heirloom-plan: --output ${file}: the file exists; use --force to replace it\n`);
    expect(readFileSync(file, "utf8")).toBe("mine");

    expect(cli(["--format", "json", "--output", file, "--force"]).status).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).schemaVersion).toBe(2);
  });

  it("a missing folder is a clear error and leaves nothing behind", () => {
    const dir = tempDir("hp-out-");
    const file = join(dir, "no", "plan.json");
    const r = cli(["--output", file, "--offline"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`heirloom-plan: --output ${file}: cannot write: its folder does not exist\n`);
    expect(existsSync(join(dir, "no"))).toBe(false);
  });
});

describe("other commands", () => {
  it("profiles lists the built-in profiles", () => {
    const r = cli(["profiles"]);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n").map((l) => l.split(/\s+/)[0]).filter(Boolean)).toEqual(["guide", "guide-as-published", "scaleup-10m", "startup-50k"]);
    expect(r.stdout).toMatch(/guide-as-published\s+1,000,000 users\s+Reproduces the guide's published table/);
  });
  it("--version prints the package version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(cli(["--version"]).stdout).toBe(`${pkg.version}\n`);
  });
});
