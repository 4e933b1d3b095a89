// Pick a renderer by --format.
import type { Report } from "../report/report.js";
import { renderCsv } from "../report/render-csv.js";
import { renderMarkdown } from "../report/render-markdown.js";
import { renderTable } from "../report/render-table.js";

export const FORMATS = ["table", "json", "markdown", "csv"] as const;
export type Format = (typeof FORMATS)[number];

/** The report as text in a format. */
export function renderReport(report: Report, format: Format, color: boolean): string {
  switch (format) {
    case "json":
      return JSON.stringify(report, null, 2) + "\n";
    case "markdown":
      return renderMarkdown(report);
    case "csv":
      return renderCsv(report);
    default:
      return renderTable(report, { color });
  }
}
