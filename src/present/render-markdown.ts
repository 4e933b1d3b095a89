// Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY.
import type { Report } from "../core/report.js";
import { mdCell, mdTable, usd } from "./format.js";
import { capacityRows, costRows, gapHint, heading, reconciliationRows, sourceLabel } from "./sections.js";

const cell = mdCell;

/** Render a plan as GitHub-flavoured markdown. */
export function renderMarkdown(report: Report): string {
  const { guide, aws } = report.costs;
  const icon = { ok: "✅", warn: "⚠️", fail: "❌" };
  const out: string[] = [`## ${cell(heading(report))}`, ""];
  const primary = aws ?? guide;
  if (primary) {
    out.push(`**Total: ${costRows(report).at(-1)![aws ? "aws" : "guide"]} per month** on ${sourceLabel(primary)}.`);
    if (report.budget) out.push(`Budget ${report.budget.pass ? "✅ passed" : "❌ exceeded"}: ${usd(report.budget.monthlyUSD)} a month.`);
    out.push("");
  }
  const head = ["Service", ...(guide ? [sourceLabel(guide)] : []), ...(aws ? [sourceLabel(aws)] : []), ...(guide && aws ? ["Difference"] : []), "What"];
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
  if (report.stack.sizing.length) out.push("### Sizing", "", ...report.stack.sizing.map((s) => `- **${s.component}**: ${cell(s.choice)}: ${cell(s.reason)}`), "");
  out.push("### Checks", "", ...report.checks.map((c) => `- ${icon[c.level]} **${c.id}**: ${cell(c.message)}`), "");
  out.push("### Capacity", "", mdTable(["Figure", "Value"], capacityRows(report)), "");
  out.push(
    "<details><summary>The guide, reconciled</summary>",
    "",
    mdTable(["Figure", "Guide states", "Its assumptions give", "Verdict"], reconciliationRows(report)),
    "",
    "</details>",
    "",
  );
  return out.join("\n");
}
