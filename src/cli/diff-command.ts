// `heirloom-plan diff BASE.json HEAD.json`: what changed, and whether it grew past --max-increase.
import { readFileSync } from "node:fs";
import { diffHeadline, diffReports, type DiffReport } from "../core/diff.js";
import { EXIT, HeirloomError, fileProblem } from "../core/errors.js";
import { SERVICE_IDS } from "../core/pricing/price-book.js";
import { SERVICE_NAMES } from "../present/sections.js";
import { alignColumns, mdTable, usd } from "../present/format.js";
import type { Report } from "../core/report.js";
import { parseUSD } from "../core/units.js";
import { emit } from "../io/output.js";
import { notify } from "./plan-command.js";

/** Read a saved report: ours, schemaVersion 1, a plan (not a sweep or a diff). */
export function readReport(file: string): Report {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new HeirloomError(`${file}: cannot read: ${fileProblem(err)}`);
  }
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new HeirloomError(`${file}: not JSON (${(err as Error).message.split("\n")[0]})`);
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new HeirloomError(`${file}: not a heirloom-plan report (not a JSON object)`);
  if (data.kind === "sweep" || data.kind === "diff") throw new HeirloomError(`${file}: a ${data.kind}, not a plan report (save one with --format json)`);
  const ours = typeof data.capacity === "object" && typeof data.costs === "object" && typeof data.totalMonthlyCost === "number" && typeof data.assumptions === "object";
  if (!ours) throw new HeirloomError(`${file}: not a heirloom-plan report (no capacity, costs and totalMonthlyCost)`);
  if (data.schemaVersion !== 1) throw new HeirloomError(`${file}: unknown schemaVersion ${JSON.stringify(data.schemaVersion)}; this heirloom-plan reads schemaVersion 1`);
  return data as unknown as Report;
}

/** "10%" or "500" / "$500". */
export function parseMaxIncrease(text: string): { text: string; percent?: number; usd?: number } {
  const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
  if (percent) return { text, percent: Number(percent[1]) };
  const dollars = parseUSD(text);
  if (typeof dollars === "string") throw new HeirloomError(`--max-increase: must be a percentage like 10% or a dollar amount like 500 (got "${text}")`);
  return { text, usd: dollars };
}

const money = (n: number | null) => (n === null ? "no price" : usd(n));
const signed = (n: number | null, p: number | null) => (n === null ? "" : `${n >= 0 ? "+" : "-"}${usd(Math.abs(n))}${p === null ? "" : ` (${p >= 0 ? "+" : ""}${p.toFixed(1)}%)`}`);

function renderDiffText(d: DiffReport, markdown: boolean): string {
  const rows = SERVICE_IDS.map((id) => {
    const s = d.services[id];
    return [SERVICE_NAMES[id], money(s.before), money(s.after), signed(s.diffUSD, s.percent), s.drivers.join("; ")];
  });
  rows.push(["Total per month", usd(d.pastTotalMonthlyCost), usd(d.totalMonthlyCost), signed(d.diffTotalMonthlyCost, d.percentChange), d.drivers.join("; ")]);
  const head = ["service", `before (${d.base.file})`, `after (${d.head.file})`, "change", "why"];
  if (markdown) {
    const icon = d.maxIncrease ? (d.maxIncrease.pass ? "✅ " : "❌ ") : "";
    return [
      `## heirloom-plan cost diff`,
      "",
      `${icon}**${diffHeadline(d)}** on ${d.pricing === "total" ? "each report's own prices" : `${d.pricing === "aws" ? "AWS" : "the guide's"} prices`}.`,
      "",
      mdTable(head, rows.map((r, i) => (i === rows.length - 1 ? [`**${r[0]}**`, ...r.slice(1)] : r))),
      ...(d.warnings.length ? ["", ...d.warnings.map((w) => `> ⚠️ ${w}`)] : []),
      "",
    ].join("\n");
  }
  return [diffHeadline(d), "", ...alignColumns([head, ...rows]), ...d.warnings.map((w) => `warning: ${w}`)].join("\n") + "\n";
}

function renderDiffCsv(d: DiffReport): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = SERVICE_IDS.map((id) => [id, d.services[id].before ?? "", d.services[id].after ?? "", d.services[id].diffUSD ?? "", q(d.services[id].drivers.join("; "))]);
  rows.push(["total", d.pastTotalMonthlyCost, d.totalMonthlyCost, d.diffTotalMonthlyCost, q(d.drivers.join("; "))]);
  return [["service", "beforeMonthlyUSD", "afterMonthlyUSD", "diffMonthlyUSD", "drivers"], ...rows].map((r) => r.join(",")).join("\n") + "\n";
}

export async function diffCommand(baseFile: string, headFile: string, opts: { maxIncrease?: string; format?: string; output?: string; force?: boolean }): Promise<number> {
  const limit = opts.maxIncrease !== undefined ? parseMaxIncrease(opts.maxIncrease) : undefined;
  const d = diffReports(baseFile, readReport(baseFile), headFile, readReport(headFile), limit);
  for (const w of d.warnings) notify(`warning: ${w}`);
  const format = opts.format ?? "table";
  const text = format === "json" ? JSON.stringify(d, null, 2) + "\n" : format === "csv" ? renderDiffCsv(d) : renderDiffText(d, format === "markdown");
  emit(text, opts.output, Boolean(opts.force), `${format} diff`);
  return d.maxIncrease && !d.maxIncrease.pass ? EXIT.failed : EXIT.ok;
}
