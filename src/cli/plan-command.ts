// `heirloom-plan [--users N] ...`: the plan, rendered, with the exit code of the contract.
import type { ExitCode } from "../core/errors.js";
import { planExit } from "../core/gates.js";
import { checkWritable, emit, resolveColor } from "../io/output.js";
import { budgetMessage } from "../present/messages.js";
import { notify, planReport, type PlanCommandOptions } from "./pipeline.js";
import { renderReport, type Format } from "./render.js";

export { notify, pricesTimeoutMs, planReport, type PlanCommandOptions, type Pricing } from "./pipeline.js";

/** Run a plan and print it; returns the exit code. */
export async function planCommand(opts: PlanCommandOptions, version: string): Promise<ExitCode> {
  // An --output that cannot be written is said before any work (and before any wait for prices).
  if (typeof opts.output === "string") checkWritable(opts.output, { force: Boolean(opts.force), flag: "--output" });
  const { report } = await planReport(opts, version);
  const format = (opts.format ?? "table") as Format;
  const color = resolveColor(opts.color as boolean | undefined, Boolean(opts.output));
  emit(await renderReport(report, format, color), opts.output, Boolean(opts.force), `${format} report`);
  // A budget that is over, or cannot be checked for a missing price, is also said in one line on stderr.
  const budget = report.checks.find((c) => c.id === "budget");
  if (budget?.id === "budget" && budget.facts.state !== "within") notify(budgetMessage(budget.facts));
  return planExit(report.checks, Boolean(opts.strict));
}
