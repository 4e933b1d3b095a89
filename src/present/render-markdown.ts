// Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY.
import type { Report } from "../core/report.js";
import { mdCell, mdTable } from "./format.js";
import { NOT_INCLUDED_NAMES, sizingMessage } from "./messages.js";
import { answerLines, capacityRows, checkRows, costRows, gapHint, heading, reconciliationRows, sourceLabel } from "./sections.js";

const cell = mdCell;

/** Render a plan as GitHub-flavoured markdown. */
export function renderMarkdown(report: Report): string {
  const { guide, aws } = report.costs;
  const icon = { ok: "✅", warn: "⚠️", fail: "❌" };
  const out: string[] = [`## ${cell(heading(report))}`, "", ...answerLines(report).map((l, i) => (i === 0 ? `**${cell(l)}**  ` : `${cell(l)}  `)), ""];
  const head = ["Service", ...(guide ? [sourceLabel(guide.source)] : []), ...(aws ? [sourceLabel(aws.source)] : []), ...(guide && aws ? ["Difference"] : []), "What"];
  const rows = costRows(report).map((r) => {
    const cells = [r.id === "total" ? `**${r.name}**` : r.name];
    if (guide) cells.push(r.guide ?? "");
    if (aws) cells.push(r.aws ?? "");
    if (guide && aws) cells.push(r.difference ?? "");
    cells.push(r.description);
    return cells;
  });
  out.push("### Monthly cost (USD)", "", mdTable(head, rows), "");
  const hint = gapHint(report);
  if (hint) out.push(`> ${hint}`, "");
  out.push(`Not included: ${report.notIncluded.map((id) => NOT_INCLUDED_NAMES[id]).join(", ")}.`, "");
  if (report.stack.sizing.length) out.push("### Sizing", "", ...report.stack.sizing.map((s) => `- **${s.component}**: ${cell(s.chosen)}: ${cell(sizingMessage(s))}`), "");
  out.push("### Checks", "", ...checkRows(report).map((c) => `- ${icon[c.level]} **${c.id}**: ${cell(c.message)}`), "");
  out.push("### Capacity", "", mdTable(["Figure", "Value"], capacityRows(report)), "");
  if (report.reconciliation) {
    out.push(
      "<details><summary>The guide, reconciled</summary>",
      "",
      mdTable(["Figure", "Guide states", "Its assumptions give", "Verdict"], reconciliationRows(report)),
      "",
      "</details>",
      "",
    );
  }
  return out.join("\n");
}
