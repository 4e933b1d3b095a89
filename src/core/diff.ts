// Comparing two saved plan reports: per service and in total, what drove each change, and whether the
// change holds a limit (a side with a missing price cannot be compared: gates.ts). Pure.
import { SERVICE_IDS, type ServiceId } from "./facts.js";
import { diffState, type GateState, type IncreaseLimit } from "./gates.js";
import { SETTINGS, getPath } from "./profile/settings.js";
import type { DiffSide, SideCost } from "./report-document.js";

/** One thing that changed between the plans. */
export type Driver =
  | { kind: "users"; before: number; after: number }
  | { kind: "setting"; path: string; before: unknown; after: unknown }
  | { kind: "factor"; label: string; before: unknown; after: unknown }
  | { kind: "price"; service: ServiceId; before: string; after: string };

export interface ServiceDiff {
  before: number | null;
  after: number | null;
  diffUSD: number | null;
  percent: number | null;
  changed: boolean;
  drivers: Driver[];
}

export type DiffWarning =
  | { kind: "no-shared-book"; base: string; head: string }
  | { kind: "different-sources"; base: string; head: string }
  | { kind: "different-regions"; base: string; head: string }
  | { kind: "different-terms"; base: string; head: string }
  | { kind: "incomplete"; side: "base" | "head"; gaps: string[] }
  | { kind: "older-schema"; side: "base" | "head"; services: ServiceId[] };

export interface SideSummary {
  profile: string;
  users: number;
  source: string;
  region: string;
  term: string;
  priceDate: string;
  complete: boolean;
  gaps: string[];
}

export interface DiffResult {
  pricing: "aws" | "guide" | "total";
  base: SideSummary;
  head: SideSummary;
  pastTotalMonthlyCost: number;
  totalMonthlyCost: number;
  diffTotalMonthlyCost: number;
  percentChange: number | null;
  /** "within"/"over" only when both sides are complete (or the head's priced part alone is over). */
  comparable: boolean;
  services: Record<ServiceId, ServiceDiff>;
  drivers: Driver[];
  warnings: DiffWarning[];
  maxIncrease?: { limit: IncreaseLimit; limitUSD: number; state: GateState };
}

const pct = (before: number, after: number) => (before === 0 ? null : ((after - before) / before) * 100);

/** The book both reports share: AWS's where both have it, else the guide's; else only the totals compare. */
function sharedBook(base: DiffSide, head: DiffSide): "aws" | "guide" | "total" {
  if (base.costs.aws && head.costs.aws) return "aws";
  if (base.costs.guide && head.costs.guide) return "guide";
  return "total";
}

const primary = (s: DiffSide): SideCost | undefined => s.costs.aws ?? s.costs.guide;

function summary(s: DiffSide, cost: SideCost | undefined): SideSummary {
  const pricing = (s.assumptions.pricing ?? {}) as { region?: string; term?: string };
  return {
    profile: s.profile,
    users: s.users,
    source: cost?.source ?? "none",
    region: cost?.region ?? pricing.region ?? "",
    term: cost?.term ?? pricing.term ?? "",
    priceDate: cost?.priceDate ?? "",
    complete: cost?.complete ?? false,
    gaps: cost?.gaps ?? [],
  };
}

/** The quantities and components each service's cost follows. */
const COST_FACTORS: Record<ServiceId, [string, (s: DiffSide) => unknown][]> = {
  ec2: [["instances", (s) => s.stack.instances], ["instance type", (s) => s.stack.instanceType]],
  rds: [["class", (s) => s.stack.database.instanceClass], ["Multi-AZ", (s) => s.stack.database.multiAz], ["storage GB", (s) => s.stack.database.storageGB]],
  elasticache: [["node", (s) => s.stack.cache.nodeType], ["engine", (s) => s.stack.cache.engine ?? "redis"]],
  s3: [["storage GB", (s) => s.capacity.storageGB]],
  cloudfront: [["transfer GB", (s) => s.capacity.cdnTransferGB]],
  alb: [["LCU", (s) => s.stack.albLcu]],
  dataTransfer: [["egress GB", (s) => s.capacity.egressGB]],
  cloudwatch: [["logs GB", (s) => s.capacity.logsGB]],
};

