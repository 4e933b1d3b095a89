// One step of a calibration (a fixed concurrency held for a while): what the client saw and what the server's
// counters moved by, reduced to the figures a plan needs; and the choice of the step a plan may count on.
// Pure.
import type { ServerSample } from "./prometheus.js";

/** What the load driver saw during one step. */
export interface StepLoad {
  concurrency: number;
  /** Wall time of the step, seconds (client side). */
  elapsedSeconds: number;
  /** Responses by HTTP status. */
  statusCounts: Record<string, number>;
  /** Requests that got no response: connection errors and timeouts. */
  connectionErrors: number;
  timeouts: number;
  /** Every response's latency, milliseconds. */
  latenciesMs: number[];
  /** 2xx responses in each whole second of the step. */
  okPerSecond: number[];
  reads: number;
  writes: number;
}

/** One step's figures. A server figure is null when /metrics was not read or its counter went backwards. */
export interface StepMeasure {
  concurrency: number;
  elapsedSeconds: number;
  /** Responses received (any status). */
  responses: number;
  /** 2xx responses per second: what the instance served. */
  throughputRps: number;
  /** Standard deviation of the per-second 2xx counts (null under two whole seconds): how steady the step was. */
  throughputStddevRps: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  reads: number;
  writes: number;
  /** Non-2xx responses by status. */
  errorsByStatus: Record<string, number>;
  connectionErrors: number;
  timeouts: number;
  /** (non-2xx + no response) / requests. */
  errorShare: number;
  /** Δprocess_cpu_seconds_total / Δwall, per process (1 = one core busy). */
  cpuShare: number | null;
  /** Resident memory at the end of the step, bytes (summed over the processes reporting). */
  memoryBytes: number | null;
  /** Δhits / (Δhits + Δmisses). */
  cacheHitRate: number | null;
  cacheBypass: number | null;
  /** Δdb_queries_total / Δrequests served (the server's own count): all requests, cache hits included. */
  dbQueriesPerRequest: number | null;
  /**
   * Δdb_queries_total / (Δrequests − Δcache hits): per request that reaches the database, which is what the
   * plan's database.queriesPerRequest means (its dbPeakQps applies the hit rate and read share itself).
   */
  dbQueriesPerDbRequest: number | null;
}

/** p in [0, 100] of ascending values (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Sample standard deviation, or null under two values. */
export function stddev(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
}

/** A counter's rise, or null when missing or reset (a restart, or another process answered the scrape). */
function delta(before: ServerSample | null, after: ServerSample | null, key: keyof ServerSample): number | null {
  const a = before?.[key];
  const b = after?.[key];
  if (a === null || a === undefined || b === null || b === undefined || b < a) return null;
  return b - a;
}

export interface MeasureContext {
  /** Processes serving the instance (from /health): CPU is shared out per process when the counter sums them. */
  processes: number;
  /** Wall seconds between the two scrapes (server side of the step). */
  scrapeSeconds: number;
  /** Requests the calibrator itself made between the scrapes that the server counted (the first scrape). */
  ownRequests: number;
}

