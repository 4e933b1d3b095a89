// Comparing two saved plan reports: per service and in total, and what drove each change. Pure.
import { SERVICE_IDS, type ServiceId } from "./pricing/price-book.js";
import { SETTINGS, getPath } from "./profile/settings.js";
import type { CostReport, Report } from "./report.js";
import { num, usd } from "../present/format.js";

export interface ServiceDiff {
  before: number | null;
  after: number | null;
  diffUSD: number | null;
  percent: number | null;
  drivers: string[];
}

export interface DiffReport {
  schemaVersion: 1;
  kind: "diff";
  pricing: "aws" | "guide" | "total";
  base: { file: string; profile: string; users: number; source: string; region: string; term: string; priceDate: string };
  head: { file: string; profile: string; users: number; source: string; region: string; term: string; priceDate: string };
  /** The names Infracost's diff JSON uses, so CI recipes carry over. */
  pastTotalMonthlyCost: number;
  totalMonthlyCost: number;
  diffTotalMonthlyCost: number;
  percentChange: number | null;
  services: Record<ServiceId, ServiceDiff>;
  /** What changed between the plans: users, assumptions. */
  drivers: string[];
  warnings: string[];
  maxIncrease?: { limit: string; limitUSD: number; pass: boolean };
}

const pct = (before: number, after: number) => (before === 0 ? null : ((after - before) / before) * 100);
const show = (v: unknown) => (typeof v === "number" ? num(v, 4) : String(v));

/** The book both reports share: AWS's where both have it, else the guide's; else only the totals compare. */
function sharedBook(base: Report, head: Report): "aws" | "guide" | "total" {
  if (base.costs.aws && head.costs.aws) return "aws";
  if (base.costs.guide && head.costs.guide) return "guide";
  return "total";
}

function side(file: string, r: Report, cost: CostReport | undefined) {
  return {
    file,
    profile: r.profile.name,
    users: r.capacity.users,
    source: cost?.source ?? "unknown",
    region: cost?.region ?? r.assumptions.pricing.region,
    term: cost?.term ?? r.assumptions.pricing.term,
    priceDate: cost?.priceDate ?? "",
  };
}

/** The quantities and components each service's cost follows. */
const COST_FACTORS: Record<ServiceId, [string, (r: Report) => unknown][]> = {
  ec2: [["instances", (r) => r.stack.instances], ["instance type", (r) => r.stack.instanceType]],
  rds: [["class", (r) => r.stack.database.instanceClass], ["Multi-AZ", (r) => r.stack.database.multiAz], ["storage GB", (r) => r.stack.database.storageGB]],
  elasticache: [["node", (r) => r.stack.cache.nodeType]],
  s3: [["storage GB", (r) => r.capacity.storageGB]],
  cloudfront: [["transfer GB", (r) => r.capacity.cdnTransferGB]],
  alb: [["LCU", (r) => r.stack.albLcu]],
};

/** Why one service's cost moved: its quantities, its component, its price. */
function serviceDrivers(id: ServiceId, base: Report, head: Report, bookBase?: CostReport, bookHead?: CostReport): string[] {
  const out = COST_FACTORS[id].filter(([, get]) => get(base) !== get(head)).map(([label, get]) => `${label} ${show(get(base))} → ${show(get(head))}`);
  const priceOf = (book?: CostReport) => book?.services[id]?.lines?.map((l) => l.basis).join("; ");
  const [pb, ph] = [priceOf(bookBase), priceOf(bookHead)];
  if (pb !== undefined && ph !== undefined && pb !== ph) out.push(`price ${pb} → ${ph}`);
  return out;
}

