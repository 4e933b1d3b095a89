// The report's choice and fit, its table, and the calibrated profile: the base's settings kept, the measured
// ones laid over, each with a basis that says "measured", when, against what and on which machine.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildCalibrationReport, calibratedSettings, type CalibrationInput } from "../../src/core/calibrate/report.js";
import { DEFAULT_LIMITS, type StepMeasure } from "../../src/core/calibrate/steps.js";
import { uslThroughput } from "../../src/core/calibrate/usl.js";
import { step } from "../support/calibration-step.js";
import { renderCalibratedProfile, renderCalibrationChart, renderCalibrationCsv, renderCalibrationTable } from "../../src/present/render-calibration.js";

const usl = { lambda: 100, sigma: 0.05, kappa: 0.002 };
const stepAt = (n: number): StepMeasure =>
  step({
    concurrency: n,
    throughputRps: uslThroughput(n, usl),
    throughputStddevRps: 3,
    p50Ms: 5 * n,
    p95Ms: 10 * n,
    p99Ms: 15 * n,
    cpuShare: 0.1 * n,
    memoryBytes: 9e7,
    cacheHitRate: 0.84,
    dbQueriesPerRequest: 0.33,
    dbQueriesPerDbRequest: 1.3,
  });

const input = (steps: StepMeasure[]): CalibrationInput => ({
  generator: { name: "heirloom-plan", version: "0.1.0" },
  measuredAt: "2026-11-26T07:40:12.345Z",
  target: { url: "http://127.0.0.1:3000", service: "heirloom-backend", version: "0.1.0", processes: 1, metrics: true },
  machine: { cpuModel: "Test CPU @ 2GHz", cores: 2, os: "Linux 6" },
  profile: { name: "guide", source: "profiles/guide.yaml" },
  mix: { readShare: 0.9, users: 200 },
  budget: { maxDurationSeconds: 120, maxRequests: 200_000, steps: steps.map((s) => s.concurrency) },
  steps,
  earlyStop: null,
  limits: DEFAULT_LIMITS,
});

describe("calibration report", () => {
  const report = buildCalibrationReport(input([1, 2, 4, 8].map(stepAt)));

  it("chooses the highest step under 70% CPU and fits the law", () => {
    // CPU 0.1 × N: 8 clients read 80%, so 4 is the highest within the target.
    expect(report.selection.chosen).toBe(2);
    // Its throughput at 40% CPU, scaled to 100% CPU: the capacity backend.rpsPerInstance stands for.
    expect(report.measured).toEqual({ rpsPerInstance: uslThroughput(4, usl) / 0.4, processesPerInstance: 1, queriesPerRequest: 1.3, hitRate: 0.84 });
    expect(report.fit.ok).toBe(true);
  });

  it("refuses the fit on three steps and says so in the table", () => {
    const r = buildCalibrationReport(input([1, 2, 4].map(stepAt)));
    expect(r.fit).toEqual({ ok: false, reason: "too-few-steps", points: 3, needed: 4 });
    expect(renderCalibrationTable(r)).toContain("No USL fit: 3 steps served requests; a fit of λ, σ and κ needs at least 4.");
  });

  it("writes the base profile's settings with the measured ones and a basis for each", async () => {
    const base = { users: 1_000_000, backend: { instances: 10, instanceType: "t3.medium", rpsPerInstance: 116 }, cache: { ttlSeconds: 60 }, description: "the guide" };
    const doc = parse(await renderCalibratedProfile(report, base as never));
    expect(doc.description).toBe("Calibrated 2026-11-26 against http://127.0.0.1:3000 (base: profiles/guide.yaml)");
    expect(doc.users).toBe(1_000_000);
    // The chosen step ran at 40% CPU: its throughput scaled to 100% CPU is the capacity rpsPerInstance stands for.
    expect(doc.backend).toEqual({ instances: 10, instanceType: "t3.medium", rpsPerInstance: Math.round((uslThroughput(4, usl) / 0.4) * 10) / 10, processesPerInstance: 1 });
    expect(doc.database).toEqual({ queriesPerRequest: 1.3 });
    expect(doc.cache).toEqual({ ttlSeconds: 60, hitRate: 0.84 });
    expect(Object.keys(doc.basis)).toEqual(["backend.rpsPerInstance", "backend.processesPerInstance", "database.queriesPerRequest", "cache.hitRate"]);
    for (const line of Object.values(doc.basis) as string[]) {
      expect(line).toMatch(/^measured: /);
      expect(line).toContain("on 2026-11-26T07:40Z against http://127.0.0.1:3000 (Test CPU @ 2GHz, 2 cores)");
    }
    expect(doc.basis["backend.rpsPerInstance"]).toMatch(/RPS at p99 60 ms and CPU 40%/);
  });

  it("lays measured keys over a base without touching the base", () => {
    const base = { backend: { rpsPerInstance: 116 } };
    expect(calibratedSettings(base as never, { "backend.rpsPerInstance": 200 })).toEqual({ backend: { rpsPerInstance: 200 } });
    expect(base.backend.rpsPerInstance).toBe(116);
  });

  it("renders CSV with one row a step and an SVG with the fit and the chosen point", () => {
    const csv = renderCalibrationCsv(report).trim().split("\n");
    expect(csv).toHaveLength(5);
    expect(csv[3].endsWith(",true,true")).toBe(true);
    const svg = renderCalibrationChart(report);
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain("USL fit");
    expect(svg).toContain("chosen: ");
  });
});