/** Reduce a step's load and the scrapes around it to its figures. */
export function measureStep(load: StepLoad, before: ServerSample | null, after: ServerSample | null, ctx: MeasureContext): StepMeasure {
  const sorted = [...load.latenciesMs].sort((a, b) => a - b);
  let ok = 0;
  let responses = 0;
  const errorsByStatus: Record<string, number> = {};
  for (const [status, count] of Object.entries(load.statusCounts)) {
    responses += count;
    if (/^2\d\d$/.test(status)) ok += count;
    else errorsByStatus[status] = count;
  }
  const failed = responses - ok + load.connectionErrors + load.timeouts;
  const sent = responses + load.connectionErrors + load.timeouts;
  const cpu = delta(before, after, "cpuSeconds");
  let cpuShare = cpu === null || ctx.scrapeSeconds <= 0 ? null : cpu / ctx.scrapeSeconds;
  // A counter summed over several processes can read above one core: share it out per process.
  if (cpuShare !== null && ctx.processes > 1 && cpuShare > 1) cpuShare /= ctx.processes;
  const hits = delta(before, after, "cacheHits");
  const misses = delta(before, after, "cacheMisses");
  const queries = delta(before, after, "dbQueries");
  const served = delta(before, after, "httpRequests");
  const servedByLoad = served === null ? null : served - ctx.ownRequests;
  return {
    concurrency: load.concurrency,
    elapsedSeconds: load.elapsedSeconds,
    responses,
    throughputRps: load.elapsedSeconds > 0 ? ok / load.elapsedSeconds : 0,
    throughputStddevRps: stddev(load.okPerSecond),
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    reads: load.reads,
    writes: load.writes,
    errorsByStatus,
    connectionErrors: load.connectionErrors,
    timeouts: load.timeouts,
    errorShare: sent > 0 ? failed / sent : 0,
    cpuShare,
    memoryBytes: after?.residentBytes ?? null,
    cacheHitRate: hits === null || misses === null || hits + misses === 0 ? null : hits / (hits + misses),
    cacheBypass: delta(before, after, "cacheBypass"),
    dbQueriesPerRequest: queries === null || servedByLoad === null || servedByLoad <= 0 ? null : queries / servedByLoad,
    dbQueriesPerDbRequest: queries === null || servedByLoad === null || hits === null || servedByLoad - hits <= 0 ? null : queries / (servedByLoad - hits),
  };
}

/** What a plan may count on: the guide's latency target, the plan's CPU target, and (ours) almost no errors. */
export interface StepLimits {
  /** The guide: "API Response Time: < 200ms (p99)". */
  p99Ms: number;
  /** backend.targetUtilization (the guide: "CPU Usage: < 70%"). */
  cpuShare: number;
  /** Ours: more than 1% failed requests is a backend that errors under load: the run stops there. */
  errorShare: number;
}

export const DEFAULT_LIMITS: StepLimits = { p99Ms: 200, cpuShare: 0.7, errorShare: 0.01 };

/** Each limit's verdict for one step; cpu is null when the server's CPU was not measured. */
export interface StepVerdict {
  p99: boolean;
  cpu: boolean | null;
  errors: boolean;
  eligible: boolean;
}

/** Whether a step meets every limit (strictly under the p99 and CPU targets; errors at most the limit). */
export function judgeStep(step: StepMeasure, limits: StepLimits): StepVerdict {
  const p99 = step.p99Ms !== null && step.p99Ms < limits.p99Ms;
  const cpu = step.cpuShare === null ? null : step.cpuShare < limits.cpuShare;
  const errors = step.responses > 0 && step.errorShare <= limits.errorShare;
  return { p99, cpu, errors, eligible: p99 && cpu !== false && errors && step.throughputRps > 0 };
}

export interface StepSelection {
  limits: StepLimits;
  verdicts: StepVerdict[];
  /** Index of the step with the highest throughput that meets every limit; null when none does. */
  chosen: number | null;
  /** True when the chosen step's CPU was not measured (the choice rests on latency and errors only). */
  cpuUnmeasured: boolean;
}

/** The highest-throughput step within every limit. */
export function selectStep(steps: readonly StepMeasure[], limits: StepLimits): StepSelection {
  const verdicts = steps.map((s) => judgeStep(s, limits));
  let chosen: number | null = null;
  steps.forEach((s, i) => {
    if (verdicts[i].eligible && (chosen === null || s.throughputRps > steps[chosen].throughputRps)) chosen = i;
  });
  return { limits, verdicts, chosen, cpuUnmeasured: chosen !== null && verdicts[chosen].cpu === null };
}

/** Whether the run stops after this step: a backend erroring under load is reported, not pushed further. */
export function stopsRun(step: StepMeasure, limits: StepLimits): boolean {
  return step.responses === 0 || step.errorShare > limits.errorShare;
}
