// The pipeline every command shares: flags -> profile -> capacity -> price books -> plan -> report.
// plan, sweep, scaffold and calibrate call it; each then renders and emits what it needs.
import { planCapacity, type CapacityPlan, type Stack } from "../core/capacity.js";
import type { Catalogue } from "../core/catalogue.js";
import { EXIT, HeirloomError } from "../core/errors.js";
import { plan, type PlanBooks } from "../core/plan.js";
import type { PriceBook } from "../core/pricing/book.js";
import { guidePriceBook } from "../core/pricing/guide-book.js";
import { itemKeysForStacks } from "../core/pricing/aws-items.js";
import type { ResolvedProfile } from "../core/profile/resolve.js";
import { buildReport, type Report } from "../core/report.js";
import { loadPriceBooks } from "../io/prices/aws-prices.js";
import { loadCatalogue, loadPlanData, type GuidePriceData } from "../io/models.js";
import { assertPlanInRange, resolvePlanOptions } from "./plan-options.js";
import { escapeTerminal } from "../present/escape.js";
import { writeStderr } from "../io/stdio.js";

export type Pricing = "guide" | "aws" | "both";

export interface PlanCommandOptions extends Record<string, unknown> {
  format?: string;
  pricing?: Pricing;
  strict?: boolean;
  offline?: boolean;
  refreshPrices?: boolean;
  prices?: string;
  output?: string;
  force?: boolean;
  color?: boolean;
}

/** One line on stderr. */
export const notify = (line: string) => writeStderr(`heirloom-plan: ${escapeTerminal(line)}\n`);

/** The default whole-pull time limit; HEIRLOOM_PRICES_TIMEOUT_MS changes it. */
export function pricesTimeoutMs(env: NodeJS.ProcessEnv): number {
  const ms = Number(env.HEIRLOOM_PRICES_TIMEOUT_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : 20_000;
}

/**
 * The price books a run asks for, for the stacks given: AWS's (fresh cache, then the live API in one wave, then
 * the bundled snapshot; src/io/prices/aws-prices.ts) and the guide's, whose other types take AWS's on-demand
 * list-price ratios. Exit 3 where the run demanded AWS prices (--pricing aws) and not one of its items has one,
 * or, with --strict, where any has none.
 */
export async function booksFor(stacks: readonly Stack[], resolved: ResolvedProfile, opts: PlanCommandOptions, guidePrices: GuidePriceData): Promise<PlanBooks> {
  const pricing = opts.pricing ?? "both";
  const { region, term } = resolved.profile.pricing;
  const found = await loadPriceBooks(
    {
      region,
      term,
      // One request a distinct item, however many stacks (a sweep's points share most of theirs).
      itemKeys: itemKeysForStacks(stacks, pricing !== "aws"),
      // With the guide's book alone, AWS's prices only give its ratios: the stored ones do, without a call.
      live: !opts.offline && pricing !== "guide",
      refresh: Boolean(opts.refreshPrices),
      ...(opts.prices ? { snapshotPath: opts.prices } : {}),
      env: process.env,
      now: new Date(),
      timeoutMs: pricesTimeoutMs(process.env),
    },
    guidePrices,
  );
  if (pricing !== "guide") for (const line of found.notices) notify(line);
  const books: PlanBooks = { guideOnDemand: guidePriceBook(guidePrices, "on-demand", "us-east-1") };
  if (pricing !== "aws") books.guide = found.guide;
  if (pricing === "guide") return books;
  if (found.unavailable) {
    if (pricing === "aws") throw new HeirloomError(`AWS prices unavailable: ${found.unavailable}`, EXIT.pricesUnavailable);
    notify(`AWS prices unavailable (${found.unavailable}); showing the guide's prices only`);
    return books;
  }
  if (found.missing.length && pricing === "aws" && opts.strict) {
    throw new HeirloomError(`AWS prices incomplete with --strict: no price for ${found.missing.join(", ")}`, EXIT.pricesUnavailable);
  }
  books.aws = found.aws;
  return books;
}

/** Whether a plan shows the guide's reconciliation: asked for, or the guide's own 1M-user example. */
export function wantsReconciliation(resolved: ResolvedProfile, statedUsers: number, asked = false): boolean {
  return asked || (resolved.profile.users === statedUsers && ["guide", "guide-as-published"].includes(resolved.name));
}

export interface PlannedRun {
  report: Report;
  catalogue: Catalogue;
  resolved: ResolvedProfile;
  books: PlanBooks;
}

/** The plan report for a command's options: profile and flags resolved, stack planned once, then priced. */
export async function planReport(opts: PlanCommandOptions, version: string, { reconciliation = false } = {}): Promise<PlannedRun> {
  const catalogue = loadCatalogue();
  const data = loadPlanData(catalogue);
  const resolved = await resolvePlanOptions(opts, catalogue);
  const planned = planCapacity(resolved.profile, catalogue);
  assertPlanInRange(planned.capacity, resolved);
  const books = await booksFor([planned.stack], resolved, opts, data.guidePrices);
  const result = plan(resolved.profile, data, books, { planned, reconciliation: wantsReconciliation(resolved, data.statements.users, reconciliation) });
  const meta = {
    version,
    profile: { name: resolved.name, source: resolved.source, ...(resolved.description ? { description: resolved.description } : {}) },
    assumptions: resolved.profile,
    assumptionSources: resolved.sources,
  };
  return { report: buildReport(meta, result, catalogue), catalogue, resolved, books };
}

export type { CapacityPlan, PriceBook };
