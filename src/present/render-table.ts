// The default, human report: sections of cli-table3 tables, colour only when asked for.
import type { Report } from "../core/report.js";
import { NOT_INCLUDED_NAMES, bookNotes, sizingMessage } from "./messages.js";
import { answerLines, assumptionRows, capacityRows, checkRows, costRows, gapHint, heading, reconciliationRows, sourceLabel } from "./sections.js";

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
  const answer = answerLines(report);
  const out: string[] = [c.bold(heading(report)), ...answer, ""];

  out.push(c.bold("Assumptions"), table(["setting", "value", "set by", "basis"], assumptionRows(report), [31, 17, 26, 58]), "");
  out.push(c.bold("Capacity"), table(["figure", "value"], capacityRows(report)), "");
  if (report.stack.sizing.length) {
    out.push(c.bold("Sizing"), table(["component", "choice", "why"], report.stack.sizing.map((s) => [s.component, s.chosen, sizingMessage(s)]), [12, 22, 80]), "");
  }

  const { guide, aws } = report.costs;
  const head = ["service", ...(guide ? [sourceLabel(guide.source)] : []), ...(aws ? [sourceLabel(aws.source)] : []), ...(guide && aws ? ["difference"] : []), "what"];
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
  for (const cost of [guide, aws]) for (const note of cost ? bookNotes(cost) : []) out.push(c.dim(`  ${note}`));
  out.push(c.dim(`  Not included: ${report.notIncluded.map((id) => NOT_INCLUDED_NAMES[id]).join(", ")}`));
  const hint = gapHint(report);
  if (hint) out.push(c.yellow(`  ${hint}`));
  out.push("");

  const mark = { ok: c.green("ok  "), warn: c.yellow("warn"), fail: c.red("FAIL") };
  out.push(c.bold("Checks"));
  for (const check of checkRows(report)) out.push(`  ${mark[check.level]} ${check.id}: ${check.message}`);
  out.push("");

  if (report.reconciliation) {
    out.push(c.bold("The guide, reconciled (its stated figures against its own assumptions, 1M users)"));
    out.push(table(["figure", "guide states", "its assumptions give", "verdict"], reconciliationRows(report), [24, 20, 24, 66]), "");
  }
  out.push(...answer.map((l) => c.bold(l)));
  return out.join("\n") + "\n";
}
