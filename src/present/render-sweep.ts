// A sweep as a table, markdown, CSV or JSON: one row a user count.
import { SERVICE_IDS } from "../core/facts.js";
import type { Sweep } from "../core/sweep.js";
import { gb, mdTable, num, usd } from "./format.js";

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

const HEAD = ["users", "DAU", "peak RPS", "instances", "cache node", "DB class", "storage", ...SERVICE_IDS, "total", "failing checks"];

function cells(r: Sweep["rows"][number]): string[] {
  return [
    num(r.users),
    num(r.dau),
    num(r.peakRps),
    `${num(r.instances)} × ${r.instanceType}`,
    r.cacheNode,
    r.dbClass,
    gb(r.storageGB),
    ...SERVICE_IDS.map((id) => (r.notInBook.includes(id) ? "not in guide" : r.services[id] === null ? "no price" : usd(r.services[id]!))),
    usd(r.totalMonthlyUSD) + (r.complete ? "" : " +"),
    r.failingChecks.join(" ") || "-",
  ];
}

const pricingLine = (s: SweepReport) =>
  `on ${s.pricing.book === "guide" ? "the guide's prices" : `AWS prices (${s.pricing.source} ${s.pricing.priceDate})`}, ${s.pricing.region}, ${s.pricing.term}`;

export async function renderSweepTable(s: SweepReport): Promise<string> {
  const { default: Table } = await import("cli-table3");
  const t = new Table({ head: HEAD, style: { head: [], border: [], compact: true } });
  t.push(...s.rows.map(cells));
  const lines = [`heirloom-plan sweep: profile ${s.profile.name}, ${pricingLine(s)}`, t.toString()];
  for (const step of s.steps.filter((x) => x.component !== "instances")) lines.push(`  at ${num(step.users)} users the ${step.component} steps up: ${step.from} → ${step.to}`);
  if (s.budget) {
    const { monthlyUSD, overFromUsers, cannotCheckFromUsers } = s.budget;
    if (overFromUsers !== null) lines.push(`  over the budget of ${usd(monthlyUSD)} from ${num(overFromUsers)} users`);
    if (cannotCheckFromUsers !== null && (overFromUsers === null || cannotCheckFromUsers < overFromUsers)) {
      lines.push(`  the budget of ${usd(monthlyUSD)} cannot be checked from ${num(cannotCheckFromUsers)} users: prices are missing`);
    }
    if (overFromUsers === null && cannotCheckFromUsers === null) lines.push(`  within the budget of ${usd(monthlyUSD)} at every point`);
  }
  if (s.rows.some((r) => !r.complete)) lines.push("  +: some services have no price; the total is a lower bound");
  return lines.join("\n") + "\n";
}

export function renderSweepMarkdown(s: SweepReport): string {
  const lines = [`## heirloom-plan sweep: profile ${s.profile.name}`, "", `Monthly cost ${pricingLine(s)}.`, "", mdTable(HEAD, s.rows.map(cells))];
  const steps = s.steps.filter((x) => x.component !== "instances");
  if (steps.length) lines.push("", ...steps.map((x) => `- at ${num(x.users)} users the ${x.component} steps up: ${x.from} → ${x.to}`));
  return lines.join("\n") + "\n";
}

export function renderSweepCsv(s: SweepReport): string {
  const head = ["users", "dau", "peakRps", "instances", "instanceType", "cacheNode", "dbClass", "storageGB", ...SERVICE_IDS.map((id) => `${id}MonthlyUSD`), "totalMonthlyUSD", "complete", "failingChecks"];
  const rows = s.rows.map((r) => [r.users, r.dau, r.peakRps, r.instances, r.instanceType, r.cacheNode, r.dbClass, r.storageGB, ...SERVICE_IDS.map((id) => r.services[id] ?? ""), r.totalMonthlyUSD, r.complete, r.failingChecks.join(" ")]);
  return [head, ...rows].map((r) => r.join(",")).join("\n") + "\n";
}
