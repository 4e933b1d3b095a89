// The pipeline every command shares: flags -> profile -> capacity -> price books -> plan -> report.
// plan, sweep, scaffold and calibrate call it; each then renders and emits what it needs.
import { planCapacity, type CapacityPlan, type Stack } from "../core/capacity.js";
import type { Catalogue } from "../core/catalogue.js";
import { EXIT, HeirloomError } from "../core/errors.js";
import { plan, type PlanBooks } from "../core/plan.js";
import type { PriceBook } from "../core/pricing/book.js";
import { guidePriceBook } from "../core/pricing/guide-book.js";
import { itemsForStack, loadPricingModels } from "../core/pricing/aws-items.js";
import type { PriceBook as PriceBookV1 } from "../core/pricing/price-book.js";
import { fromV1 } from "../core/pricing/v1-adapter.js";
import type { ResolvedProfile } from "../core/profile/resolve.js";
import { buildReport, type Report } from "../core/report.js";
import { loadAwsPrices } from "../io/prices/aws-prices.js";
import { loadCatalogue, loadPlanData, type GuidePriceData } from "../io/models.js";
import { assertPlanInRange, resolvePlanOptions } from "./plan-options.js";
import { escapeTerminal } from "../present/escape.js";

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
export const notify = (line: string) => process.stderr.write(`heirloom-plan: ${escapeTerminal(line)}\n`);

/** The default whole-pull time limit; HEIRLOOM_PRICES_TIMEOUT_MS changes it. */
export function pricesTimeoutMs(env: NodeJS.ProcessEnv): number {
  const ms = Number(env.HEIRLOOM_PRICES_TIMEOUT_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : 20_000;
}

/** Stacks that differ in what is priced (types and deployment), one of each. */
function distinctStacks(stacks: readonly Stack[]): Stack[] {
  const seen = new Map<string, Stack>();
  for (const s of stacks) seen.set([s.instanceType, s.database.instanceClass, s.database.multiAz, s.database.storageType, s.cache.nodeType, s.cache.engine].join("|"), s);
  return [...seen.values()];
}

/**
 * AWS's price book for the stacks, or undefined with a notice where none could be had and the run allows that.
 * Exit 3 where the run demanded AWS prices (--pricing aws) and got none, or any gap with --strict.
 */
async function awsBookV1(stacks: readonly Stack[], resolved: ResolvedProfile, opts: PlanCommandOptions, pricing: Pricing): Promise<PriceBookV1 | undefined> {
  const { model, regions } = loadPricingModels();
  const { region, term } = resolved.profile.pricing;
  const prices = await loadAwsPrices({
    // One request a distinct item, however many stacks (a sweep's points share most of theirs).
    items: [...new Map(distinctStacks(stacks).flatMap((stack) => itemsForStack(model, { code: region, ...regions[region] }, stack, pricing === "both")).map((i) => [i.key, i])).values()],
    model,
    region,
    term,
    offline: Boolean(opts.offline),
    refresh: Boolean(opts.refreshPrices),
    ...(opts.prices ? { snapshotPath: opts.prices } : {}),
    env: process.env,
    now: new Date(),
    timeoutMs: pricesTimeoutMs(process.env),
  });
  for (const line of prices.notices) notify(line);
  const gaps = [...prices.quotes].flatMap(([key, q]) => ("gap" in q ? [{ key, gap: q.gap }] : []));
  if (!prices.book) {
    if (pricing === "aws") throw new HeirloomError(`AWS prices unavailable: ${prices.reason}`, EXIT.pricesUnavailable);
    notify(`AWS prices unavailable (${prices.reason}); showing the guide's prices only`);
    return undefined;
  }
  if (gaps.length && pricing === "aws" && opts.strict) {
    throw new HeirloomError(`AWS prices incomplete with --strict: no price for ${gaps.map((g) => g.key).join(", ")}`, EXIT.pricesUnavailable);
  }
  return prices.book;
}

/** The price books a run asks for: AWS's (found as the options say) and the guide's, for the stacks given. */
export async function booksFor(stacks: readonly Stack[], resolved: ResolvedProfile, opts: PlanCommandOptions, guidePrices: GuidePriceData): Promise<PlanBooks> {
  const pricing = opts.pricing ?? "both";
  const { region, term } = resolved.profile.pricing;
  const aws = pricing === "guide" ? undefined : await awsBookV1(stacks, resolved, opts, pricing);
  const books: PlanBooks = { guideOnDemand: fromV1(guidePriceBook(guidePrices, "on-demand", "us-east-1")) };
  if (aws) books.aws = fromV1(aws);
  if (pricing !== "aws") books.guide = fromV1(guidePriceBook(guidePrices, term, region, aws));
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
