// Pick a renderer by --format (the table renderer loads cli-table3 and chalk only when it runs).
import { renderCsv } from "../present/render-csv.js";
import { renderJson } from "../present/render-json.js";
import { renderMarkdown } from "../present/render-markdown.js";
import { renderTable } from "../present/render-table.js";
import type { Report } from "../core/report.js";

export const FORMATS = ["table", "json", "markdown", "csv"] as const;
export type Format = (typeof FORMATS)[number];

/** The report as text in a format. */
export async function renderReport(report: Report, format: Format, color: boolean): Promise<string> {
  switch (format) {
    case "json":
      return renderJson(report);
    case "markdown":
      return renderMarkdown(report);
    case "csv":
      return renderCsv(report);
    default:
      return renderTable(report, { color });
  }
}
