// The sane range of a plan's figures (pure). Each input is bounded on its own; their products can still
// leave any meaning (--rps-per-instance 1e-300 asks for 3.47e301 instances): such a plan is refused, not priced.

/** The figures of a plan that its inputs multiply into. */
export interface PlanFigures {
  users: number;
  peakRps: number;
  instances: number;
  dbConnections: number;
  redisMemoryGB: number;
  storageGB: number;
  cdnTransferGB: number;
}

export type LimitedFigure = keyof PlanFigures;

/** The most of each figure a plan may need: the bounds of the flags that set them directly, and a few orders past the largest deployments. */
export const PLAN_LIMITS: Readonly<Record<LimitedFigure, number>> = {
  users: 1e10,
  peakRps: 1e9,
  // --instances accepts at most 100,000; a sized plan may not need more than one could ask for.
  instances: 100_000,
  dbConnections: 100_000 * 10_000,
  redisMemoryGB: 1e7,
  storageGB: 1e12,
  cdnTransferGB: 1e12,
};

/** The settings each figure is made of (dotted profile paths), the likeliest culprit first, users (always set) last. */
export const FIGURE_DRIVERS: Readonly<Record<LimitedFigure, readonly string[]>> = {
  users: ["users"],
  peakRps: ["traffic.requestsPerUserPerDay", "traffic.peakFactor", "traffic.dauRatio", "users"],
  instances: ["backend.rpsPerInstance", "backend.instances", "backend.minInstances", "traffic.requestsPerUserPerDay", "traffic.peakFactor", "users"],
  dbConnections: ["backend.poolSize", "backend.rpsPerInstance", "backend.instances"],
  redisMemoryGB: ["cache.bytesPerActiveUser", "traffic.dauRatio", "users"],
  storageGB: ["storage.perUserGB", "users"],
  cdnTransferGB: ["cdn.transferPerUserGB", "users"],
};

/** Why a plan's figures are out of range: the first figure that is not finite, negative, or past its limit. */
export interface LimitProblem {
  figure: LimitedFigure;
  value: number;
  limit: number;
  kind: "not-finite" | "negative" | "too-large";
  drivers: readonly string[];
}

/** The first figure of a plan outside its sane range, or undefined when every one is inside. */
export function checkPlanLimits(figures: PlanFigures): LimitProblem | undefined {
  for (const figure of Object.keys(PLAN_LIMITS) as LimitedFigure[]) {
    const value = figures[figure];
    const limit = PLAN_LIMITS[figure];
    const drivers = FIGURE_DRIVERS[figure];
    if (!Number.isFinite(value)) return { figure, value, limit, kind: "not-finite", drivers };
    if (value < 0) return { figure, value, limit, kind: "negative", drivers };
    if (value > limit) return { figure, value, limit, kind: "too-large", drivers };
  }
  return undefined;
}
