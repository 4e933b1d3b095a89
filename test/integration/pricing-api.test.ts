// AWS prices end to end: the built binary, the real SDK, and a Pricing API stand-in on 127.0.0.1.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cliAsync, noAwsEnv, standInEnv } from "../helpers.js";
import { startStandIn, type Scenario, type StandIn } from "../support/pricing-stand-in.js";

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const tempCache = () => mkdtempSync(join(tmpdir(), "hp-cache-"));
const ec2Requests = () => standIn!.requests.filter((r) => r.ServiceCode === "AmazonEC2");

async function planWith(scenario: Scenario, args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) {
  standIn = await startStandIn(scenario);
  const cache = tempCache();
  const r = await cliAsync(["--users", "1000000", "--format", "json", ...args], { ...standInEnv(standIn.url, cache), ...extraEnv });
  return { ...r, cache, json: r.stdout ? JSON.parse(r.stdout) : undefined };
}

const SNAPSHOT_EC2 = 303.68; // 10 × $0.0416 × 730
const LIVE_EC2 = 306.6; // 10 × $0.0420 × 730: the stand-in reprices t3.medium to tell live from snapshot

describe("live prices through the SDK", () => {
  it("a single page: source live, the API's figures, nothing on stderr (no SDK warnings)", async () => {
    const r = await planWith("ok");
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.json.costs.aws.source).toBe("live");
    expect(r.json.costs.aws.services.ec2.monthlyUSD).toBeCloseTo(LIVE_EC2, 9);
    expect(r.json.costs.aws.services.rds.monthlyUSD).toBeCloseTo(845, 9);
    expect(standIn!.requests.map((q) => q.ServiceCode).sort()).toEqual(
      ["AWSELB", "AWSELB", "AmazonCloudFront", "AmazonEC2", "AmazonElastiCache", "AmazonRDS", "AmazonRDS", "AmazonS3"],
    );
  });

  it("then the cache: no request, source cache with its age; --refresh-prices asks again", async () => {
    const first = await planWith("ok");
    const again = await cliAsync(["--users", "1000000", "--format", "json"], standInEnv(standIn!.url, first.cache));
    const json = JSON.parse(again.stdout);
    expect(json.costs.aws.source).toBe("cache");
    expect(json.costs.aws.cacheAgeHours).toBeGreaterThanOrEqual(0);
    expect(json.costs.aws.cacheAgeHours).toBeLessThan(1);
    expect(json.costs.aws.services.ec2.monthlyUSD).toBeCloseTo(LIVE_EC2, 9);
    expect(standIn!.requests).toHaveLength(8);
    const refreshed = await cliAsync(["--users", "1000000", "--format", "json", "--refresh-prices"], standInEnv(standIn!.url, first.cache));
    expect(JSON.parse(refreshed.stdout).costs.aws.source).toBe("live");
    expect(standIn!.requests).toHaveLength(16);
  });

  it("several pages: NextToken is followed to the end", async () => {
    const r = await planWith("pages");
    expect(r.json.costs.aws.source).toBe("live");
    expect(ec2Requests().map((q) => q.NextToken ?? null)).toEqual([null, "page-2", "page-3"]);
  });

  it("throttling, then success: retried with backoff", async () => {
    const r = await planWith("throttle-then-ok");
    expect(r.status).toBe(0);
    expect(r.json.costs.aws.source).toBe("live");
    expect(ec2Requests()).toHaveLength(3);
  });

  it("a $0 duplicate row beside the priced one is dropped, never taken", async () => {
    const r = await planWith("zero-duplicate");
    expect(r.json.costs.aws.source).toBe("live");
    expect(r.json.costs.aws.services.ec2.monthlyUSD).toBeCloseTo(LIVE_EC2, 9);
  });
});

