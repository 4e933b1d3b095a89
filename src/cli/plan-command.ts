// `heirloom-plan [--users N] ...`: the plan, rendered, with the exit code of the contract.
import type { ExitCode } from "../core/errors.js";
import { planExit } from "../core/gates.js";
import { TERMS, type Term } from "../core/facts.js";
import type { Report } from "../core/report.js";
import { checkWritable, emit } from "../io/output.js";
import { budgetMessage } from "../present/messages.js";
import { notify, planReport, type PlanCommandOptions } from "./pipeline.js";
import { render, renderContext, type Format } from "./render.js";
import { stdoutIsTerminal } from "../io/stdio.js";

export { notify, pricesTimeoutMs, planReport, type PlanCommandOptions, type Pricing } from "./pipeline.js";

/** Run a plan and print it; returns the exit code. */
export async function planCommand(opts: PlanCommandOptions, version: string): Promise<ExitCode> {
  // An --output that cannot be written is said before any work (and before any wait for prices).
  if (typeof opts.output === "string") checkWritable(opts.output, { force: Boolean(opts.force), flag: "--output" });
  const format = (opts.format ?? "table") as Format;
  const ctx = renderContext(opts);
  // The guide's reconciliation is computed where it is shown: asked for by --show or --details.
  const reconciliation = Boolean(ctx.details || ctx.show?.includes("reconciliation"));
  if (opts.term === "all") {
    // The three terms side by side: one plan a term; the on-demand plan gives the answer and the exit code.
    const reports = {} as Record<Term, Report>;
    for (const term of TERMS) reports[term] = (await planReport({ ...opts, term }, version, { reconciliation })).report;
    emit(await render("terms", format, { term: "on-demand", reports }, ctx), opts.output, Boolean(opts.force), `${format} report`);
    return planExit(reports["on-demand"].checks, Boolean(opts.strict));
  }
  const { report } = await planReport(opts, version, { reconciliation });
  emit(await render("plan", format, report, ctx), opts.output, Boolean(opts.force), `${format} report`);
  // A budget that is over, or cannot be checked for a missing price, is also said in one line on stderr.
  const budget = report.checks.find((c) => c.id === "budget");
  // In a terminal the table's answer says it already, last on screen: the line is for logs and files.
  const seen = format === "table" && !opts.output && stdoutIsTerminal();
  if (budget?.id === "budget" && budget.facts.state !== "within" && !seen) notify(budgetMessage(budget.facts));
  return planExit(report.checks, Boolean(opts.strict));
}
