// The calibration driver against a stand-in backend of our own on 127.0.0.1: the plan's mix, the counters read
// from /metrics, the profile written, and bad input refused in one line with exit 2 before any load.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cliAsync } from "../helpers.js";
import { startStandIn, type StandIn } from "../support/calibrate-stand-in.js";

let dir: string;
let standIn: StandIn | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hp-calibrate-"));
});
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tokens = Array.from({ length: 60 }, (_, i) => `user-${i}`);
const short = ["--steps", "1,2,4,8", "--max-duration", "14s", "--max-requests", "4000"];

describe("calibrate against a stand-in backend", () => {
  it("drives the mix, reads the counters, writes the profile and the chart", async () => {
    standIn = await startStandIn({ userTokens: tokens, delayMs: 1 });
    const tokenFile = join(dir, "tokens.txt");
    writeFileSync(tokenFile, tokens.join("\n") + "\n");
    const out = join(dir, "calibrated.yaml");
    const chart = join(dir, "calibration.svg");
    const r = await cliAsync(["calibrate", "--url", standIn.url, "--tokens", tokenFile, "--metrics-token", "metrics-secret", "--profile", "guide", "--output", out, "--chart", chart, "--format", "json", ...short]);
    expect(r.stderr).toContain("step 4 of 4");
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.kind).toBe("calibration");
    expect(report.steps.map((s: { concurrency: number }) => s.concurrency)).toEqual([1, 2, 4, 8]);
    expect(report.fit.ok).toBe(true);
    for (const s of report.steps) {
      expect(s.throughputRps).toBeGreaterThan(0);
      expect(s.cpuShare).not.toBeNull();
      expect(s.cacheHitRate).toBeGreaterThan(0);
      expect(s.errorShare).toBe(0);
    }
    // The mix: about one write in ten, each with its own idempotency key; nothing sent but the API, /health and /metrics.
    const { reads, writes, keys, paths } = standIn.counts;
    expect(writes / (reads + writes)).toBeGreaterThan(0.05);
    expect(writes / (reads + writes)).toBeLessThan(0.15);
    expect(keys.size).toBe(writes);
    expect([...paths].sort()).toEqual(["GET /api/vault/items", "GET /health", "GET /metrics", "POST /api/vault/items"]);
    expect(reads + writes).toBeLessThanOrEqual(4000);
    const profile = parse(readFileSync(out, "utf8"));
    expect(profile.users).toBe(1_000_000); // the guide's settings kept
    expect(profile.backend.rpsPerInstance).toBe(Math.round(report.measured.rpsPerInstance * 10) / 10);
    expect(profile.basis["backend.rpsPerInstance"]).toMatch(/^measured: /);
    expect(readFileSync(chart, "utf8")).toMatch(/^<svg /);
  });

  it("stops early when the backend errors under load, and reports what it saw", async () => {
    standIn = await startStandIn({ userTokens: tokens, failAfter: 400 });
    const r = await cliAsync(["calibrate", "--url", standIn.url, ...tokens.flatMap((t) => ["--token", t]), "--metrics-token", "metrics-secret", ...short]);
    expect(r.stdout).toMatch(/Stopped at \d+ clients: [\d.]+% of requests failed \(503×[\d,]+\)/);
    const stepsRun = (r.stderr.match(/^heirloom-plan: step \d of 4/gm) ?? []).length;
    expect(stepsRun).toBeLessThan(4);
  });

  it.each([
    ["a URL that is not a heirloom backend", { service: "something-else" }, [], /not a heirloom backend/],
    ["a token the backend refuses", {}, ["--token", "nobody"], /token 2 of 2: the backend refused it \(401\)/],
    ["a metrics token the backend refuses", {}, ["--metrics-token", "wrong"], /--metrics-token: the backend refused it/],
  ])("refuses %s in one line, exit 2, before any load", async (_name, options, args, message) => {
    standIn = await startStandIn(options);
    const r = await cliAsync(["calibrate", "--url", standIn.url, "--token", "user-1", ...args, ...short]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(standIn.counts.writes).toBe(0);
  });

  it("refuses an unreachable URL, a remote one, and an existing --output without --force", async () => {
    const unreachable = await cliAsync(["calibrate", "--url", "http://127.0.0.1:9", "--token", "t", ...short]);
    expect(unreachable.status).toBe(2);
    expect(unreachable.stderr).toMatch(/cannot reach it/);
    const remote = await cliAsync(["calibrate", "--url", "http://192.0.2.1:3000", "--token", "t"]);
    expect(remote.status).toBe(2);
    expect(remote.stderr).toMatch(/not this machine's loopback/);
    const existing = join(dir, "exists.yaml");
    writeFileSync(existing, "users: 1\n");
    const clobber = await cliAsync(["calibrate", "--url", "http://127.0.0.1:9", "--token", "t", "--output", existing]);
    expect(clobber.status).toBe(2);
    expect(clobber.stderr).toMatch(/the file exists; use --force/);
  });
});
