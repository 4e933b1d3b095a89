// One plan from its inputs: capacity, costs on each book, checks, the summary. The pipeline plan, sweep,
// scaffold and calibrate share (docs/planning-model.md). Pure: the books and data are handed in.
import { planCapacity, type CapacityPlan, type Stack } from "./capacity.js";
import type { Catalogue, GuideStatements } from "./catalogue.js";
import { runChecks } from "./checks.js";
import { estimateCost } from "./cost.js";
import { NOT_INCLUDED, type Check, type CheckId, type CostEstimate, type NotIncludedId, type ReconciliationRow } from "./facts.js";
import { budgetState, primaryEstimate, type GateState } from "./gates.js";
import type { PriceBook } from "./pricing/book.js";
import type { Profile } from "./profile/settings.js";
import { reconcileGuide } from "./reconcile.js";

export interface PlanData {
  catalogue: Catalogue;
  statements: GuideStatements;
}

export interface PlanBooks {
  /** The guide's book for the plan's term and region. */
  guide?: PriceBook;
  /** AWS's book, where AWS prices are wanted and were found. */
  aws?: PriceBook;
  /** The guide's on-demand book, for the reconciliation of the guide's own example. */
  guideOnDemand?: PriceBook;
}

/** The answer, first in every format (docs/planning-model.md section 8). */
export interface Summary {
  users: number;
  stack: { instances: number; instanceType: string; processes: number; databaseClass: string; multiAz: boolean; cacheNode: string; cacheEngine: Profile["cache"]["engine"] };
  /** The total on the book in use; a lower bound when not complete. */
  totalMonthlyUSD: number | null;
  complete: boolean;
  pricing: "guide" | "aws" | null;
  gaps: CostEstimate["gaps"];
  budget: { monthlyUSD: number; state: GateState } | null;
  failingChecks: CheckId[];
}

export interface PlanResult {
  capacity: CapacityPlan;
  stack: Stack;
  costs: { guide?: CostEstimate; aws?: CostEstimate };
  checks: Check[];
  summary: Summary;
  notIncluded: readonly NotIncludedId[];
  /** The guide's statements against its own assumptions, where asked for. */
  reconciliation?: ReconciliationRow[];
}

export interface PlanOptions {
  /** The capacity and stack, where the caller already planned them (to know what to price). */
  planned?: { capacity: CapacityPlan; stack: Stack };
  /** Include the guide's reconciliation. */
  reconciliation?: boolean;
}

/** Plan a profile on the books given. */
export function plan(profile: Profile, data: PlanData, books: PlanBooks, options: PlanOptions = {}): PlanResult {
  const { capacity, stack } = options.planned ?? planCapacity(profile, data.catalogue);
  const guide = books.guide ? estimateCost(capacity, stack, books.guide, data.catalogue) : undefined;
  const aws = books.aws ? estimateCost(capacity, stack, books.aws, data.catalogue) : undefined;
  const primary = primaryEstimate(guide, aws);
  const checks = runChecks({ profile, capacity, stack, catalogue: data.catalogue, primary, guideCost: guide, statements: data.statements });
  const costs: PlanResult["costs"] = {};
  if (guide) costs.guide = guide;
  if (aws) costs.aws = aws;
  const budgetUSD = profile.budget.monthlyUSD;
  const summary: Summary = {
    users: capacity.users,
    stack: {
      instances: stack.instances,
      instanceType: stack.instanceType,
      processes: stack.processes,
      databaseClass: stack.database.instanceClass,
      multiAz: stack.database.multiAz,
      cacheNode: stack.cache.nodeType,
      cacheEngine: stack.cache.engine,
    },
    totalMonthlyUSD: primary?.totalMonthlyUSD ?? null,
    complete: primary?.complete ?? false,
    pricing: primary?.book ?? null,
    gaps: primary?.gaps ?? [],
    budget: budgetUSD !== null && primary ? { monthlyUSD: budgetUSD, state: budgetState(primary, budgetUSD) } : null,
    failingChecks: checks.filter((c) => c.level === "fail").map((c) => c.id),
  };
  const result: PlanResult = { capacity, stack, costs, checks, summary, notIncluded: NOT_INCLUDED };
  const onDemand = books.guideOnDemand ?? books.guide;
  if (options.reconciliation && onDemand) result.reconciliation = reconcileGuide(data.statements, data.catalogue, onDemand);
  return result;
}
