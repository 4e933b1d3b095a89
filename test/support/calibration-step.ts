// One calibration step's figures for tests: plausible values, overridden where a test needs others.
import type { StepMeasure } from "../../src/core/calibrate/steps.js";

export const step = (s: Partial<StepMeasure>): StepMeasure => ({
  concurrency: 1,
  elapsedSeconds: 10,
  responses: 1000,
  throughputRps: 100,
  throughputStddevRps: 5,
  p50Ms: 10,
  p95Ms: 50,
  p99Ms: 100,
  reads: 900,
  writes: 100,
  errorsByStatus: {},
  connectionErrors: 0,
  timeouts: 0,
  errorShare: 0,
  cpuShare: 0.5,
  memoryBytes: 1e8,
  cacheHitRate: 0.8,
  cacheBypass: 0,
  dbQueriesPerRequest: 0.5,
  dbQueriesPerDbRequest: 1.5,
  ...s,
});
