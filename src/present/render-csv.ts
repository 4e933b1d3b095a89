// CSV in long form (section, id, metric, value, unit, note): one row a figure, for spreadsheets and pivots.
import { SERVICE_IDS } from "../core/facts.js";
import { checkMessage, gapMessage, serviceDetail } from "./messages.js";
import type { Report } from "../core/report.js";

const quote = (v: string | number) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Render a plan as CSV. Numbers are unrounded. */
export function renderCsv(report: Report): string {
  const rows: (string | number)[][] = [["section", "id", "metric", "value", "unit", "note"]];
  const c = report.capacity;
  const capacityUnits: Record<string, string> = {
    avgRps: "RPS",
    peakRps: "RPS",
    redisMemoryGB: "GB",
    storageGB: "GB",
    cdnTransferGB: "GB/month",
    dbPeakQps: "queries/s",
    dbWorkingSetGB: "GB",
    egressGB: "GB/month",
    albLcu: "LCU",
    logsGB: "GB/month",
    backendCpuShare: "share",
  };
  for (const [key, value] of Object.entries(c)) if (typeof value === "number") rows.push(["capacity", key, key, value, capacityUnits[key] ?? "", ""]);
  for (const book of ["guide", "aws"] as const) {
    const cost = report.costs[book];
    if (!cost) continue;
    for (const id of SERVICE_IDS) {
      const s = cost.services[id];
      rows.push([`cost.${book}`, id, "monthlyUSD", s.monthlyUSD ?? "", "USD", s.gap ? `no price: ${gapMessage(s.gap)}` : serviceDetail(s)]);
    }
    rows.push([`cost.${book}`, "total", "monthlyUSD", cost.totalMonthlyUSD, "USD", `${cost.source.origin} ${cost.source.asOf}${cost.complete ? "" : `; incomplete: ${cost.gaps.join(" ")}`}`]);
  }
  for (const check of report.checks) rows.push(["check", check.id, "level", check.level, "", checkMessage(check)]);
  const budget = report.summary.budget;
  if (budget) rows.push(["budget", "budget", "monthlyUSD", budget.monthlyUSD, "USD", budget.state]);
  return rows.map((r) => r.map(quote).join(",")).join("\n") + "\n";
}
