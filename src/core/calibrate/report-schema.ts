// The calibration report's JSON (`heirloom-plan calibrate --format json`, schemaVersion 1) in zod, from which
// schema/calibration.schema.json is generated (npm run schema). Not loaded by the CLI: for the shipped JSON
// Schema and the tests.
import * as z from "zod/mini";

const finite = z.number().check(z.refine(Number.isFinite, "must be finite"));
const maybe = z.nullable(finite);
const counts = z.record(z.string(), finite);

const Step = z.object({
  concurrency: finite,
  elapsedSeconds: finite,
  responses: finite,
  throughputRps: finite,
  throughputStddevRps: maybe,
  p50Ms: maybe,
  p95Ms: maybe,
  p99Ms: maybe,
  reads: finite,
  writes: finite,
  errorsByStatus: counts,
  connectionErrors: finite,
  timeouts: finite,
  errorShare: finite,
  cpuShare: maybe,
  memoryBytes: maybe,
  cacheHitRate: maybe,
  cacheBypass: maybe,
  dbQueriesPerRequest: maybe,
  dbQueriesPerDbRequest: maybe,
});

const Verdict = z.object({ p99: z.boolean(), cpu: z.nullable(z.boolean()), errors: z.boolean(), eligible: z.boolean() });

const Fit = z.union([
  z.object({
    ok: z.literal(true),
    fit: z.object({ lambda: finite, sigma: finite, kappa: finite, peakConcurrency: maybe, peakThroughput: maybe, r2: finite, rmse: finite, points: finite }),
  }),
  z.object({ ok: z.literal(false), reason: z.literal("too-few-steps"), points: finite, needed: finite }),
]);

const EarlyStop = z.nullable(
  z.union([
    z.object({ reason: z.literal("errors"), concurrency: finite, errorShare: finite, errorsByStatus: counts, connectionErrors: finite, timeouts: finite }),
    z.object({ reason: z.literal("budget"), concurrency: finite, what: z.enum(["time", "requests"]) }),
  ]),
);

export const CalibrationReportSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal("calibration"),
  generator: z.object({ name: z.literal("heirloom-plan"), version: z.string() }),
  measuredAt: z.string(),
  target: z.object({ url: z.string(), service: z.string(), version: z.nullable(z.string()), processes: finite, metrics: z.boolean() }),
  machine: z.object({ cpuModel: z.string(), cores: finite, os: z.string() }),
  profile: z.nullable(z.object({ name: z.string(), source: z.string() })),
  mix: z.object({ readShare: finite, users: finite }),
  budget: z.object({ maxDurationSeconds: finite, maxRequests: finite, steps: z.array(finite) }),
  steps: z.array(Step),
  earlyStop: EarlyStop,
  selection: z.object({
    limits: z.object({ p99Ms: finite, cpuShare: finite, errorShare: finite }),
    verdicts: z.array(Verdict),
    chosen: maybe,
    cpuUnmeasured: z.boolean(),
  }),
  fit: Fit,
  measured: z.object({ rpsPerInstance: maybe, processesPerInstance: finite, queriesPerRequest: maybe, hitRate: maybe }),
});

/** The JSON Schema (draft 2020-12) shipped as schema/calibration.schema.json. */
export function calibrationJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(CalibrationReportSchema, { io: "output", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: "heirloom-plan/schema/calibration.schema.json",
    title: "heirloom-plan calibration, schemaVersion 1",
    description: "The JSON printed by `heirloom-plan calibrate --format json`: each step's figures (null where not measured), the step chosen, the USL fit, and the settings measured. Numbers are unrounded.",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
}
