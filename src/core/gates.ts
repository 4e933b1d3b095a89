// The rules every command shares (docs/planning-model.md section 7, docs/cli-contract.md exit codes):
// which estimate counts, whether a budget or a diff limit holds, and the exit code of a result. Pure.
import type { Check, CostEstimate } from "./facts.js";

export const EXIT = { ok: 0, failed: 1, badInput: 2, pricesUnavailable: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The estimate budgets, diffs and the top-level total refer to: AWS's where it was priced, else the guide's. */
export function primaryEstimate<T extends CostEstimate>(guide?: T, aws?: T): T | undefined {
  return aws ?? guide;
}

export type GateState = "within" | "over" | "cannot-check";

/**
 * A budget against a total: over when even the priced part is over (gaps only add to it); cannot-check when
 * a price is missing and the priced part is within; within only on a complete total.
 */
export function budgetState(estimate: Pick<CostEstimate, "totalMonthlyUSD" | "complete">, budgetUSD: number): GateState {
  if (estimate.totalMonthlyUSD > budgetUSD) return "over";
  return estimate.complete ? "within" : "cannot-check";
}

/** A diff's limit: the increase allowed, as a share of the base or in dollars. */
export type IncreaseLimit = { percent: number } | { usd: number };

/**
 * A cost change against its limit. With a gap on either side the change is not known: "cannot-check",
 * unless the head's priced part alone already exceeds the base's complete total by more than the limit.
 */
export function diffState(
  base: Pick<CostEstimate, "totalMonthlyUSD" | "complete">,
  head: Pick<CostEstimate, "totalMonthlyUSD" | "complete">,
  limit: IncreaseLimit,
): GateState {
  const allowedUSD = "usd" in limit ? limit.usd : (base.totalMonthlyUSD * limit.percent) / 100;
  const increase = head.totalMonthlyUSD - base.totalMonthlyUSD;
  if (base.complete && increase > allowedUSD + 1e-9) return "over";
  if (!base.complete || !head.complete) return "cannot-check";
  return "within";
}

/** The exit code a gate's state asks for. */
export function gateExit(state: GateState | undefined): ExitCode {
  if (state === "over") return EXIT.failed;
  if (state === "cannot-check") return EXIT.pricesUnavailable;
  return EXIT.ok;
}

/** The exit code of a plan: a budget that fails or cannot be checked; with --strict, a failing check. */
export function planExit(checks: readonly Check[], strict: boolean): ExitCode {
  const budget = checks.find((c) => c.id === "budget");
  const gate = budget && budget.id === "budget" ? gateExit(budget.facts.state) : EXIT.ok;
  if (gate !== EXIT.ok) return gate;
  if (strict && checks.some((c) => c.level === "fail")) return EXIT.failed;
  return EXIT.ok;
}
