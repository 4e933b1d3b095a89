// AWS prices end to end: the built binary, the real SDK, and a Pricing API stand-in on 127.0.0.1.
// No timing assertions: a wave is proven by requests in flight together, a bound by the run ending at all.
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cliAsync, noAwsEnv, standInEnv, tempDir } from "../helpers.js";
import { startStandIn, type Scenario, type StandIn } from "../support/pricing-stand-in.js";

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const tempCache = () => tempDir("hp-cache-");
const instanceRequests = () => standIn!.requests.filter((r) => r.ServiceCode === "AmazonEC2" && r.Filters.some((f) => f.Value === "Compute Instance"));
const cacheFolder = (cache: string, region = "us-east-1") => join(cache, "heirloom-plan", "prices", "2", region);
const lines = (text: string) => text.split("\n").filter(Boolean);
/** The instance-hours line of AWS's EC2 cost (root volumes and CPU credits are lines of their own). */
const ec2Hours = (report: { costs: { aws: { services: { ec2: { lines: { part: string; monthlyUSD: number }[] } } } } }) =>
  report.costs.aws.services.ec2.lines.find((l) => l.part === "instance-hours")?.monthlyUSD ?? null;

async function planWith(scenario: Scenario, args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}, cache = tempCache()) {
  standIn ??= await startStandIn(scenario);
  const r = await cliAsync(["--users", "1000000", "--format", "json", ...args], { ...standInEnv(standIn.url, cache), ...extraEnv });
  return { ...r, cache, json: r.stdout ? JSON.parse(r.stdout) : undefined };
}

const SNAPSHOT_EC2 = 303.68; // 10 × $0.0416 × 730 (karpenter zz_generated.pricing_aws.go @6fc13b52, us-east-1)
const LIVE_EC2 = 306.6; // 10 × $0.0420 × 730: the stand-in reprices t3.medium to tell live from snapshot
// The guide's stack, priced on both books: one request an item, the guide's own types among them.
const GUIDE_STACK_ITEMS = 12; // ec2, cpu-credit:t3, ebs:gp3, rds, rds-storage, elasticache, s3, cloudfront, alb, alb-lcu, data-transfer-out, logs

describe("live prices through the SDK: one wave, and none when warm", () => {
  it("every item asked at once, the API's figures, nothing on stderr", async () => {
    const r = await planWith("ok");
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.json.costs.aws.source).toBe("live");
    expect(ec2Hours(r.json)).toBeCloseTo(LIVE_EC2, 9);
    expect(standIn!.requests).toHaveLength(GUIDE_STACK_ITEMS);
    // One wave: every request was in flight before the first answer came back.
    expect(standIn!.maxInFlight).toBe(GUIDE_STACK_ITEMS);
  });

  it("a warm cache makes no call; --refresh-prices asks again, in one wave", async () => {
    const first = await planWith("ok");
    const again = await planWith("ok", [], {}, first.cache);
    expect(again.stderr).toBe("");
    expect(again.json.costs.aws.source).toBe("cache");
    expect(ec2Hours(again.json)).toBeCloseTo(LIVE_EC2, 9);
    expect(standIn!.requests).toHaveLength(GUIDE_STACK_ITEMS);
    const refreshed = await planWith("ok", ["--refresh-prices"], {}, first.cache);
    expect(refreshed.json.costs.aws.source).toBe("live");
    expect(standIn!.requests).toHaveLength(2 * GUIDE_STACK_ITEMS);
  });

  it('a "no product" answer is cached like any other: the warm run asks nothing', async () => {
    const first = await planWith("empty");
    expect(first.status).toBe(0);
    const asked = standIn!.requests.length;
    const again = await planWith("empty", [], {}, first.cache);
    expect(again.status).toBe(0);
    expect(standIn!.requests).toHaveLength(asked);
    expect(again.json.costs.aws.services.ec2.monthlyUSD).toBeNull();
  });

  it("a sweep's stacks go in one wave, with no Node warning", async () => {
    standIn = await startStandIn("ok");
    const r = await cliAsync(["sweep", "--users", "10k,250k,1m,10m,100m", "--size", "auto", "--format", "json"], standInEnv(standIn.url, tempCache()));
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const keys = standIn.requests.map((q) => JSON.stringify(q.Filters));
    expect(new Set(keys).size).toBe(keys.length); // each item asked once
    expect(standIn.maxInFlight).toBe(standIn.requests.length);
    expect(standIn.requests.length).toBeGreaterThan(GUIDE_STACK_ITEMS);
  });

  it("several pages: NextToken is followed to the end", async () => {
    const r = await planWith("pages");
    expect(r.json.costs.aws.source).toBe("live");
    expect(instanceRequests().map((q) => q.NextToken ?? null)).toEqual([null, "page-2", "page-3"]);
  });

  it("throttling, then success: retried with backoff", async () => {
    const r = await planWith("throttle-then-ok");
    expect(r.status).toBe(0);
    expect(r.json.costs.aws.source).toBe("live");
    expect(instanceRequests()).toHaveLength(3);
  });
});

