// `heirloom-plan [--users N] ...`: the plan, rendered, with the exit code of the contract.
import { planCapacity, type Stack } from "../core/capacity.js";
import { EXIT, HeirloomError, type ExitCode } from "../core/errors.js";
import { loadCatalogue, type Catalogue } from "../io/models.js";
import { loadPlanData, makePlan } from "../core/plan.js";
import { itemsForStack, loadPricingModels } from "../core/pricing/aws-items.js";
import { loadAwsPrices } from "../io/prices/aws-prices.js";
import type { PriceBook } from "../core/pricing/price-book.js";
import type { ResolvedProfile } from "../core/profile/resolve.js";
import type { Report } from "../core/report.js";
import { emit, resolveColor } from "../io/output.js";
import { resolvePlanOptions } from "./plan-options.js";
import { renderReport, type Format } from "./render.js";

export type Pricing = "guide" | "aws" | "both";

export interface PlanCommandOptions extends Record<string, unknown> {
  format?: Format;
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
export const notify = (line: string) => process.stderr.write(`heirloom-plan: ${line}\n`);

/** The default whole-pull time limit; HEIRLOOM_PRICES_TIMEOUT_MS changes it. */
export function pricesTimeoutMs(env: NodeJS.ProcessEnv): number {
  const ms = Number(env.HEIRLOOM_PRICES_TIMEOUT_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : 20_000;
}

/**
 * AWS's price book for a stack, or undefined with a notice where none could be had and the run allows that.
 * Exit 3 where the run demanded AWS prices (--pricing aws) and got none, or any gap with --strict.
 */
export async function awsBookFor(stacks: readonly Stack[], resolved: ResolvedProfile, opts: PlanCommandOptions, pricing: Pricing): Promise<PriceBook | undefined> {
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
    const why = gaps[0].gap.replace(`no AWS price for ${gaps[0].key}: `, "");
    throw new HeirloomError(`AWS prices incomplete with --strict: no price for ${gaps.map((g) => g.key).join(", ")} (${why})`, EXIT.pricesUnavailable);
  }
  return prices.book;
}

/** Stacks that differ in what is priced (types and deployment), one of each. */
function distinctStacks(stacks: readonly Stack[]): Stack[] {
  const seen = new Map<string, Stack>();
  for (const s of stacks) seen.set([s.instanceType, s.database.instanceClass, s.database.multiAz, s.database.storageType, s.cache.nodeType].join("|"), s);
  return [...seen.values()];
}

/** The plan report for a command's options: profile and flags resolved, stack planned once, then priced. */
export async function planReport(opts: PlanCommandOptions, version: string): Promise<{ report: Report; catalogue: Catalogue; resolved: ResolvedProfile }> {
  const catalogue = loadCatalogue();
  const resolved = await resolvePlanOptions(opts, catalogue);
  const pricing = opts.pricing ?? "both";
  const planned = planCapacity(resolved.profile, catalogue);
  const aws = pricing === "guide" ? undefined : await awsBookFor([planned.stack], resolved, opts, pricing);
  const report = makePlan(
    resolved,
    loadPlanData(catalogue),
    { guide: pricing !== "aws", ...(aws ? { aws } : {}), version, planned },
  );
  return { report, catalogue, resolved };
}

/** Run a plan and print it; returns the exit code. */
export async function planCommand(opts: PlanCommandOptions, version: string): Promise<ExitCode> {
  const { report } = await planReport(opts, version);
  const format = opts.format ?? "table";
  const color = resolveColor(opts.color as boolean | undefined, Boolean(opts.output));
  emit(await renderReport(report, format, color), opts.output, Boolean(opts.force), `${format} report`);
  return planExitCode(report, Boolean(opts.strict));
}

/** 1 when a budget is exceeded, or with --strict when any check fails; else 0. */
export function planExitCode(report: Report, strict: boolean): ExitCode {
  if (report.budget && !report.budget.pass) return EXIT.failed;
  if (strict && report.checks.some((c) => c.level === "fail")) return EXIT.failed;
  return EXIT.ok;
}
