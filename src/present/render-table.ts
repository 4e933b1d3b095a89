// The default, human report: sections of cli-table3 tables, colour only when asked for.
import type { Report } from "../core/report.js";
import { assumptionRows, capacityRows, costRows, gapHint, heading, reconciliationRows, sourceLabel } from "./sections.js";

export interface RenderOptions {
  color: boolean;
}

/** Render a plan as terminal tables. */
export async function renderTable(report: Report, { color }: RenderOptions): Promise<string> {
  // Loaded here only: JSON, markdown and CSV reports do without them.
  const [{ Chalk }, { default: Table }] = await Promise.all([import("chalk"), import("cli-table3")]);
  const c = new Chalk({ level: color ? 1 : 0 });
  const table = (head: string[], rows: string[][], widths?: number[]) => {
    const t = new Table({
      head: head.map((h) => c.bold(h)),
      style: { head: [], border: [], compact: true },
      wordWrap: true,
      ...(widths ? { colWidths: widths } : {}),
    });
    t.push(...rows);
    return t.toString();
  };
  const out: string[] = [c.bold(heading(report)), ""];

  out.push(c.bold("Assumptions"), table(["setting", "value", "set by", "basis"], assumptionRows(report), [31, 17, 26, 58]), "");
  out.push(c.bold("Capacity"), table(["figure", "value"], capacityRows(report)), "");
  if (report.stack.sizing.length) {
    out.push(c.bold("Sizing"), table(["component", "choice", "why"], report.stack.sizing.map((s) => [s.component, s.choice, s.reason]), [12, 22, 80]), "");
  }

  const { guide, aws } = report.costs;
  const head = ["service", ...(guide ? [sourceLabel(guide)] : []), ...(aws ? [sourceLabel(aws)] : []), ...(guide && aws ? ["difference"] : []), "what"];
  const rows = costRows(report).map((r) => {
    const cells = [r.id === "total" ? c.bold(r.name) : r.name];
    if (guide) cells.push(r.guide ?? "");
    if (aws) cells.push(r.aws ?? "");
    if (guide && aws) cells.push(r.difference ?? "");
    cells.push(r.description);
    return cells.map((cell) => (/no price|gaps/.test(cell) ? c.yellow(cell) : cell));
  });
  const widths = [22, ...(guide ? [16] : []), ...(aws ? [24] : []), ...(guide && aws ? [22] : []), guide && aws ? 56 : 70];
  out.push(c.bold("Monthly cost (USD)"), table(head, rows, widths));
  for (const cost of [guide, aws]) for (const note of cost?.notes ?? []) out.push(c.dim(`  ${note}`));
  const hint = gapHint(report);
  if (hint) out.push(c.yellow(`  ${hint}`));
  out.push("");

  const mark = { ok: c.green("ok  "), warn: c.yellow("warn"), fail: c.red("FAIL") };
  out.push(c.bold("Checks"));
  for (const check of report.checks) out.push(`  ${mark[check.level]} ${check.id}: ${check.message}`);
  if (report.budget) {
    out.push(`  budget ${report.budget.pass ? c.green("passed") : c.red("exceeded")} on ${report.budget.pricing} prices`);
  }
  out.push("");

  out.push(c.bold("The guide, reconciled (its stated figures against its own assumptions, 1M users)"));
  out.push(table(["figure", "guide states", "its assumptions give", "verdict"], reconciliationRows(report), [24, 20, 24, 66]));
  return out.join("\n") + "\n";
}
