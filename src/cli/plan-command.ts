// `heirloom-plan [--users N] ...`: the plan, rendered, with the exit code of the contract.
import { EXIT, type ExitCode } from "../errors.js";
import { loadCatalogue, loadGuidePrices, readModel } from "../models.js";
import type { GuideStatements } from "../guide/reconcile.js";
import { makePlan } from "../plan.js";
import type { Report } from "../report/report.js";
import { emit, resolveColor } from "./output.js";
import { resolvePlanOptions } from "./plan-options.js";
import { renderReport, type Format } from "./render.js";

export interface PlanCommandOptions extends Record<string, unknown> {
  format?: Format;
  pricing?: "guide" | "aws" | "both";
  strict?: boolean;
  output?: string;
  force?: boolean;
  color?: boolean;
}

/** Run a plan and print it; returns the exit code. */
export async function planCommand(opts: PlanCommandOptions, version: string): Promise<ExitCode> {
  const catalogue = loadCatalogue();
  const resolved = await resolvePlanOptions(opts, catalogue);
  const pricing = opts.pricing ?? "guide";
  const report = makePlan(
    resolved,
    { catalogue, guidePrices: loadGuidePrices(), statements: readModel<GuideStatements>("guide-statements.json") },
    { guide: pricing !== "aws", version },
  );
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