describe("a $0 is never a price", () => {
  it("a $0 duplicate row beside the priced one is dropped with a notice, never taken", async () => {
    const r = await planWith("zero-duplicate");
    expect(r.stderr).toBe("heirloom-plan: dropped a $0 price for ec2:t3.medium (on-demand, SKU ZEROSKU000000001): $0 is not a price\n");
    expect(ec2Hours(r.json)).toBeCloseTo(LIVE_EC2, 9);
  });

  it("a $0 reserved rate (and an All Upfront offer with no fee) gives a gap, not $0", async () => {
    // m7g.large: the snapshot has no reserved price for it, so nothing else can stand in.
    const r = await planWith("zero-reserved", ["--instance-type", "m7g.large", "--term", "reserved-1yr", "--pricing", "aws"]);
    expect(r.status).toBe(0);
    const ec2 = r.json.costs.aws.services.ec2;
    expect(ec2.monthlyUSD).toBeNull();
    expect(JSON.stringify(ec2.gap)).toMatch(/zero-price|\$0/);
    expect(r.json.costs.aws.complete).toBe(false);
    expect(lines(r.stderr)).toContainEqual(expect.stringMatching(/^heirloom-plan: dropped a \$0 price for ec2:m7g\.large \(reserved-1yr, SKU \w+\): \$0 is not a price$/));
  });

  it("a cached answer that holds a $0 is not used as a price", async () => {
    const first = await planWith("zero-reserved", ["--instance-type", "m7g.large", "--term", "reserved-1yr", "--pricing", "aws"]);
    const again = await cliAsync(["--users", "1000000", "--format", "json", "--offline", "--instance-type", "m7g.large", "--term", "reserved-1yr", "--pricing", "aws"], noAwsEnv(first.cache));
    expect(JSON.parse(again.stdout).costs.aws.services.ec2.monthlyUSD).toBeNull();
  });
});

