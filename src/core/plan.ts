// One plan from its inputs: capacity, costs on each book, checks and the report. Pure.
import { planCapacity, type CapacityPlan, type Stack } from "./capacity.js";
import { runChecks } from "./checks.js";
import { estimateCost } from "./cost.js";
import { reconcileGuide, type GuideStatements } from "./reconcile.js";
import { loadCatalogue, loadGuidePrices, readModel, type Catalogue, type GuidePriceData } from "../io/models.js";
import { guidePriceBook } from "./pricing/guide-book.js";
import type { PriceBook } from "./pricing/price-book.js";
import type { ResolvedProfile } from "./profile/resolve.js";
import { buildReport, primaryEstimate, type Report } from "./report.js";

export interface PlanData {
  catalogue: Catalogue;
  guidePrices: GuidePriceData;
  statements: GuideStatements;
}

export interface PlanOptions {
  /** Price on the guide's book. */
  guide: boolean;
  /** AWS's book, where AWS prices are wanted and were found. */
  aws?: PriceBook;
  version: string;
  /** The capacity and stack, where the caller already planned them (to know what to price). */
  planned?: { capacity: CapacityPlan; stack: Stack };
}

/** The data a plan reads from models/, given the catalogue already loaded. */
export function loadPlanData(catalogue: Catalogue = loadCatalogue()): PlanData {
  return { catalogue, guidePrices: loadGuidePrices(), statements: readModel<GuideStatements>("guide-statements.json") };
}

/** Make the whole plan report for a resolved profile. */
export function makePlan(resolved: ResolvedProfile, data: PlanData, options: PlanOptions): Report {
  const { profile } = resolved;
  const { capacity, stack } = options.planned ?? planCapacity(profile, data.catalogue);
  const guideBook = guidePriceBook(data.guidePrices, profile.pricing.term, profile.pricing.region, options.aws);
  const guide = options.guide ? estimateCost(capacity, stack, guideBook) : undefined;
  const aws = options.aws ? estimateCost(capacity, stack, options.aws) : undefined;
  const checks = runChecks({
    profile,
    capacity,
    stack,
    catalogue: data.catalogue,
    primary: primaryEstimate(guide, aws),
    guideCost: guide,
    statements: data.statements,
  });
  return buildReport({
    version: options.version,
    profile: { name: resolved.name, source: resolved.source, ...(resolved.description ? { description: resolved.description } : {}) },
    assumptions: profile,
    assumptionSources: resolved.sources,
    capacity,
    stack,
    catalogue: data.catalogue,
    guide,
    aws,
    checks,
    reconciliation: reconcileGuide(data.statements, data.catalogue, data.guidePrices),
  });
}
