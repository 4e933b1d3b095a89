// Step figures from the client's view and the server's counters, and the choice of step at its boundaries.
import { describe, expect, it } from "vitest";
import { readServerSample, type ServerSample } from "../../src/core/calibrate/prometheus.js";
import { DEFAULT_LIMITS, judgeStep, measureStep, percentile, selectStep, stopsRun } from "../../src/core/calibrate/steps.js";
import { step } from "../support/calibration-step.js";

const sample = (s: Partial<ServerSample>): ServerSample => ({
  cpuSeconds: null,
  residentBytes: null,
  cacheHits: null,
  cacheMisses: null,
  cacheBypass: null,
  dbQueries: null,
  httpRequests: null,
  ...s,
});


describe("percentile", () => {
  it("is the nearest rank", () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 95)).toBe(95);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile(v, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 99)).toBeNull();
  });
});

describe("measureStep", () => {
  const load = {
    concurrency: 8,
    elapsedSeconds: 10,
    statusCounts: { "200": 900, "201": 90, "503": 10 },
    connectionErrors: 0,
    timeouts: 0,
    latenciesMs: Array.from({ length: 1000 }, (_, i) => i + 1),
    okPerSecond: [95, 105, 99, 101, 100, 98, 102, 97, 103, 90],
    reads: 900,
    writes: 100,
  };
  const before = sample({ cpuSeconds: 100, residentBytes: 1e8, cacheHits: 1000, cacheMisses: 200, cacheBypass: 0, dbQueries: 5000, httpRequests: 2000 });
  // 1001 requests counted by the server: the step's 1000 and the scrape before it.
  const after = sample({ cpuSeconds: 106, residentBytes: 1.2e8, cacheHits: 1720, cacheMisses: 380, cacheBypass: 0, dbQueries: 5560, httpRequests: 3001 });

  it("reduces counters to CPU share, hit rate and SQL per request (hand-computed)", () => {
    const m = measureStep(load, before, after, { processes: 1, scrapeSeconds: 10, ownRequests: 1 });
    expect(m.throughputRps).toBe(99); // 990 2xx in 10 s
    expect(m.errorsByStatus).toEqual({ "503": 10 });
    expect(m.errorShare).toBeCloseTo(0.01, 10);
    expect(m.cpuShare).toBeCloseTo(0.6, 10); // 6 CPU-seconds in 10 s
    expect(m.memoryBytes).toBe(1.2e8);
    expect(m.cacheHitRate).toBeCloseTo(720 / 900, 10);
    expect(m.dbQueriesPerRequest).toBeCloseTo(560 / 1000, 10);
    expect(m.dbQueriesPerDbRequest).toBeCloseTo(560 / (1000 - 720), 10);
    expect([m.p50Ms, m.p95Ms, m.p99Ms]).toEqual([500, 950, 990]);
    // Sample standard deviation of the per-second counts (mean 99; squares sum to 168; / 9).
    expect(m.throughputStddevRps).toBeCloseTo(Math.sqrt(168 / 9), 10);
  });

  it("shares CPU out per process when the counter sums several and reads above one core", () => {
    const twoCores = sample({ ...after, cpuSeconds: 116 });
    expect(measureStep(load, before, twoCores, { processes: 2, scrapeSeconds: 10, ownRequests: 1 }).cpuShare).toBeCloseTo(0.8, 10);
    expect(measureStep(load, before, twoCores, { processes: 1, scrapeSeconds: 10, ownRequests: 1 }).cpuShare).toBeCloseTo(1.6, 10);
  });

  it("leaves server figures null without metrics, or when a counter went backwards (a restart)", () => {
    const none = measureStep(load, null, null, { processes: 1, scrapeSeconds: 10, ownRequests: 0 });
    expect([none.cpuShare, none.cacheHitRate, none.dbQueriesPerRequest, none.memoryBytes]).toEqual([null, null, null, null]);
    const restarted = measureStep(load, before, sample({ ...after, cpuSeconds: 3 }), { processes: 1, scrapeSeconds: 10, ownRequests: 1 });
    expect(restarted.cpuShare).toBeNull();
    expect(restarted.cacheHitRate).not.toBeNull();
  });

  it("counts requests with no response as failed", () => {
    const m = measureStep({ ...load, statusCounts: { "200": 90 }, timeouts: 5, connectionErrors: 5, latenciesMs: [] }, null, null, { processes: 1, scrapeSeconds: 10, ownRequests: 0 });
    expect(m.errorShare).toBeCloseTo(0.1, 10);
    expect(m.p99Ms).toBeNull();
  });
});