/** Why one service's cost moved: its quantities, its component, its price. */
function serviceDrivers(id: ServiceId, base: DiffSide, head: DiffSide, bookBase?: SideCost, bookHead?: SideCost): Driver[] {
  const out: Driver[] = COST_FACTORS[id]
    .filter(([, get]) => get(base) !== undefined && get(head) !== undefined && get(base) !== get(head))
    .map(([label, get]) => ({ kind: "factor", label, before: get(base), after: get(head) }));
  const [pb, ph] = [bookBase?.services[id].prices, bookHead?.services[id].prices];
  if (pb && ph && pb !== ph) out.push({ kind: "price", service: id, before: pb, after: ph });
  return out;
}

/** Compare two reports; with a limit, say whether the change holds it. */
export function diffReports(base: DiffSide, head: DiffSide, limit?: IncreaseLimit): DiffResult {
  const pricing = sharedBook(base, head);
  const bookBase = pricing === "total" ? primary(base) : base.costs[pricing];
  const bookHead = pricing === "total" ? primary(head) : head.costs[pricing];
  const a = summary(base, bookBase);
  const b = summary(head, bookHead);
  const warnings: DiffWarning[] = [];
  if (pricing === "total") warnings.push({ kind: "no-shared-book", base: a.source, head: b.source });
  if (a.source !== b.source) warnings.push({ kind: "different-sources", base: `${a.source} ${a.priceDate}`.trim(), head: `${b.source} ${b.priceDate}`.trim() });
  if (a.region !== b.region) warnings.push({ kind: "different-regions", base: a.region, head: b.region });
  if (a.term !== b.term) warnings.push({ kind: "different-terms", base: a.term, head: b.term });
  if (!a.complete) warnings.push({ kind: "incomplete", side: "base", gaps: a.gaps });
  if (!b.complete) warnings.push({ kind: "incomplete", side: "head", gaps: b.gaps });
  for (const [side, s, c] of [["base", base, bookBase], ["head", head, bookHead]] as const) {
    const missing = SERVICE_IDS.filter((id) => c && !c.services[id].priced);
    if (s.schemaVersion === 1 && missing.length) warnings.push({ kind: "older-schema", side, services: missing });
  }

  const services = Object.fromEntries(
    SERVICE_IDS.map((id) => {
      const before = bookBase?.services[id].monthlyUSD ?? null;
      const after = bookHead?.services[id].monthlyUSD ?? null;
      const diffUSD = before !== null && after !== null ? after - before : null;
      const changed = before !== after;
      return [id, { before, after, diffUSD, percent: before !== null && after !== null ? pct(before, after) : null, changed, drivers: serviceDrivers(id, base, head, bookBase, bookHead) }];
    }),
  ) as Record<ServiceId, ServiceDiff>;

  const drivers: Driver[] = [];
  if (base.users !== head.users) drivers.push({ kind: "users", before: base.users, after: head.users });
  for (const s of SETTINGS) {
    if (s.path === "users") continue;
    const [x, y] = [getPath(base.assumptions, s.path), getPath(head.assumptions, s.path)];
    if (x !== undefined && y !== undefined && JSON.stringify(x) !== JSON.stringify(y)) drivers.push({ kind: "setting", path: s.path, before: x, after: y });
  }

  const past = bookBase?.totalMonthlyUSD ?? 0;
  const now = bookHead?.totalMonthlyUSD ?? 0;
  const comparable = a.complete && b.complete;
  const result: DiffResult = {
    pricing,
    base: a,
    head: b,
    pastTotalMonthlyCost: past,
    totalMonthlyCost: now,
    diffTotalMonthlyCost: now - past,
    percentChange: pct(past, now),
    comparable,
    services,
    drivers,
    warnings,
  };
  if (limit) {
    const limitUSD = "usd" in limit ? limit.usd : (past * limit.percent) / 100;
    result.maxIncrease = { limit, limitUSD, state: diffState({ totalMonthlyUSD: past, complete: a.complete }, { totalMonthlyUSD: now, complete: b.complete }, limit) };
  }
  return result;
}