describe("a type beyond the guide's, priced on both books", () => {
  it("AWS's live price, and the guide's derived from AWS's list-price ratio", async () => {
    const r = await planWith("ok", ["--cache-node", "cache.r6g.large"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const aws = r.json.costs.aws.services.elasticache;
    expect(aws.monthlyUSD).toBeCloseTo(0.206 * 730, 9);
    expect(aws.lines[0].ref).toMatch(/^SKU STANDINR6GLARGE1; live /);
    const guide = r.json.costs.guide.services.elasticache;
    expect(guide.monthlyUSD).toBeCloseTo((50 * 0.206) / 0.068, 9);
    expect(guide.lines[0].basis).toBe("derived from the guide: $50.00 × AWS list $0.206/h ÷ $0.068/h (cache.r6g.large / cache.t3.medium)");
    // The guide's own node was asked for too, to derive the ratio.
    expect(standIn!.requests.filter((q) => q.ServiceCode === "AmazonElastiCache").map((q) => q.Filters.find((f) => f.Field === "instanceType")!.Value).sort()).toEqual(["cache.r6g.large", "cache.t3.medium"]);
  });
});

describe("failures fall back to the snapshot, saying why in one line", () => {
  it.each([
    ["error-500", "the Pricing API answered 500 (InternalErrorException)"],
    ["access-denied", "access denied (User is not authorized to perform: pricing:GetProducts)"],
    ["empty", "no product matches AmazonEC2 regionCode=us-east-1, productFamily=Compute Instance, instanceType=t3.medium, operatingSystem=Linux, tenancy=Shared, preInstalledSw=NA, licenseModel=No License required, capacitystatus=Used, marketoption=OnDemand"],
    ["two-skus", "2 products match, expected 1: NN4EGUUQRWVYP98C (capacitystatus=Used); RESERVEDSKU00001 (capacitystatus=AllocatedCapacityReservation)"],
    ["malformed", "PriceList[0] is not JSON"],
  ] as [Scenario, string][])("%s", async (scenario, reason) => {
    const r = await planWith(scenario);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`heirloom-plan: AWS prices for ec2:t3.medium from the bundled snapshot of 2026-11-25: live prices unavailable (${reason})\n`);
    expect(r.json.costs.aws.source).toBe("snapshot");
    expect(r.json.costs.aws.services.ec2.monthlyUSD).toBeCloseTo(SNAPSHOT_EC2, 9);
    expect(r.json.costs.aws.services.ec2.lines[0].ref).toBe("SKU NN4EGUUQRWVYP98C; snapshot 2026-11-25");
    expect(r.json.costs.aws.services.rds.lines[0].ref).toMatch(/^SKU UNRECORDED-RDS-R52XL-SAZ; live /);
  });

  it("a slow answer past the time limit", async () => {
    const started = Date.now();
    const r = await planWith("slow", [], { HEIRLOOM_PRICES_TIMEOUT_MS: "1000" });
    expect(Date.now() - started).toBeLessThan(4500);
    expect(r.stderr).toBe("heirloom-plan: AWS prices for ec2:t3.medium from the bundled snapshot of 2026-11-25: live prices unavailable (timed out after 1 s)\n");
    expect(r.json.costs.aws.source).toBe("snapshot");
  });

  it("--pricing aws --strict exits 3 when nothing usable is left (a region with no snapshot)", async () => {
    const r = await planWith("error-500", ["--pricing", "aws", "--strict", "--region", "eu-west-1"]);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "heirloom-plan: AWS prices incomplete with --strict: no price for ec2:t3.medium, rds:db.r5.2xlarge:Single-AZ, rds-storage:gp3:Single-AZ, elasticache:cache.t3.medium, s3, alb, alb-lcu (no cache or snapshot for eu-west-1; live prices unavailable (the Pricing API answered 500 (InternalErrorException)))\n",
    );
  });
});