/** Compare two reports; `maxIncrease` is "10%" or a dollar amount. */
export function diffReports(baseFile: string, base: Report, headFile: string, head: Report, maxIncrease?: { text: string; percent?: number; usd?: number }): DiffReport {
  const pricing = sharedBook(base, head);
  const bookBase = pricing === "total" ? undefined : base.costs[pricing];
  const bookHead = pricing === "total" ? undefined : head.costs[pricing];
  const warnings: string[] = [];
  const primary = (r: Report) => r.costs.aws ?? r.costs.guide;
  if (pricing === "total") warnings.push(`the reports share no price book (${baseFile}: ${primary(base)?.source ?? "none"}, ${headFile}: ${primary(head)?.source ?? "none"}): only their totals are compared`);
  const a = side(baseFile, base, bookBase ?? primary(base));
  const b = side(headFile, head, bookHead ?? primary(head));
  if (a.source !== b.source) warnings.push(`prices from different sources: ${a.source} ${a.priceDate} against ${b.source} ${b.priceDate}`);
  if (a.region !== b.region) warnings.push(`different regions: ${a.region} against ${b.region}`);
  if (a.term !== b.term) warnings.push(`different terms: ${a.term} against ${b.term}`);
  if (bookBase && !bookBase.complete) warnings.push(`${baseFile} lacks prices for ${bookBase.gaps.join(", ")}: its total is a lower bound`);
  if (bookHead && !bookHead.complete) warnings.push(`${headFile} lacks prices for ${bookHead.gaps.join(", ")}: its total is a lower bound`);

  const services = Object.fromEntries(
    SERVICE_IDS.map((id) => {
      const before = bookBase?.services[id]?.monthlyUSD ?? null;
      const after = bookHead?.services[id]?.monthlyUSD ?? null;
      const diffUSD = before !== null && after !== null ? after - before : null;
      return [id, { before, after, diffUSD, percent: before !== null && after !== null ? pct(before, after) : null, drivers: serviceDrivers(id, base, head, bookBase, bookHead) }];
    }),
  ) as Record<ServiceId, ServiceDiff>;

  const drivers: string[] = [];
  if (base.capacity.users !== head.capacity.users) drivers.push(`users ${num(base.capacity.users)} → ${num(head.capacity.users)}`);
  for (const s of SETTINGS) {
    if (s.path === "users") continue;
    const [x, y] = [getPath(base.assumptions, s.path), getPath(head.assumptions, s.path)];
    if (JSON.stringify(x) !== JSON.stringify(y)) drivers.push(`${s.path} ${show(x)} → ${show(y)}`);
  }
  for (const id of SERVICE_IDS) if (services[id].drivers.some((d) => d.startsWith("price"))) drivers.push(`${id} price`);

  const past = bookBase?.totalMonthlyUSD ?? base.totalMonthlyCost;
  const now = bookHead?.totalMonthlyUSD ?? head.totalMonthlyCost;
  const report: DiffReport = {
    schemaVersion: 1,
    kind: "diff",
    pricing,
    base: a,
    head: b,
    pastTotalMonthlyCost: past,
    totalMonthlyCost: now,
    diffTotalMonthlyCost: now - past,
    percentChange: pct(past, now),
    services,
    drivers,
    warnings,
  };
  if (maxIncrease) {
    const limitUSD = maxIncrease.usd ?? (past * (maxIncrease.percent ?? 0)) / 100;
    report.maxIncrease = { limit: maxIncrease.text, limitUSD, pass: now - past <= limitUSD + 1e-9 };
  }
  return report;
}

/** One line for the verdict. */
export function diffHeadline(d: DiffReport): string {
  const change = `${d.diffTotalMonthlyCost >= 0 ? "+" : "-"}${usd(Math.abs(d.diffTotalMonthlyCost))}${d.percentChange === null ? "" : ` (${d.percentChange >= 0 ? "+" : ""}${d.percentChange.toFixed(1)}%)`}`;
  const limit = d.maxIncrease ? `; limit +${usd(d.maxIncrease.limitUSD)} (${d.maxIncrease.limit}): ${d.maxIncrease.pass ? "within it" : "EXCEEDED"}` : "";
  return `Monthly cost ${usd(d.pastTotalMonthlyCost)} → ${usd(d.totalMonthlyCost)}: ${change}${limit}`;
}