describe("failures fall back to the snapshot, naming the real cause in one line", () => {
  it.each([
    ["error-500", "the Pricing API answered 500 (InternalErrorException)"],
    ["access-denied", "access denied (User is not authorized to perform: pricing:GetProducts)"],
    ["two-skus", "2 products match, expected 1 (they differ in capacitystatus)"],
    ["malformed", "PriceList[0] is not JSON"],
    ["drop-connection", "the connection was dropped (ECONNRESET)"],
  ] as [Scenario, string][])("%s", async (scenario, reason) => {
    const r = await planWith(scenario);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`heirloom-plan: AWS prices for ec2:t3.medium from the bundled snapshot (compiled 2026-11-26; each price dated by its source): live prices unavailable (${reason})\n`);
    expect(ec2Hours(r.json)).toBeCloseTo(SNAPSHOT_EC2, 9);
  });

  it("a price given as a JSON number is refused, naming where", async () => {
    const r = await planWith("number-price");
    expect(r.stderr).toMatch(/^heirloom-plan: AWS prices for ec2:t3\.medium from the bundled snapshot \(compiled 2026-11-26; each price dated by its source\): live prices unavailable \(PriceList\[0\] terms\.OnDemand\.\S+\.pricePerUnit\.USD: must be a price in decimal notation, as a string \(got 0\.042\)\)\n$/);
    expect(ec2Hours(r.json)).toBeCloseTo(SNAPSHOT_EC2, 9);
  });

  it("a slow answer past the deadline", async () => {
    const r = await planWith("slow", [], { HEIRLOOM_PRICES_TIMEOUT_MS: "2000" });
    // On a loaded machine other answers may miss the deadline too: the cause is the same.
    expect(r.stderr).toMatch(/^heirloom-plan: AWS prices (for [^ ]+ )?from the bundled snapshot \(compiled 2026-11-26; each price dated by its source\): live prices unavailable \((ec2:t3\.medium: )?timed out after 2 s/);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(ec2Hours(r.json)).toBeCloseTo(SNAPSHOT_EC2, 9);
  });

  it("a credential_process that hangs is held to the same deadline, and killed", async () => {
    standIn = await startStandIn("ok");
    const dir = tempDir("hp-aws-");
    const script = join(dir, "hang.sh");
    writeFileSync(script, "#!/bin/sh\nexec sleep 600\n");
    chmodSync(script, 0o755);
    writeFileSync(join(dir, "config"), `[default]\ncredential_process = ${script}\n`);
    const env = { ...standInEnv(standIn.url, tempCache()), AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_CONFIG_FILE: join(dir, "config"), HEIRLOOM_PRICES_TIMEOUT_MS: "1500" };
    const r = await cliAsync(["--users", "1000000", "--format", "json"], env);
    expect(r.status).toBe(0); // the run ended: cliAsync gives up (status null) after 60 s
    expect(r.stderr).toBe("heirloom-plan: AWS prices from the bundled snapshot (compiled 2026-11-26; each price dated by its source): live prices unavailable (fetching AWS credentials timed out after 1.5 s)\n");
    expect(standIn.requests).toHaveLength(0);
  });

  it("--refresh-prices during an outage falls back to a fresh cache, not the snapshot", async () => {
    const warm = await planWith("ok");
    await standIn!.close();
    standIn = await startStandIn("error-500");
    const r = await planWith("error-500", ["--refresh-prices"], {}, warm.cache);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.json.costs.aws.source).toBe("cache");
    expect(ec2Hours(r.json)).toBeCloseTo(LIVE_EC2, 9);
  });
});

describe("the cache: used only for its region and item, checked, never a crash", () => {
  async function warmCache() {
    return (await planWith("ok")).cache;
  }

  it("a corrupt entry, a foreign one and one whose price is a JSON number: one notice each, then the snapshot", async () => {
    const cache = await warmCache();
    const dir = cacheFolder(cache);
    writeFileSync(join(dir, "ec2_t3.medium.json"), "{corrupt");
    writeFileSync(join(dir, "s3.json"), JSON.stringify({ hello: "world" }));
    const alb = JSON.parse(readFileSync(join(dir, "alb.json"), "utf8"));
    alb.response.PriceList = alb.response.PriceList.map((e: string) => e.replace(/"USD":"([0-9.]+)"/, '"USD":$1'));
    writeFileSync(join(dir, "alb.json"), JSON.stringify(alb));
    const r = await cliAsync(["--users", "1000000", "--offline", "--format", "json"], noAwsEnv(cache));
    expect(r.status).toBe(0);
    expect(lines(r.stderr)).toEqual([
      `heirloom-plan: ignoring the price cache entry ${join(dir, "ec2_t3.medium.json")}: not JSON`,
      `heirloom-plan: ignoring the price cache entry ${join(dir, "s3.json")}: format: must be "heirloom-plan price cache"`,
      expect.stringMatching(/^heirloom-plan: ignoring the price cache entry for us-east-1 alb: PriceList\[0\] terms\..*pricePerUnit\.USD: must be a price in decimal notation, as a string \(got 0\.0225\)$/),
    ]);
    const aws = JSON.parse(r.stdout).costs.aws;
    expect(ec2Hours({ costs: { aws } })).toBeCloseTo(SNAPSHOT_EC2, 9);
  });

  it("an entry moved to another region's folder is not used there", async () => {
    const cache = await warmCache();
    const west = cacheFolder(cache, "us-west-2");
    mkdirSync(west, { recursive: true });
    writeFileSync(join(west, "elasticache_cache.t3.medium_redis.json"), readFileSync(join(cacheFolder(cache), "elasticache_cache.t3.medium_redis.json")));
    const r = await cliAsync(["--users", "1000000", "--offline", "--region", "us-west-2", "--format", "json"], noAwsEnv(cache));
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`heirloom-plan: ignoring the price cache entry ${join(west, "elasticache_cache.t3.medium_redis.json")}: it was asked for us-east-1 elasticache:cache.t3.medium:redis, not us-west-2 elasticache:cache.t3.medium:redis\n`);
    expect(JSON.parse(r.stdout).costs.aws.services.elasticache.lines[0].price.provenance.origin).toBe("snapshot");
  });

  it("an entry dated in the future is stale", async () => {
    const cache = await warmCache();
    const file = join(cacheFolder(cache), "ec2_t3.medium.json");
    const entry = JSON.parse(readFileSync(file, "utf8"));
    entry.fetchedAt = "2099-01-01T00:00:00.000Z";
    writeFileSync(file, JSON.stringify(entry));
    const r = await cliAsync(["--users", "1000000", "--offline", "--format", "json"], noAwsEnv(cache));
    expect(ec2Hours(JSON.parse(r.stdout))).toBeCloseTo(SNAPSHOT_EC2, 9);
  });

  it("a cache folder that is a file is a notice, not a crash", async () => {
    const cache = tempCache();
    writeFileSync(join(cache, "heirloom-plan"), "not a folder");
    standIn = await startStandIn("ok");
    const r = await cliAsync(["--users", "1000000", "--format", "json"], standInEnv(standIn.url, cache));
    expect(r.status).toBe(0);
    expect(lines(r.stderr)).toEqual([
      `heirloom-plan: cannot use the price cache ${join(cache, "heirloom-plan")}: a file stands where its folder should be`,
      `heirloom-plan: cannot write the price cache ${join(cache, "heirloom-plan")}: a file stands where its folder should be`,
    ]);
    expect(JSON.parse(r.stdout).costs.aws.source).toBe("live");
  });
});