describe("the calibration JSON", () => {
  it("matches its zod schema, and the shipped JSON Schema is the generated one", async () => {
    const { CalibrationReportSchema, calibrationJsonSchema } = await import("../../src/core/calibrate/report-schema.js");
    const { readFileSync } = await import("node:fs");
    const report = buildCalibrationReport(input([1, 2, 4, 8].map(stepAt)));
    expect(CalibrationReportSchema.safeParse(JSON.parse(JSON.stringify(report))).success).toBe(true);
    const refused = buildCalibrationReport({ ...input([1, 2].map(stepAt)), earlyStop: { reason: "budget", concurrency: 4, what: "time" } });
    expect(CalibrationReportSchema.safeParse(JSON.parse(JSON.stringify(refused))).success).toBe(true);
    expect(JSON.parse(readFileSync(new URL("../../schema/calibration.schema.json", import.meta.url), "utf8"))).toEqual(calibrationJsonSchema());
  });
});

describe("the summary's words for what went wrong", () => {
  it("says when no step met the targets, and sets no capacity", () => {
    const slow = [1, 2, 4, 8].map((n) => ({ ...stepAt(n), p99Ms: 250 }));
    const r = buildCalibrationReport(input(slow));
    expect(r.measured.rpsPerInstance).toBeNull();
    const table = renderCalibrationTable(r);
    expect(table).toContain("No step met the targets (p99 under 200 ms, CPU under 70% per process and at most 1% errors): no capacity to plan on.");
    expect(table).toContain("Profile settings measured: backend.processesPerInstance 1.");
  });

  it("reports an early stop with its errors, and names the rate limit for a 429", () => {
    const steps = [1, 2].map(stepAt);
    steps[1] = { ...steps[1], errorsByStatus: { "429": 40, "503": 3 }, timeouts: 2, errorShare: 0.045 };
    const r = buildCalibrationReport({ ...input(steps), earlyStop: { reason: "errors", concurrency: 2, errorShare: 0.045, errorsByStatus: { "429": 40, "503": 3 }, connectionErrors: 0, timeouts: 2 } });
    expect(renderCalibrationTable(r)).toContain(
      "Stopped at 2 clients: 4.5% of requests failed (429×40, 503×3, timeouts 2). 429 is the backend's rate limit: start it with a higher RATE_LIMIT_MAX to calibrate.",
    );
  });

  it("says a fit is poor below R² 0.9", () => {
    const noisy = [1, 2, 4, 8, 16].map(stepAt);
    noisy[2] = { ...noisy[2], throughputRps: noisy[2].throughputRps * 0.4 };
    noisy[3] = { ...noisy[3], throughputRps: noisy[3].throughputRps * 1.8 };
    const r = buildCalibrationReport(input(noisy));
    expect(r.fit.ok && r.fit.fit.r2 < 0.9).toBe(true);
    expect(renderCalibrationTable(r)).toMatch(/The fit is poor \(R² 0\.\d\d\)/);
  });
});

describe("the step table", () => {
  it("shows reads that bypassed Redis beside the hit rate", () => {
    const steps = [1, 2].map(stepAt);
    steps[0] = { ...steps[0], cacheBypass: 120 };
    steps[1] = { ...steps[1], cacheHitRate: null, cacheBypass: 900 };
    const lines = renderCalibrationTable(buildCalibrationReport(input(steps))).split("\n");
    expect(lines[1]).toContain("84% (120 bypassed)");
    expect(lines[2]).toContain("(900 bypassed)");
  });
});
