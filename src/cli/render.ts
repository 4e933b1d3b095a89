// Pick a renderer by --format; each is loaded only when used (cli-table3 and chalk cost start-up time).
import type { Report } from "../report/report.js";

export const FORMATS = ["table", "json", "markdown", "csv"] as const;
export type Format = (typeof FORMATS)[number];

/** The report as text in a format. */
export async function renderReport(report: Report, format: Format, color: boolean): Promise<string> {
  switch (format) {
    case "json":
      return JSON.stringify(report, null, 2) + "\n";
    case "markdown":
      return (await import("../report/render-markdown.js")).renderMarkdown(report);
    case "csv":
      return (await import("../report/render-csv.js")).renderCsv(report);
    default:
      return (await import("../report/render-table.js")).renderTable(report, { color });
  }
}