describe("selectStep: the highest throughput with p99 < 200 ms, CPU < target, errors ≤ 1%", () => {
  const limits = DEFAULT_LIMITS;
  it("takes a step just inside every limit and refuses one exactly at a limit", () => {
    const steps = [
      step({ concurrency: 1, throughputRps: 100 }),
      step({ concurrency: 2, throughputRps: 180, p99Ms: 199.9, cpuShare: 0.6999, errorShare: 0.01 }),
      step({ concurrency: 4, throughputRps: 250, p99Ms: 200 }),
      step({ concurrency: 8, throughputRps: 260, cpuShare: 0.7 }),
      step({ concurrency: 16, throughputRps: 270, errorShare: 0.0101 }),
    ];
    const s = selectStep(steps, limits);
    expect(s.chosen).toBe(1);
    expect(s.verdicts.map((v) => v.eligible)).toEqual([true, true, false, false, false]);
    expect(s.verdicts[2]).toMatchObject({ p99: false, cpu: true, errors: true });
    expect(s.verdicts[3]).toMatchObject({ p99: true, cpu: false });
    expect(s.verdicts[4]).toMatchObject({ errors: false });
  });

  it("uses the profile's CPU target", () => {
    const steps = [step({ concurrency: 1, throughputRps: 100, cpuShare: 0.4 }), step({ concurrency: 2, throughputRps: 150, cpuShare: 0.55 })];
    expect(selectStep(steps, { ...limits, cpuShare: 0.5 }).chosen).toBe(0);
    expect(selectStep(steps, { ...limits, cpuShare: 0.6 }).chosen).toBe(1);
  });

  it("chooses on latency and errors alone when CPU was not measured, and says so", () => {
    const s = selectStep([step({ cpuShare: null, throughputRps: 90 })], limits);
    expect(s.chosen).toBe(0);
    expect(s.cpuUnmeasured).toBe(true);
  });

  it("chooses nothing when no step qualifies, or there are no steps", () => {
    expect(selectStep([step({ p99Ms: 250 }), step({ p99Ms: null })], limits).chosen).toBeNull();
    expect(selectStep([], limits).chosen).toBeNull();
  });

  it("a step that served nothing is not eligible and stops the run", () => {
    const empty = step({ responses: 0, throughputRps: 0, p99Ms: null });
    expect(judgeStep(empty, limits).eligible).toBe(false);
    expect(stopsRun(empty, limits)).toBe(true);
    expect(stopsRun(step({ errorShare: 0.01 }), limits)).toBe(false);
    expect(stopsRun(step({ errorShare: 0.02 }), limits)).toBe(true);
  });
});

describe("readServerSample", () => {
  it("sums a metric over its label sets and ignores comments, buckets and other names", () => {
    const text = [
      "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.",
      "# TYPE process_cpu_seconds_total counter",
      "process_cpu_seconds_total 12.5",
      "process_resident_memory_bytes 104857600",
      "cache_hits_total 840",
      "cache_misses_total 160",
      'http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/vault/items",status="200"} 3',
      'http_request_duration_seconds_count{method="GET",route="/api/vault/items",status="200"} 900',
      'http_request_duration_seconds_count{method="POST",route="/api/vault/items",status="201"} 100',
      'http_request_duration_seconds_count{method="GET",route="/x {odd} \\"quoted\\"",status="404"} 1',
      "db_queries_total 1300 1700000000000",
    ].join("\n");
    expect(readServerSample(text)).toEqual({
      cpuSeconds: 12.5,
      residentBytes: 104857600,
      cacheHits: 840,
      cacheMisses: 160,
      cacheBypass: null,
      dbQueries: 1300,
      httpRequests: 1001,
    });
  });
});
