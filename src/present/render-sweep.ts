// A sweep as a table, markdown, CSV or JSON: one row a user count. The default table is narrow
// (users, what the stack changed to, total, budget, failing checks); --details adds every service.
// Linear in the rows: each row is formatted once, the columns aligned in one pass.
import { SERVICE_IDS, type ServiceId } from "../core/facts.js";
import type { Sweep } from "../core/sweep.js";
import { stackText, type BudgetState } from "./answer.js";
import { alignColumns, csvRows, csvUSD, gb, mdTable, num, usd } from "./format.js";
import { SERVICE_NAMES } from "./messages.js";
import { alignColumnsToWidth, displayWidth, wrap } from "./terminal.js";

export interface SweepReport {
  schemaVersion: 2;
  kind: "sweep";
  generator: { name: "heirloom-plan"; version: string };
  profile: { name: string; source: string };
  pricing: { book: "guide" | "aws"; source: string; region: string; term: string; priceDate: string };
  /** The first user count whose total (or its priced lower bound) is over the budget; the first that cannot be checked. */
  budget?: Sweep["budget"];
  rows: Sweep["rows"];
  steps: Sweep["steps"];
}

type Row = Sweep["rows"][number];

export interface SweepRenderOptions {
  details?: boolean;
  width?: number;
}

const BUDGET_WORDS: Record<BudgetState, string> = { within: "within", over: "OVER", "cannot-check": "cannot check" };

/** What changed in the stack since the row before: "4 instances, cache.m5.large". The first row: the whole stack. */
function stackChanges(rows: readonly Row[]): string[] {
  return rows.map((r, i) => {
    if (i === 0) return stackText({ instances: r.instances, instanceType: r.instanceType, dbClass: r.dbClass, cacheNode: r.cacheNode });
    const p = rows[i - 1];
    const parts: string[] = [];
    if (p.instances !== r.instances || p.instanceType !== r.instanceType) parts.push(`${num(r.instances)} × ${r.instanceType}`);
    if (p.dbClass !== r.dbClass) parts.push(r.dbClass);
    if (p.cacheNode !== r.cacheNode) parts.push(r.cacheNode);
    return parts.join(", ");
  });
}

const totalCell = (r: Row) => (r.complete ? usd(r.totalMonthlyUSD) : `≥ ${usd(r.totalMonthlyUSD)}`);
const serviceCell = (r: Row, id: ServiceId) => (r.notInBook.includes(id) ? "not in guide" : r.services[id] === null ? "no price" : usd(r.services[id]!));

function presentServices(rows: readonly Row[]): ServiceId[] {
  return (SERVICE_IDS as readonly ServiceId[]).filter((id) => rows.some((r) => id in r.services && !r.notInBook.includes(id)));
}

function table(s: SweepReport, details: boolean): string[][] {
  const rows = s.rows as Row[];
  const changes = stackChanges(rows);
  const budget = s.budget?.monthlyUSD;
  const withChecks = true;
  const services = details ? presentServices(rows) : [];
  const head = [
    "users",
    "stack (changes)",
    ...(details ? ["DAU", "peak RPS", "storage", ...services] : []),
    "total",
    ...(budget !== undefined ? ["budget"] : []),
    ...(withChecks ? ["failing checks"] : []),
  ];
  const body = rows.map((r, i) => [
    num(r.users),
    changes[i],
    ...(details ? [num(r.dau), num(r.peakRps), gb(r.storageGB), ...services.map((id) => serviceCell(r, id))] : []),
    totalCell(r),
    ...(budget !== undefined ? [r.budget ? BUDGET_WORDS[r.budget] : ""] : []),
    ...(withChecks ? [(r.failingChecks ?? []).join(", ") || "none"] : []),
  ]);
  return [head, ...body];
}

const pricingLine = (s: SweepReport) =>
  `on ${s.pricing.book === "guide" ? "the guide's prices" : `AWS prices (${s.pricing.source} ${s.pricing.priceDate})`}, ${s.pricing.region}, ${s.pricing.term}`;

function budgetLine(s: SweepReport): string | undefined {
  if (!s.budget) return undefined;
  const { monthlyUSD, overFromUsers, cannotCheckFromUsers } = s.budget;
  const parts: string[] = [];
  if (overFromUsers !== null) parts.push(`over ${usd(monthlyUSD)} from ${num(overFromUsers)} users`);
  if (cannotCheckFromUsers !== null) parts.push(`cannot be checked from ${num(cannotCheckFromUsers)} users (prices are missing)`);
  return parts.length ? `Budget: ${parts.join("; ")}` : `Budget: within ${usd(monthlyUSD)} at every point`;
}

/** The closing lines: where the budget breaks, and what "≥" means. */
function footer(s: SweepReport): string[] {
  const lines: string[] = [];
  const b = budgetLine(s);
  if (b) lines.push(b);
  if (s.rows.some((r) => !r.complete)) lines.push("≥: some services have no price; the total is a lower bound");
  return lines;
}

/** The sweep for a terminal: aligned columns (no box: a long sweep stays greppable and linear to draw). */
export function renderSweepTable(s: SweepReport, opts: SweepRenderOptions = {}): string {
  const width = opts.width ?? 80;
  const lines = [...wrap(`heirloom-plan sweep: profile ${s.profile.name}, ${pricingLine(s)}`, width), ""];
  const t = table(s, Boolean(opts.details));
  const aligned = alignColumnsToWidth(t, width, opts.details ? [1] : [1, t[0].length - 1]);
  lines.push(aligned[0], "-".repeat(Math.min(width, displayWidth(aligned[0]))), ...aligned.slice(1), "");
  if (!opts.details) lines.push("Per service: --details, --format csv or --format json.");
  lines.push(...footer(s).flatMap((l) => wrap(l, width)));
  return lines.join("\n") + "\n";
}

export function renderSweepMarkdown(s: SweepReport, opts: SweepRenderOptions = {}): string {
  const [head, ...body] = table(s, Boolean(opts.details));
  const lines = [`## heirloom-plan sweep: profile ${s.profile.name}`, "", `Monthly cost ${pricingLine(s)}.`, "", ...footer(s).map((l) => `${l}  `), "", mdTable(head, body)];
  const steps = s.steps.filter((x) => x.component !== "instances");
  if (steps.length) lines.push("", ...steps.map((x) => `- at ${num(x.users)} users the ${x.component} steps up: ${x.from} → ${x.to}`));
  return lines.join("\n") + "\n";
}

/** Every figure of every row; money to the cent. */
export function renderSweepCsv(s: SweepReport): string {
  const services = presentServices(s.rows as Row[]);
  const head = ["users", "dau", "peakRps", "instances", "instanceType", "cacheNode", "dbClass", "storageGB", ...services.map((id) => `${id}MonthlyUSD`), "totalMonthlyUSD", "complete", ...(s.budget ? ["budget"] : []), "failingChecks"];
  const rows = (s.rows as Row[]).map((r) => [
    r.users,
    r.dau,
    r.peakRps,
    r.instances,
    r.instanceType,
    r.cacheNode,
    r.dbClass,
    r.storageGB,
    ...services.map((id) => csvUSD(r.services[id])),
    csvUSD(r.totalMonthlyUSD),
    r.complete,
    ...(s.budget ? [r.budget ?? ""] : []),
    r.failingChecks.join(" "),
  ]);
  return csvRows([head, ...rows]);
}

export function renderSweepJson(s: SweepReport): string {
  return JSON.stringify(s, null, 2) + "\n";
}

/** The services' names, for the chart's legend. */
export { SERVICE_NAMES };