describe("offline, with no credentials: the bundled snapshot prices whole stacks", () => {
  it.each([
    ["--size auto, 10k users", ["--users", "10k", "--size", "auto"]],
    ["--size auto, 250k users at 0.3 DAU and 50 requests", ["--users", "250k", "--dau-ratio", "0.3", "--requests-per-user", "50", "--size", "auto"]],
    ["--size auto, 1m users", ["--users", "1m", "--size", "auto"]],
    ["--size auto, 10m users", ["--users", "10m", "--size", "auto"]],
    ["--size auto, 100m users", ["--users", "100m", "--size", "auto"]],
    ["the guide profile", ["--profile", "guide"]],
    ["guide-as-published", ["--profile", "guide-as-published"]],
    ["startup-50k", ["--profile", "startup-50k"]],
    ["Valkey", ["--users", "1m", "--cache-engine", "valkey"]],
    ["Multi-AZ", ["--users", "1m", "--multi-az"]],
  ])("%s: AWS's total is complete (us-east-1, on-demand)", async (_, args) => {
    const r = await cliAsync([...args, "--format", "json"], noAwsEnv(tempCache()));
    expect(r.status).toBe(0);
    const aws = JSON.parse(r.stdout).costs.aws;
    expect(aws.gaps).toEqual([]);
    expect(aws.complete).toBe(true);
  });
});

