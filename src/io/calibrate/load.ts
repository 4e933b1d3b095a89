// One step of load: N keep-alive clients drive the plan's mix (list reads and idempotent creates across many
// users) for a bounded time and number of requests, with autocannon as a library. autocannon is loaded here
// only, with `await import()`, so a plan never parses it.
import { randomUUID } from "node:crypto";
import type { StepLoad } from "../../core/calibrate/steps.js";
import { listPath, type Target } from "./probe.js";

export interface StepOptions {
  concurrency: number;
  durationSeconds: number;
  /** At most this many requests in the step (at least one per client). */
  maxRequests: number;
  /** Share of requests that read (the plan's traffic.readShare). */
  readShare: number;
  tokens: readonly string[];
  /** Seed of the mix's pseudo-random choices (the same seed, the same sequence of reads, writes and users). */
  seed: number;
  /** Seconds a request may take before it counts as timed out. */
  timeoutSeconds?: number;
}

/** mulberry32: a small, well-mixed 32-bit PRNG (reproducible mixes without Math.random). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A vault item as the app creates one: a short note (the guide's schema: type, title, content, keywords).
const itemBody = (n: number) =>
  JSON.stringify({
    type: "note",
    title: `calibration note ${n}`,
    content: "Written by heirloom-plan calibrate to measure the create path under the plan's mix.",
    keywords: ["calibration"],
  });

type Autocannon = typeof import("autocannon");

/** Run one step and return what the client saw. */
export async function runStep(target: Target, options: StepOptions): Promise<StepLoad> {
  const mod: object = await import("autocannon");
  // CommonJS: its function arrives on `default` when imported from ESM.
  const autocannon = ("default" in mod && typeof mod.default === "function" ? mod.default : mod) as Autocannon;
  const random = prng(options.seed);
  const read = listPath(target.base);
  const write = `${target.base}/api/vault/items`;
  const statusCounts: Record<string, number> = {};
  const latenciesMs: number[] = [];
  let reads = 0;
  let writes = 0;
  let sequence = 0;
  const { tokens } = options;

  const started = process.hrtime.bigint();
  let finish: (err: unknown, result: import("autocannon").Result) => void = () => {};
  const finished = new Promise<import("autocannon").Result>((resolve, reject) => {
    finish = (err, result) => (err ? reject(err) : resolve(result));
  });
  const instance = autocannon({
    url: target.origin,
    connections: options.concurrency,
    duration: options.durationSeconds,
    maxOverallRequests: Math.max(options.concurrency, options.maxRequests),
    timeout: options.timeoutSeconds ?? 10,
    excludeErrorStats: false,
    requests: [
      {
        setupRequest: (request) => {
          const token = tokens[Math.floor(random() * tokens.length)];
          if (random() < options.readShare) {
            reads++;
            return { ...request, method: "GET", path: read, headers: { authorization: `Bearer ${token}` }, body: undefined };
          }
          writes++;
          return {
            ...request,
            method: "POST",
            path: write,
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": randomUUID() },
            body: itemBody(++sequence),
          };
        },
      },
    ],
  }, (err, result) => finish(err, result));
  // 2xx responses in each whole second of the step: how steady its throughput was.
  const perSecond: number[] = [];
  instance.on("response", (_client, statusCode, _bytes, responseTime) => {
    statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
    latenciesMs.push(responseTime);
    if (statusCode >= 200 && statusCode < 300) {
      const second = Math.floor(Number(process.hrtime.bigint() - started) / 1e9);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
    }
  });
  const result = await finished;
  const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Whole seconds only (the last, partial one would read low).
  const okPerSecond = Array.from({ length: Math.floor(elapsedSeconds) }, (_, i) => perSecond[i] ?? 0);
  return {
    concurrency: options.concurrency,
    elapsedSeconds,
    statusCounts,
    connectionErrors: Math.max(0, result.errors - result.timeouts),
    timeouts: result.timeouts,
    latenciesMs,
    okPerSecond,
    reads,
    writes,
  };
}
