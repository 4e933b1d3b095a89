// The report as rows of text, shared by the table, markdown and csv renderers.
import { SERVICE_IDS, type ServiceId } from "../core/facts.js";
import { SETTINGS, getPath } from "../core/profile/settings.js";
import type { Report } from "../core/report.js";
import { gb, num, pct, usd } from "./format.js";
import { FIGURE_LABEL, SERVICE_NAMES, checkMessage, figureText, reconciliationNote, serviceDetail, shortGapMessage, sourceLabel } from "./messages.js";

export { SERVICE_NAMES, sourceLabel };

/** Rows of [assumption, value, set by, basis]. */
export function assumptionRows(report: Report): string[][] {
  return SETTINGS.filter((s) => s.path !== "budget.monthlyUSD" || report.assumptions.budget.monthlyUSD !== null).map((s) => {
    const value = getPath(report.assumptions, s.path);
    const src = report.assumptionSources[s.path];
    return [s.path, typeof value === "number" ? num(value, 4) : String(value), src.where, src.basis];
  });
}

/** Rows of [figure, value]. */
export function capacityRows(report: Report): string[][] {
  const c = report.capacity;
  return [
    ["users", num(c.users)],
    ["daily active users", num(c.dau)],
    ["requests per day", num(c.requestsPerDay)],
    ["average RPS", num(c.avgRps)],
    ["peak RPS", num(c.peakRps)],
    ["backend instances", `${num(c.instances)} × ${report.stack.instanceType}, ${num(c.processes)} processes each`],
    ["database connections", num(c.dbConnections)],
    ["database queries/s at peak", num(c.dbPeakQps)],
    ["database working set", `${num(c.dbWorkingSetGB)} GB`],
    ["Redis memory", `${num(c.redisMemoryGB)} GB`],
    ["storage", gb(c.storageGB)],
    ["CDN transfer per month", gb(c.cdnTransferGB)],
    ["API egress per month", gb(c.egressGB)],
    ["ALB capacity units", num(c.albLcu, 4)],
    ["logs per month", gb(c.logsGB)],
    ["backend CPU in use (average)", `${num(c.backendCpuShare * 100, 2)}%`],
  ];
}

export interface CostRow {
  id: ServiceId | "total";
  name: string;
  guide?: string;
  aws?: string;
  difference?: string;
  description: string;
}

const money = (n: number | null) => (n === null ? "no price" : usd(n));

/** A line for under the cost table when prices are missing. */
export function gapHint(report: Report): string | undefined {
  const gaps = [...(report.costs.guide?.gaps ?? []), ...(report.costs.aws?.gaps ?? [])];
  if (gaps.length === 0) return undefined;
  return "Some prices are missing (never counted as $0): with AWS credentials, `heirloom-plan prices pull --catalogue --output prices.json` fetches every type, for `--prices prices.json`.";
}

/** One row a service plus the total, with the difference where both books are present. */
export function costRows(report: Report): CostRow[] {
  const { guide, aws } = report.costs;
  const rows: CostRow[] = SERVICE_IDS.map((id) => {
    const g = guide?.services[id];
    const a = aws?.services[id];
    const main = a ?? g!;
    const notes = g?.gap && a ? [`guide: ${shortGapMessage(g.gap)}`] : [];
    const row: CostRow = { id, name: SERVICE_NAMES[id], description: [serviceDetail(main), ...notes].join("; ") };
    if (g) row.guide = g.notInGuide ? "not in guide" : money(g.monthlyUSD);
    if (a) row.aws = money(a.monthlyUSD);
    if (g && a && g.monthlyUSD !== null && a.monthlyUSD !== null) row.difference = difference(g.monthlyUSD, a.monthlyUSD);
    return row;
  });
  const total: CostRow = { id: "total", name: "Total per month", description: "" };
  if (guide) total.guide = usd(guide.totalMonthlyUSD) + (guide.complete ? "" : " + gaps");
  if (aws) total.aws = usd(aws.totalMonthlyUSD) + (aws.complete ? "" : " + gaps");
  if (guide && aws && guide.complete && aws.complete) total.difference = difference(guide.totalMonthlyUSD, aws.totalMonthlyUSD);
  const gaps = [...new Set([...(guide?.gaps ?? []), ...(aws?.gaps ?? [])])];
  total.description = gaps.length ? `incomplete: no price for ${gaps.join(", ")}` : guide && aws ? "the guide's total leaves out data transfer and logs" : "";
  rows.push(total);
  return rows;
}

function difference(guide: number, aws: number): string {
  const d = aws - guide;
  return `${d >= 0 ? "+" : ""}${usd(d)}${guide !== 0 ? ` (${pct((d / guide) * 100)})` : ""}`;
}

/** Rows of [figure, guide states, its assumptions give, verdict + note]. */
export function reconciliationRows(report: Report): string[][] {
  return (report.reconciliation ?? []).map((r) => [
    FIGURE_LABEL[r.id],
    figureText(r.id, r.stated),
    figureText(r.id, r.derived),
    r.follows ? "follows" : `does not follow: ${reconciliationNote(r)}`,
  ]);
}

/** The answer (docs/planning-model.md section 8): at most five lines. */
export function answerLines(report: Report): string[] {
  const s = report.summary;
  const db = `${s.stack.databaseClass}${s.stack.multiAz ? " Multi-AZ" : ""}`;
  const primary = s.pricing ? report.costs[s.pricing] : undefined;
  const lines = [`${num(s.users)} users: ${num(s.stack.instances)} × ${s.stack.instanceType} (${num(s.stack.processes)} processes each), ${db}, ${s.stack.cacheNode} (${s.stack.cacheEngine})`];
  if (primary) {
    const total = primary.complete ? `${usd(primary.totalMonthlyUSD)} a month` : `at least ${usd(primary.totalMonthlyUSD)} a month: no price for ${primary.gaps.join(", ")}`;
    lines.push(`Total: ${total} on ${sourceLabel(primary.source)}`);
  }
  if (s.budget) {
    const state = { within: "within it", over: "OVER it", "cannot-check": "cannot check it (a price is missing)" }[s.budget.state];
    lines.push(`Budget ${usd(s.budget.monthlyUSD)}: ${state}`);
  }
  const failing = report.checks.filter((c) => c.level === "fail");
  lines.push(failing.length ? `Failing checks: ${failing.map((c) => c.id).join(", ")}` : "Checks: none failing");
  return lines;
}

/** Each check with its sentence. */
export function checkRows(report: Report): { id: string; level: "ok" | "warn" | "fail"; message: string }[] {
  return report.checks.map((c) => ({ id: c.id, level: c.level, message: checkMessage(c) }));
}

/** The one-line heading of a report. */
export function heading(report: Report): string {
  const p = report.profile;
  return `heirloom-plan: ${num(report.capacity.users)} users, profile ${p.name} (${p.source}), ${report.assumptions.pricing.region}, ${report.assumptions.pricing.term}`;
}
