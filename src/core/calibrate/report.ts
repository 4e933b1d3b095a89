// A calibration as a value: where and on what it ran, each step's figures, the step a plan may count on,
// the Universal Scalability Law's fit, and the profile settings measured. Pure (the clock's reading is given).
import type { ProfileFile } from "../profile/schema.js";
import { selectStep, type StepLimits, type StepMeasure, type StepSelection } from "./steps.js";
import { fitUsl, type UslResult } from "./usl.js";

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  /** The OS's name and release, e.g. "Linux 6.1.0". */
  os: string;
}

export interface CalibrationTarget {
  url: string;
  service: string;
  version: string | null;
  processes: number;
  /** Whether /metrics was read (CPU, memory, cache and database figures need it). */
  metrics: boolean;
}

export interface CalibrationBudget {
  maxDurationSeconds: number;
  maxRequests: number;
  steps: number[];
}

/** What a run tells as it goes (each phase's start, each step's figures). */
export type ProgressEvent =
  | { kind: "warmup"; seconds: number; concurrency: number }
  | { kind: "step-start"; index: number; count: number; concurrency: number; seconds: number }
  | { kind: "step-done"; index: number; step: StepMeasure };

/** Why the run ended before its last step. */
export type EarlyStop =
  | { reason: "errors"; concurrency: number; errorShare: number; errorsByStatus: Record<string, number>; connectionErrors: number; timeouts: number }
  | { reason: "budget"; concurrency: number; what: "time" | "requests" };

/** The profile settings measured at the chosen step (null: not measured; the base profile's value stands). */
export interface MeasuredSettings {
  rpsPerInstance: number | null;
  processesPerInstance: number;
  queriesPerRequest: number | null;
  hitRate: number | null;
}

export interface CalibrationReport {
  schemaVersion: 1;
  kind: "calibration";
  generator: { name: "heirloom-plan"; version: string };
  /** ISO 8601, UTC, when the first step started. */
  measuredAt: string;
  target: CalibrationTarget;
  machine: MachineInfo;
  profile: { name: string; source: string } | null;
  mix: { readShare: number; users: number };
  budget: CalibrationBudget;
  steps: StepMeasure[];
  earlyStop: EarlyStop | null;
  selection: StepSelection;
  fit: UslResult;
  measured: MeasuredSettings;
}

/** What a run measured, before the choice, the fit and the settings are read off it. */
export type CalibrationInput = Omit<CalibrationReport, "schemaVersion" | "kind" | "selection" | "fit" | "measured"> & { limits: StepLimits };

/**
 * A step's throughput scaled to 100% CPU, the capacity `backend.rpsPerInstance` stands for (the plan keeps
 * its own headroom, backend.targetUtilization); as measured where CPU was not measured.
 */
export function atFullCpu(throughputRps: number, cpuShare: number | null): number {
  return cpuShare !== null && cpuShare > 0 && cpuShare <= 1 ? throughputRps / cpuShare : throughputRps;
}

/** Choose the step, fit the law, and read off the settings. */
export function buildCalibrationReport(input: CalibrationInput): CalibrationReport {
  const { limits, ...rest } = input;
  const selection = selectStep(input.steps, limits);
  // The law is fitted to the steps that served something (a step that only errored says nothing of scaling).
  const fit = fitUsl(input.steps.filter((s) => s.throughputRps > 0).map((s) => ({ concurrency: s.concurrency, throughput: s.throughputRps })));
  const chosen = selection.chosen === null ? null : input.steps[selection.chosen];
  return {
    schemaVersion: 1,
    kind: "calibration",
    ...rest,
    selection,
    fit,
    measured: {
      rpsPerInstance: chosen ? atFullCpu(chosen.throughputRps, chosen.cpuShare) : null,
      processesPerInstance: input.target.processes,
      queriesPerRequest: chosen?.dbQueriesPerDbRequest ?? null,
      hitRate: chosen?.cacheHitRate ?? null,
    },
  };
}

/** The keys a calibrated profile sets, as they are named in a profile and in its basis. */
export const CALIBRATED_KEYS = ["backend.rpsPerInstance", "backend.processesPerInstance", "database.queriesPerRequest", "cache.hitRate"] as const;
export type CalibratedKey = (typeof CALIBRATED_KEYS)[number];

/** The value each calibrated key takes (only those measured). */
export function measuredValues(m: MeasuredSettings): Partial<Record<CalibratedKey, number>> {
  const out: Partial<Record<CalibratedKey, number>> = {};
  if (m.rpsPerInstance !== null) out["backend.rpsPerInstance"] = m.rpsPerInstance;
  out["backend.processesPerInstance"] = m.processesPerInstance;
  if (m.queriesPerRequest !== null) out["database.queriesPerRequest"] = m.queriesPerRequest;
  if (m.hitRate !== null) out["cache.hitRate"] = m.hitRate;
  return out;
}

/**
 * The base profile's settings with the measured ones laid over (values as given; rounding is the writer's).
 * Description and basis are words: the presenter adds them.
 */
export function calibratedSettings(base: ProfileFile | undefined, values: Partial<Record<CalibratedKey, number>>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone((base ?? {}) as Record<string, unknown>);
  delete out.description;
  delete out.basis;
  for (const [key, value] of Object.entries(values)) {
    const [section, name] = key.split(".");
    const current = out[section];
    const obj = current && typeof current === "object" ? (current as Record<string, unknown>) : {};
    obj[name] = value;
    out[section] = obj;
  }
  return out;
}
