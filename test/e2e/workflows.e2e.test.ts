// sweep and diff as a CI pipeline runs them, and the package as a user installs it.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { ROOT, cli, cliJson, tempDir } from "../helpers.js";

const tmp = () => tempDir("hp-wf-");

describe("sweep", () => {
  it("prints one row per user count and writes a chart", () => {
    const dir = tmp();
    const chart = join(dir, "cost.svg");
    const r = cli(["sweep", "--users", "10k,100k,1m,10m,100m", "--offline", "--pricing", "guide", "--chart", chart]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`heirloom-plan: wrote the chart to ${chart}\n`);
    expect(r.stdout).toMatch(/^heirloom-plan sweep: profile guide, on the guide's prices, us-east-1, on-demand/);
    // Issue 11: a narrow table (users, what the stack changed to, total); every service with --details.
    expect(r.stdout).toMatch(/\n10,000\s+10 × t3\.medium,\s+\$3,278\.50\s+none\n\s+db\.r5\.2xlarge,\n\s+cache\.t3\.medium\n/);
    expect(r.stdout).toMatch(/\n1,000,000\s+\$231,820\.00\s+none\n/);
    expect(r.stdout).toMatch(/\n10,000,000\s+\$2,309,470\.00\s+cache-memory\n/);
    for (const line of r.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    const details = cli(["sweep", "--users", "10k,100k,1m,10m,100m", "--offline", "--pricing", "guide", "--details"]);
    expect(details.stdout).toMatch(/\n1,000,000\s+100,000\s+34\.72\s+10,000,000 GB \(10 PB\)\s+\$300\.00\s+\$600\.00\s+\$50\.00\s+\$230,000\.00\s+\$850\.00\s+\$20\.00\s+\$231,820\.00\s+none\n/);
    const svg = readFileSync(chart, "utf8");
    expect(XMLValidator.validate(svg)).toBe(true);
    // v2: eight services; on the guide's book data transfer and logs are drawn as "not in the guide", never as $0.
    expect(svg.match(/class="series"/g)).toHaveLength(8);
    expect(svg).toContain("Data transfer out (not in the guide)");
  });

  it("JSON rows, a budget line on the chart, and exit 1 once over budget", () => {
    const dir = tmp();
    const chart = join(dir, "cost.svg");
    const r = cliJson(["sweep", "--users", "10k..100m", "--steps", "5", "--pricing", "guide", "--budget", "250k", "--chart", chart]);
    expect(r.status).toBe(1);
    expect(r.json.rows.map((x: { users: number }) => x.users)).toEqual([10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]);
    expect(r.json.budget).toEqual({ monthlyUSD: 250_000, overFromUsers: 10_000_000, cannotCheckFromUsers: null });
    expect(readFileSync(chart, "utf8")).toContain('class="budget"');
  });

  it("1,000 points run as one plan does (prices fetched once)", () => {
    const r = cliJson(["sweep", "--users", "10k..100m", "--steps", "1000", "--offline", "--size", "auto"]);
    expect(r.status).toBe(0);
    expect(r.json.rows).toHaveLength(1000);
    expect(r.json.steps.filter((s: { component: string }) => s.component === "cache").length).toBeGreaterThan(2);
  });

  it("bad input is one line and exit 2", () => {
    const r = cli(["sweep", "--users", "10k..1k"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("heirloom-plan: --users 10k..1k: the range must go up (got 10k..1k)\n");
    expect(cli(["sweep", "--users", "1m", "--chart", "x.png"]).stderr).toBe("heirloom-plan: --chart x.png: the chart is SVG; name the file .svg\n");
  });
});

describe("diff", () => {
  const dir = tmp();
  const base = join(dir, "base.json");
  const head = join(dir, "head.json");
  // On the guide's book: complete totals (AWS's snapshot may lack v2 prices, and a side with a gap never compares).
  cli(["--profile", "guide-as-published", "--pricing", "guide", "--format", "json", "--output", base]);
  cli(["--profile", "guide-as-published", "--pricing", "guide", "--users", "1.1m", "--format", "json", "--output", head]);

  it("under the limit exits 0; over it exits 1; JSON carries Infracost's names", () => {
    const under = cli(["diff", base, head, "--max-increase", "15%"]);
    expect(under.status).toBe(0);
    expect(under.stdout.split("\n")[0]).toBe("Monthly cost $2,050.00 → $2,158.00: +$108.00 (+5.3%); limit +$307.50 (15%): within it");
    const over = cliJson(["diff", base, head, "--max-increase", "100"]);
    expect(over.status).toBe(1);
    // v2: the limit as a value and the gate's state.
    expect(over.json).toMatchObject({ kind: "diff", pricing: "guide", verdict: "over", maxIncrease: { limit: { usd: 100 }, limitUSD: 100, state: "over" } });
    expect(over.json.pastTotalMonthlyCost).toBeCloseTo(2050, 6);
    // S3 +1,000 GB × $0.023 = $23; CloudFront +1,000 GB × $0.085 = $85.
    expect(over.json.totalMonthlyCost).toBeCloseTo(2158, 6);
    expect(over.json.diffTotalMonthlyCost).toBeCloseTo(108, 6);
    expect(over.json.drivers.map((d: { text: string }) => d.text)).toEqual(["users 1,000,000 → 1,100,000"]);
  });

  it("markdown for the pull request", () => {
    const r = cli(["diff", base, head, "--format", "markdown", "--max-increase", "1%"]);
    expect(r.status).toBe(1);
    // Issue 11: the marker, then the verdict first; then only the services that changed.
    expect(r.stdout.split("\n").slice(0, 2)).toEqual(["<!-- heirloom-plan:diff -->", "### ❌ Monthly cost $2,050.00 → $2,158.00: +$108.00 (+5.3%); limit +$20.50 (1%): EXCEEDED"]);
    expect(r.stdout).toContain("| S3 storage | $230.00 | $253.00 | +$23.00 (+10.0%) | storage GB 10,000 → 11,000 |");
    expect(r.stdout).not.toContain("EC2");
    expect(r.stdout).not.toContain(base);
  });

  it("warns when the pricing differs", () => {
    const eu = join(dir, "eu.json");
    cli(["--profile", "guide-as-published", "--offline", "--region", "eu-west-1", "--format", "json", "--output", eu]);
    const r = cli(["diff", base, eu]);
    expect(r.status).toBe(0);
    // Offline there are no AWS prices for eu-west-1: the guide's book is the one both reports share.
    expect(r.stderr).toContain("heirloom-plan: warning: different regions: us-east-1 against eu-west-1\n");
  });

  it.each([
    [["missing"], (d: string) => `heirloom-plan: ${d}/missing.json: cannot read: no such file`],
    [["notjson"], (d: string) => `heirloom-plan: ${d}/notjson.json: not a JSON report; save one with --format json`],
    [["foreign"], (d: string) => `heirloom-plan: ${d}/foreign.json: not a heirloom-plan report (no capacity, costs and assumptions)`],
    [["future"], (d: string) => `heirloom-plan: ${d}/future.json: unknown schemaVersion 3; this heirloom-plan reads schemaVersion 1 and 2`],
  ])("a bad file: %s", ([name], message) => {
    writeFileSync(join(dir, "notjson.json"), "{nope");
    writeFileSync(join(dir, "foreign.json"), JSON.stringify({ projects: [], totalMonthlyCost: "12" }));
    const future = JSON.parse(readFileSync(base, "utf8"));
    future.schemaVersion = 3;
    writeFileSync(join(dir, "future.json"), JSON.stringify(future));
    const r = cli(["diff", base, join(dir, `${name}.json`)]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.startsWith(message(dir))).toBe(true);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("--max-increase must be a percentage or dollars", () => {
    expect(cli(["diff", base, head, "--max-increase", "lots"]).stderr).toBe('heirloom-plan: --max-increase: must be a percentage like 10% or a dollar amount like 500 (got "lots")\n');
  });
});

describe("the package as a user installs it", () => {
  it("npm pack, install the tarball into a prefix, run --version, a plan and a sweep", { timeout: 600_000 }, () => {
    const dir = tmp();
    execFileSync("npm", ["pack", "--pack-destination", dir, "--silent"], { cwd: ROOT, stdio: "pipe" });
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
    const prefix = join(dir, "prefix");
    const install = spawnSync("npm", ["install", "--global", "--prefix", prefix, "--no-audit", "--no-fund", join(dir, tarball)], { encoding: "utf8", timeout: 300_000 });
    expect(install.status, install.stderr).toBe(0);
    const bin = join(prefix, "bin", "heirloom-plan");
    const run = (args: string[]) => spawnSync(bin, args, { encoding: "utf8", cwd: dir, env: { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: dir } });
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(run(["--version"]).stdout).toBe(`${pkg.version}\n`);
    const plan = run(["--users", "1000000", "--offline", "--format", "json"]);
    expect(plan.status).toBe(0);
    expect(JSON.parse(plan.stdout).costs.aws.source).toBe("snapshot");
    const sweep = run(["sweep", "--users", "10k,1m", "--offline", "--format", "json"]);
    expect(sweep.status).toBe(0);
    expect(JSON.parse(sweep.stdout).rows).toHaveLength(2);
    expect(readFileSync(join(prefix, "lib", "node_modules", "heirloom-plan", "schema", "report.schema.json"), "utf8")).toContain("schemaVersion");
  });
});