describe("no credentials, no network", () => {
  it("--pricing both gives the snapshot's figures, said once on stderr", async () => {
    const cache = tempCache();
    const r = await cliAsync(["--users", "1000000", "--pricing", "both", "--format", "json"], noAwsEnv(cache));
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("heirloom-plan: AWS prices from the bundled snapshot of 2026-11-25: live prices unavailable (no AWS credentials; set AWS_PROFILE or AWS_ACCESS_KEY_ID)\n");
    const aws = JSON.parse(r.stdout).costs.aws;
    expect(aws).toMatchObject({ source: "snapshot", region: "us-east-1", term: "on-demand", priceDate: "2026-11-25", complete: true });
    const monthly = Object.fromEntries(Object.entries(aws.services).map(([id, s]) => [id, Math.round((s as { monthlyUSD: number }).monthlyUSD * 100) / 100]));
    expect(monthly).toEqual({ ec2: 303.68, rds: 845, elasticache: 49.64, s3: 210_563.2, cloudfront: 762.96, alb: 22.27 });
    expect(Math.round(aws.totalMonthlyUSD * 100) / 100).toBe(212_546.75);
    expect(existsSync(join(cache, "heirloom-plan"))).toBe(false);
  });

  it("--offline is silent; --pricing aws --offline with no snapshot for the region exits 3", async () => {
    const cache = tempCache();
    const quiet = await cliAsync(["--offline", "--format", "json"], noAwsEnv(cache));
    expect(quiet.stderr).toBe("");
    expect(JSON.parse(quiet.stdout).costs.aws.source).toBe("snapshot");
    const none = await cliAsync(["--offline", "--pricing", "aws", "--region", "ap-southeast-1"], noAwsEnv(cache));
    expect(none.status).toBe(3);
    expect(none.stdout).toBe("");
    expect(none.stderr).toBe("heirloom-plan: AWS prices unavailable: offline and no cached or bundled prices for ap-southeast-1\n");
  });

  it("a corrupt or foreign cache file is ignored with a notice, never a crash", async () => {
    const cache = tempCache();
    const dir = join(cache, "heirloom-plan", "prices", "us-east-1");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "ec2_t3.medium.json"), "{corrupt");
    writeFileSync(join(dir, "s3.json"), JSON.stringify({ hello: "world" }));
    const r = await cliAsync(["--offline", "--format", "json"], noAwsEnv(cache));
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split("\n")).toEqual([
      `heirloom-plan: ignoring the price cache file ${join(dir, "ec2_t3.medium.json")}: not JSON`,
      `heirloom-plan: ignoring the price cache file ${join(dir, "s3.json")}: not a heirloom-plan cache entry for us-east-1 s3`,
    ]);
    expect(JSON.parse(r.stdout).costs.aws.source).toBe("snapshot");
  });
});

describe("prices pull and show", () => {
  it("pull writes a snapshot and fills the cache; show lists what they hold", async () => {
    standIn = await startStandIn("ok");
    const cache = tempCache();
    const out = join(mkdtempSync(join(tmpdir(), "hp-snap-")), "prices.json");
    const pull = await cliAsync(["prices", "pull", "--output", out], standInEnv(standIn.url, cache));
    expect(pull.status).toBe(0);
    expect(pull.stderr).toBe(`heirloom-plan: wrote 8 prices for us-east-1 to ${out}\n`);
    const snap = JSON.parse(readFileSync(out, "utf8"));
    expect(snap).toMatchObject({ format: "heirloom-plan price snapshot", formatVersion: 1, region: "us-east-1", origin: "live" });
    expect(Object.keys(snap.items)).toHaveLength(8);
    expect(readdirSync(join(cache, "heirloom-plan", "prices", "us-east-1"))).toHaveLength(8);
    // The pulled snapshot is usable with --prices, offline.
    const plan = await cliAsync(["--offline", "--prices", out, "--format", "json"], noAwsEnv(tempCache()));
    expect(JSON.parse(plan.stdout).costs.aws.services.ec2.monthlyUSD).toBeCloseTo(LIVE_EC2, 9);

    const show = await cliAsync(["prices", "show"], standInEnv(standIn.url, cache));
    expect(show.status).toBe(0);
    expect(show.stdout).toMatch(/ec2:t3\.medium\s+cache\s+NN4EGUUQRWVYP98C\s+\$0\.042\/Hrs/);
    expect(show.stdout).toMatch(/ec2:t3\.medium\s+snapshot\s+NN4EGUUQRWVYP98C\s+\$0\.0416\/Hrs/);
    expect(show.stdout).toMatch(/rds:db\.r5\.2xlarge:Single-AZ\s+snapshot\s+UNRECORDED-RDS-R52XL-SAZ\s+\$1\.00\/Hrs\s+2026-03-01\s+unconfirmed/);
  });

  it("pull fails with exit 3 and the reason when AWS cannot answer", async () => {
    standIn = await startStandIn("access-denied");
    const out = join(mkdtempSync(join(tmpdir(), "hp-snap-")), "prices.json");
    const r = await cliAsync(["prices", "pull", "--output", out], standInEnv(standIn.url, tempCache()));
    expect(r.status).toBe(3);
    expect(r.stderr).toBe("heirloom-plan: prices pull: ec2:t3.medium: access denied (User is not authorized to perform: pricing:GetProducts)\n");
    expect(existsSync(out)).toBe(false);
  });

  it("pull without credentials exits 3 at once", async () => {
    const r = await cliAsync(["prices", "pull"], noAwsEnv(tempCache()));
    expect(r.status).toBe(3);
    expect(r.stderr).toBe("heirloom-plan: prices pull: no AWS credentials; set AWS_PROFILE or AWS_ACCESS_KEY_ID\n");
  });
});
