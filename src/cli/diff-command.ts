// `heirloom-plan diff BASE.json HEAD.json`: what changed, and whether it grew past --max-increase.
import { existsSync } from "node:fs";
import { diffReports } from "../core/diff.js";
import { HeirloomError, type ExitCode } from "../core/errors.js";
import type { PriceOrigin, ServiceId } from "../core/facts.js";
import { budgetState, gateExit, type IncreaseLimit } from "../core/gates.js";
import type { DiffSide } from "../core/report-document.js";
import { parseUSD } from "../core/units.js";
import { emit } from "../io/output.js";
import { readReport } from "../io/report-file.js";
import { sourceLabel } from "../present/messages.js";
import { diffVerdict, warningText, type DiffView, type NewReport } from "../present/render-diff.js";
import { notify } from "./pipeline.js";
import { render, renderContext, type Format } from "./render.js";

/** "10%" or "500" / "$500". */
export function parseMaxIncrease(text: string): IncreaseLimit {
  const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
  if (percent) return { percent: Number(percent[1]) };
  const dollars = parseUSD(text);
  if (typeof dollars === "string") throw new HeirloomError(`--max-increase: must be a percentage like 10% or a dollar amount like 500 (got "${text}")`);
  return { usd: dollars };
}

export interface DiffOptions {
  maxIncrease?: string;
  format?: Format;
  output?: string;
  force?: boolean;
  labelBase?: string;
  labelHead?: string;
  baseMissingOk?: boolean;
  color?: boolean;
}

/** Labels for the two sides: as given, else the reports' profile names (never file paths); "base" and "head" where the names are the same. */
export function diffLabels(base: string | null, head: string, opts: Pick<DiffOptions, "labelBase" | "labelHead">): { base: string; head: string } {
  const same = base === head;
  return { base: opts.labelBase ?? (base === null || same ? "base" : base), head: opts.labelHead ?? (same ? "head" : head) };
}

/**
 * The head alone, where there is no base report: its total, and a dollar limit held against all of it
 * (the whole total is the increase); a percentage of nothing cannot be exceeded.
 */
function newReport(head: DiffSide, limit: IncreaseLimit | undefined): NewReport {
  const cost = head.costs.aws ?? head.costs.guide;
  const added: NewReport = {
    profile: head.profile,
    book: cost ? sourceLabel({ origin: cost.source as PriceOrigin, asOf: cost.priceDate, region: cost.region, term: cost.term as "on-demand" }) : "no prices",
    totalUSD: cost?.totalMonthlyUSD ?? 0,
    complete: cost?.complete ?? false,
    gaps: cost?.gaps ?? [],
    services: Object.fromEntries(Object.entries(cost?.services ?? {}).filter(([, s]) => s.priced).map(([id, s]) => [id, s.monthlyUSD])) as Partial<Record<ServiceId, number | null>>,
  };
  if (limit && "usd" in limit) added.limit = { limit, limitUSD: limit.usd, state: budgetState({ totalMonthlyUSD: added.totalUSD, complete: added.complete }, limit.usd) };
  return added;
}

export async function diffCommand(baseFile: string, headFile: string, opts: DiffOptions): Promise<ExitCode> {
  const limit = opts.maxIncrease !== undefined ? parseMaxIncrease(opts.maxIncrease) : undefined;
  const head = readReport(headFile);
  const files = { base: baseFile, head: headFile };
  let view: DiffView;
  // The PR that first adds a profile has no base report: with --base-missing-ok that is "new", not an error.
  if (opts.baseMissingOk && !existsSync(baseFile)) {
    notify(`${baseFile}: no base report; the head is new`);
    view = { diff: null, added: newReport(head, limit), labels: diffLabels(null, head.profile, opts), files };
  } else {
    const base = readReport(baseFile);
    const d = diffReports(base, head, limit);
    for (const w of d.warnings) notify(`warning: ${warningText(w, d)}`);
    view = { diff: d, labels: diffLabels(base.profile, head.profile, opts), files };
  }
  const format = opts.format ?? "table";
  emit(await render("diff", format, view, renderContext(opts)), opts.output, Boolean(opts.force), `${format} diff`);
  // A limit that cannot be checked for a missing price is exit 3 only where a limit was asked for.
  const verdict = diffVerdict(view);
  return verdict === "new" || verdict === "none" ? gateExit(undefined) : limit ? gateExit(verdict) : gateExit(undefined);
}
