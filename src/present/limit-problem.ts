// The words for a plan refused by its limits (core/limits.ts).
import type { LimitProblem, LimitedFigure } from "../core/limits.js";
import { num } from "./format.js";

const FIGURE_WORDS: Readonly<Record<LimitedFigure, string>> = {
  users: "users",
  peakRps: "peak requests per second",
  instances: "backend instances",
  dbConnections: "database connections",
  redisMemoryGB: "GB of cache memory",
  storageGB: "GB of storage",
  cdnTransferGB: "GB of CDN transfer a month",
};

const big = (n: number) => (Number.isFinite(n) && Math.abs(n) < 1e15 ? num(n) : n.toExponential(2));

/**
 * One line: what the plan would need, the limit, and where the inputs that drive it were set (those a user
 * set first: a flag or a profile line), e.g. "--rps-per-instance: the plan would need 3.47e+301 backend
 * instances, more than 100,000; check this value".
 */
export function limitProblemLine(problem: LimitProblem, whereSet: (path: string) => string | undefined): string {
  const set = problem.drivers.map((d) => whereSet(d)).filter((w): w is string => w !== undefined);
  const where = set.length ? `${set[0]}: ` : "";
  const what = FIGURE_WORDS[problem.figure];
  const why =
    problem.kind === "not-finite"
      ? `the plan's ${what} is not a finite number`
      : problem.kind === "negative"
        ? `the plan's ${what} is negative (${big(problem.value)})`
        : `the plan would need ${big(problem.value)} ${what}, more than ${big(problem.limit)}; no plan is made past that`;
  return `${where}${why}${set.length > 1 ? ` (it also depends on ${set.slice(1, 3).join(", ")})` : ""}`;
}
