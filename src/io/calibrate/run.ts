// A calibration run: warm up, then each step of concurrency in turn with a scrape of /metrics on either side,
// stopping early when the backend errors under load or the budget is spent. Bounded in time and requests.
import type { EarlyStop, ProgressEvent } from "../../core/calibrate/report.js";
import type { ServerSample } from "../../core/calibrate/prometheus.js";
import { measureStep, stopsRun, type StepLimits, type StepMeasure } from "../../core/calibrate/steps.js";
import type { BudgetPlan } from "../../core/calibrate/options.js";
import { runStep } from "./load.js";
import { scrapeMetrics, type Target } from "./probe.js";

export interface RunOptions {
  target: Target;
  tokens: readonly string[];
  /** Without it the server's figures (CPU, memory, cache, database) are not measured. */
  metricsToken: string | undefined;
  steps: readonly number[];
  budget: BudgetPlan;
  /** The whole run's deadline, seconds from its start. */
  maxDurationSeconds: number;
  readShare: number;
  processes: number;
  limits: StepLimits;
  /** Told as each phase begins and each step ends (for progress on stderr). */
  onProgress?: (event: ProgressEvent) => void;
  /** Wall clock for the report's timestamp (injected for tests). */
  now?: () => Date;
}

export interface RunResult {
  measuredAt: Date;
  steps: StepMeasure[];
  earlyStop: EarlyStop | null;
}

const monotonicSeconds = () => Number(process.hrtime.bigint()) / 1e9;

/** Drive the steps and measure each. */
export async function runCalibration(options: RunOptions): Promise<RunResult> {
  const { target, tokens, budget, limits } = options;
  const now = options.now ?? (() => new Date());
  const scrape = async (): Promise<{ sample: ServerSample | null; at: number }> => {
    if (!options.metricsToken) return { sample: null, at: monotonicSeconds() };
    const sample = await scrapeMetrics(target, options.metricsToken);
    return { sample, at: monotonicSeconds() };
  };
  const start = monotonicSeconds();
  const measuredAt = now();
  const timeoutSeconds = Math.max(2, Math.min(10, budget.stepSeconds));

  // Warm-up: connections open, JIT warm, each user's list cached as in steady traffic; not reported.
  options.onProgress?.({ kind: "warmup", seconds: budget.warmupSeconds, concurrency: options.steps[0] });
  await runStep(target, {
    concurrency: options.steps[0],
    durationSeconds: budget.warmupSeconds,
    maxRequests: budget.warmupRequests,
    readShare: options.readShare,
    tokens,
    seed: 1,
    timeoutSeconds,
  });

  const steps: StepMeasure[] = [];
  let earlyStop: EarlyStop | null = null;
  for (let i = 0; i < options.steps.length; i++) {
    const concurrency = options.steps[i];
    const remaining = options.maxDurationSeconds - (monotonicSeconds() - start);
    // A step must fit what is left of the deadline, with time for requests still in flight.
    const seconds = Math.min(budget.stepSeconds, Math.floor(remaining - timeoutSeconds));
    if (seconds < 1) {
      earlyStop = { reason: "budget", concurrency, what: "time" };
      break;
    }
    options.onProgress?.({ kind: "step-start", index: i, count: options.steps.length, concurrency, seconds });
    const before = await scrape();
    const load = await runStep(target, {
      concurrency,
      durationSeconds: seconds,
      maxRequests: budget.stepRequests,
      readShare: options.readShare,
      tokens,
      seed: 1000 + i,
      timeoutSeconds,
    });
    const after = await scrape();
    const step = measureStep(load, before.sample, after.sample, {
      processes: options.processes,
      scrapeSeconds: after.at - before.at,
      ownRequests: options.metricsToken ? 1 : 0,
    });
    steps.push(step);
    options.onProgress?.({ kind: "step-done", index: i, step });
    if (stopsRun(step, limits)) {
      earlyStop = {
        reason: "errors",
        concurrency,
        errorShare: step.errorShare,
        errorsByStatus: step.errorsByStatus,
        connectionErrors: step.connectionErrors,
        timeouts: step.timeouts,
      };
      break;
    }
  }
  return { measuredAt, steps, earlyStop };
}
