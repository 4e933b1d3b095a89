// The report as rows of text, shared by the table, markdown and csv renderers.
import { SERVICE_IDS, type ServiceId } from "../core/pricing/price-book.js";
import { SETTINGS, getPath } from "../core/profile/settings.js";
import type { CostReport, Report } from "../core/report.js";
import { gb, num, pct, usd } from "./format.js";

export const SERVICE_NAMES: Record<ServiceId, string> = {
  ec2: "EC2 (backend)",
  rds: "RDS PostgreSQL",
  elasticache: "ElastiCache Redis",
  s3: "S3 storage",
  cloudfront: "CloudFront",
  alb: "Load balancer (ALB)",
};

/** Rows of [assumption, value, set by, basis]. */
export function assumptionRows(report: Report): string[][] {
  return SETTINGS.filter((s) => s.path !== "budget.monthlyUSD" || report.assumptions.budget.monthlyUSD !== null).map((s) => {
    const value = getPath(report.assumptions, s.path);
    const src = report.assumptionSources[s.path];
    const setBy = src.where;
    return [s.path, typeof value === "number" ? num(value, 4) : String(value), setBy, src.basis];
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
    ["backend instances", `${num(c.instances)} × ${report.stack.instanceType}`],
    ["database connections", num(c.dbConnections)],
    ["Redis memory", `${num(c.redisMemoryGB)} GB`],
    ["storage", gb(c.storageGB)],
    ["CDN transfer per month", gb(c.cdnTransferGB)],
  ];
}

/** "snapshot 2026-10-01", "live 2026-11-25", "cache 3h old", "guide (undated)". */
export function sourceLabel(cost: CostReport): string {
  if (cost.source === "guide") return "guide prices";
  if (cost.source === "cache") return `AWS cache ${cost.priceDate}, ${num(cost.cacheAgeHours ?? 0, 1)} h old`;
  return `AWS ${cost.source} ${cost.priceDate}`;
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

/** A gap's reason for a table cell: the JSON keeps it whole. */
function shortGap(gap: string): string {
  return gap
    .replace(/^no AWS price for \S+: /, "")
    .replace(/^the guide prices only (\S+); (\S+) is derived from AWS's list prices, and AWS has none for .*$/, "only $1; no AWS list price to derive $2 from")
    .replace(/; live prices unavailable \(.*\)$/, "");
}

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
    const notes = [...(g?.gap ? [`guide: ${shortGap(g.gap)}`] : []), ...(a?.gap ? [`AWS: ${shortGap(a.gap)}`] : []), ...(a?.notes ?? g?.notes ?? [])];
    const row: CostRow = { id, name: SERVICE_NAMES[id], description: [main.description, ...notes].join("; ") };
    if (g) row.guide = money(g.monthlyUSD);
    if (a) row.aws = money(a.monthlyUSD);
    if (g && a && g.monthlyUSD !== null && a.monthlyUSD !== null) row.difference = difference(g.monthlyUSD, a.monthlyUSD);
    return row;
  });
  const total: CostRow = { id: "total", name: "Total per month", description: "" };
  if (guide) total.guide = usd(guide.totalMonthlyUSD) + (guide.complete ? "" : " + gaps");
  if (aws) total.aws = usd(aws.totalMonthlyUSD) + (aws.complete ? "" : " + gaps");
  if (guide && aws && guide.complete && aws.complete) total.difference = difference(guide.totalMonthlyUSD, aws.totalMonthlyUSD);
  const gaps = [...new Set([...(guide?.gaps ?? []), ...(aws?.gaps ?? [])])];
  total.description = gaps.length ? `incomplete: no price for ${gaps.join(", ")}` : "";
  rows.push(total);
  return rows;
}

function difference(guide: number, aws: number): string {
  const d = aws - guide;
  return `${d >= 0 ? "+" : ""}${usd(d)}${guide !== 0 ? ` (${pct((d / guide) * 100)})` : ""}`;
}

/** Rows of [figure, guide states, its assumptions give, verdict + note]. */
export function reconciliationRows(report: Report): string[][] {
  return report.guideReconciliation.map((r) => [r.label, r.statedText, r.derivedText, r.follows ? "follows" : `does not follow: ${r.note}`]);
}

/** The one-line heading of a report. */
export function heading(report: Report): string {
  const p = report.profile;
  return `heirloom-plan: ${num(report.capacity.users)} users, profile ${p.name} (${p.source}), ${report.assumptions.pricing.region}, ${report.assumptions.pricing.term}`;
}