describe("--prices FILE: checked by its schema, one line and exit 2 when it does not fit", () => {
  const bundled = JSON.parse(readFileSync(new URL("../../models/prices/us-east-1.json", import.meta.url), "utf8"));
  const withPrice = (usd: unknown) => {
    const snap = structuredClone(bundled);
    snap.prices["ec2:t3.medium"]["on-demand"].usd = usd;
    return snap;
  };
  it.each([
    ["not JSON", "{", /: not JSON \(/],
    ["a hexadecimal price", withPrice("0x10"), /prices\.ec2:t3\.medium\.on-demand\.usd: must be a price in decimal notation, as a string \(got "0x10"\)$/],
    ["an exponent", withPrice("1e3"), /usd: must be a price in decimal notation, as a string \(got "1e3"\)$/],
    ["a JSON number", withPrice(0.0416), /usd: must be a price in decimal notation, as a string \(got 0\.0416\)$/],
    ["markup in a source", { ...bundled, sources: { ...bundled.sources, "karpenter-od-us-east-1": { ...bundled.sources["karpenter-od-us-east-1"], title: "<img src=x onerror=alert(1)>" } } }, /sources\.karpenter-od-us-east-1\.title: must be plain text/],
    ["a source title of 301 characters", { ...bundled, sources: { ...bundled.sources, "karpenter-od-us-east-1": { ...bundled.sources["karpenter-od-us-east-1"], title: "x".repeat(301) } } }, /sources\.karpenter-od-us-east-1\.title: must be at most 300 characters \(got "x{38}…\)$/],
    ["a first-version snapshot", { format: "heirloom-plan price snapshot", formatVersion: 1, region: "us-east-1", items: {} }, /a price snapshot of formatVersion 1; this version reads formatVersion 2/],
  ])("%s", async (_, content, message) => {
    const file = join(tempDir("hp-prices-"), "prices.json");
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    const r = await cliAsync(["--users", "1000000", "--offline", "--prices", file], noAwsEnv(tempCache()));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(new RegExp(`^heirloom-plan: --prices ${file.replace(/[.]/g, "\\.")}`));
    expect(r.stderr.trim()).toMatch(message);
  });

  it("a $0 in a --prices file is dropped with a notice, and the item is a gap", async () => {
    const file = join(tempDir("hp-prices-"), "prices.json");
    writeFileSync(file, JSON.stringify(withPrice("0.0000")));
    const r = await cliAsync(["--users", "1000000", "--offline", "--prices", file, "--format", "json"], noAwsEnv(tempCache()));
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("heirloom-plan: dropped a $0 price for ec2:t3.medium (on-demand): $0 is not a price\n");
    expect(JSON.parse(r.stdout).costs.aws.services.ec2.monthlyUSD).toBeNull();
  });
});

describe("prices pull and show", () => {
  it("pull writes a formatVersion 2 snapshot and fills the cache; the snapshot prices a plan offline", async () => {
    standIn = await startStandIn("ok");
    const cache = tempCache();
    const out = join(tempDir("hp-snap-"), "prices.json");
    const pull = await cliAsync(["prices", "pull", "--output", out], standInEnv(standIn.url, cache));
    expect(pull.status).toBe(0);
    expect(pull.stderr).toMatch(new RegExp(`^heirloom-plan: wrote \\d+ prices for us-east-1 to ${out.replace(/[.]/g, "\\.")}\\n$`));
    const snap = JSON.parse(readFileSync(out, "utf8"));
    expect(snap).toMatchObject({ format: "heirloom-plan price snapshot", formatVersion: 2, region: "us-east-1" });
    expect(snap.prices["ec2:t3.medium"]).toEqual({
      "on-demand": { usd: "0.042", src: "aws-price-list-api", sku: expect.any(String) },
      "reserved-1yr": { usd: "0.0261", src: "aws-price-list-api", sku: expect.any(String) },
      "reserved-3yr": { usd: "0.018", src: "aws-price-list-api", sku: expect.any(String) },
    });
    expect(readdirSync(cacheFolder(cache)).length).toBe(Object.keys(snap.prices).length + Object.keys(snap.gaps).filter((k) => !snap.prices[k]).length);
    const plan = await cliAsync(["--users", "1000000", "--offline", "--prices", out, "--format", "json"], noAwsEnv(tempCache()));
    expect(ec2Hours(JSON.parse(plan.stdout))).toBeCloseTo(LIVE_EC2, 9);
  });

  it("pull --catalogue asks for every item of the catalogue, bounded, and writes what AWS does not sell as gaps", async () => {
    standIn = await startStandIn("ok");
    const out = join(tempDir("hp-snap-"), "catalogue.json");
    const r = await cliAsync(["prices", "pull", "--catalogue", "--region", "eu-central-1", "--output", out], standInEnv(standIn.url, tempCache()));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^heirloom-plan: wrote \d+ prices for eu-central-1 to /);
    const snap = JSON.parse(readFileSync(out, "utf8"));
    expect(standIn.requests).toHaveLength(36 + 2 + 1 + 58 + 4 + 34 + 6); // every item once
    expect(standIn.maxInFlight).toBeLessThanOrEqual(32);
    expect(snap.prices["elasticache:cache.r6g.large:valkey"]["on-demand"].usd).toBe("0.1976");
    // sold on demand, but the stand-in (answering from the bundled files) has no reserved offer for it
    expect(snap.gaps["ec2:m7g.large"]).toEqual({ "reserved-1yr": "not-offered", "reserved-3yr": "not-offered" });
    expect(snap.prices["alb-lcu"]["on-demand"].usd).toBe("0.008");
    expect(snap.gaps["alb-lcu"]).toBeUndefined();
  });

  it("pull --catalogue writes an item AWS has no product for as a gap, not sold there", async () => {
    standIn = await startStandIn("empty"); // no EC2 instance product at all
    const out = join(tempDir("hp-snap-"), "catalogue.json");
    const r = await cliAsync(["prices", "pull", "--catalogue", "--region", "eu-central-1", "--output", out], standInEnv(standIn.url, tempCache()));
    expect(r.status).toBe(0);
    const snap = JSON.parse(readFileSync(out, "utf8"));
    expect(snap.prices["ec2:t3.medium"]).toBeUndefined();
    expect(snap.gaps["ec2:t3.medium"]).toEqual({ "on-demand": "not-sold", "reserved-1yr": "not-sold", "reserved-3yr": "not-sold" });
    // and a plan on that file says so
    const plan = await cliAsync(["--users", "1000000", "--offline", "--prices", out, "--region", "eu-central-1"], noAwsEnv(tempCache()));
    expect(plan.stdout.replace(/\n +/g, " ")).toContain("no AWS price for ec2:t3.medium in eu-central-1 (on-demand): AWS does not sell it there");
  });

  it("pull fails with exit 3 and the reason when AWS cannot answer", async () => {
    standIn = await startStandIn("access-denied");
    const out = join(tempDir("hp-snap-"), "prices.json");
    const r = await cliAsync(["prices", "pull", "--output", out], standInEnv(standIn.url, tempCache()));
    expect(r.status).toBe(3);
    expect(r.stderr).toBe("heirloom-plan: prices pull: ec2:t3.medium: access denied (User is not authorized to perform: pricing:GetProducts)\n");
    expect(existsSync(out)).toBe(false);
  });

  it("show lists coverage: region × term × kind, priced and missing", async () => {
    const r = await cliAsync(["prices", "show", "--format", "json"], noAwsEnv(tempCache()));
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { region: string; term: string; kind: string; priced: number; missing: number }[];
    expect(new Set(rows.map((x) => x.region))).toEqual(new Set(["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1"]));
    // The catalogue: 36 EC2 types, 17 cache nodes × 2 engines; reserved terms only for ec2, rds and elasticache.
    expect(rows.find((x) => x.region === "us-east-1" && x.term === "on-demand" && x.kind === "ec2")).toMatchObject({ priced: 36, missing: 0 });
    expect(rows.find((x) => x.region === "eu-west-1" && x.term === "reserved-3yr" && x.kind === "elasticache")).toMatchObject({ priced: 34, missing: 0 });
    expect(rows.some((x) => x.term !== "on-demand" && x.kind === "s3")).toBe(false);
  });

  it("show --region with nothing stored exits 3 with one line; an unknown region exits 2", async () => {
    const empty = join(tempDir("hp-prices-"), "empty.json");
    writeFileSync(empty, JSON.stringify({ format: "heirloom-plan price snapshot", formatVersion: 2, region: "eu-west-1", asOf: "2026-11-26", sources: {}, prices: {} }));
    const r = await cliAsync(["prices", "show", "--region", "eu-west-1", "--prices", empty], noAwsEnv(tempCache()));
    expect(r.status).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("heirloom-plan: prices show: no stored prices for eu-west-1: run `heirloom-plan prices pull --region eu-west-1 --catalogue` with AWS credentials\n");
    const unknown = await cliAsync(["prices", "show", "--region", "constructor"], noAwsEnv(tempCache()));
    expect(unknown.status).toBe(2);
    expect(lines(unknown.stderr)).toHaveLength(1);
  });
});
