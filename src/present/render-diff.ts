// A cost diff as a table, markdown (the PR comment), CSV or JSON.
import type { DiffResult, DiffWarning, Driver } from "../core/diff.js";
import { SERVICE_IDS } from "../core/facts.js";
import { alignColumns, mdTable, num, usd } from "./format.js";
import { SERVICE_NAMES } from "./messages.js";

const show = (v: unknown) => (typeof v === "number" ? num(v, 4) : String(v));

export function driverText(d: Driver): string {
  switch (d.kind) {
    case "users":
      return `users ${num(d.before)} → ${num(d.after)}`;
    case "setting":
      return `${d.path} ${show(d.before)} → ${show(d.after)}`;
    case "factor":
      return `${d.label} ${show(d.before)} → ${show(d.after)}`;
    case "price":
      return `${d.service} price ${d.before} → ${d.after}`;
  }
}

export function warningText(w: DiffWarning, d: DiffResult): string {
  switch (w.kind) {
    case "no-shared-book":
      return `the reports share no price book (${w.base} against ${w.head}): only their totals are compared`;
    case "different-sources":
      return `prices from different sources: ${w.base} against ${w.head}`;
    case "different-regions":
      return `different regions: ${w.base} against ${w.head}`;
    case "different-terms":
      return `different terms: ${w.base} against ${w.head}`;
    case "incomplete":
      return `the ${w.side} (${w.side === "base" ? d.base.profile : d.head.profile}) lacks prices for ${w.gaps.join(", ")}: its total is a lower bound`;
    case "older-schema":
      return `the ${w.side} is a schemaVersion 1 report: it has no ${w.services.join(", ")} (new in version 2)`;
  }
}

const money = (n: number | null) => (n === null ? "no price" : usd(n));
export const signedUSD = (n: number) => `${n >= 0 ? "+" : "-"}${usd(Math.abs(n))}`;
const signed = (n: number | null, p: number | null) => (n === null ? "" : `${signedUSD(n)}${p === null ? "" : ` (${p >= 0 ? "+" : ""}${p.toFixed(1)}%)`}`);

/** One line for the verdict. */
export function diffHeadline(d: DiffResult): string {
  const change = d.comparable ? signed(d.diffTotalMonthlyCost, d.percentChange) : "cannot compare: a price is missing";
  const before = `${d.base.complete ? "" : "at least "}${usd(d.pastTotalMonthlyCost)}`;
  const after = `${d.head.complete ? "" : "at least "}${usd(d.totalMonthlyCost)}`;
  let limit = "";
  if (d.maxIncrease) {
    const verdict = { within: "within it", over: "EXCEEDED", "cannot-check": "cannot check" }[d.maxIncrease.state];
    const text = "percent" in d.maxIncrease.limit ? `${d.maxIncrease.limit.percent}%` : usd(d.maxIncrease.limit.usd);
    limit = `; limit +${usd(d.maxIncrease.limitUSD)} (${text}): ${verdict}`;
  }
  return `Monthly cost ${before} → ${after}: ${change}${limit}`;
}

export function renderDiffText(d: DiffResult, markdown: boolean): string {
  const rows = SERVICE_IDS.map((id) => {
    const s = d.services[id];
    return [SERVICE_NAMES[id], money(s.before), money(s.after), signed(s.diffUSD, s.percent), s.drivers.map(driverText).join("; ")];
  });
  rows.push(["Total per month", usd(d.pastTotalMonthlyCost), usd(d.totalMonthlyCost), d.comparable ? signed(d.diffTotalMonthlyCost, d.percentChange) : "cannot compare", d.drivers.map(driverText).join("; ")]);
  const head = ["service", `before (${d.base.profile})`, `after (${d.head.profile})`, "change", "why"];
  const warnings = d.warnings.map((w) => warningText(w, d));
  if (markdown) {
    const state = d.maxIncrease?.state ?? (d.comparable ? undefined : "cannot-check");
    const icon = state === "within" ? "✅ " : state === "over" ? "❌ " : state === "cannot-check" ? "⚠️ " : "";
    return [
      `## heirloom-plan cost diff`,
      "",
      `${icon}**${diffHeadline(d)}** on ${d.pricing === "total" ? "each report's own prices" : `${d.pricing === "aws" ? "AWS" : "the guide's"} prices`}.`,
      "",
      mdTable(head, rows.map((r, i) => (i === rows.length - 1 ? [`**${r[0]}**`, ...r.slice(1)] : r))),
      ...(warnings.length ? ["", ...warnings.map((w) => `> ⚠️ ${w}`)] : []),
      "",
    ].join("\n");
  }
  return [diffHeadline(d), "", ...alignColumns([head, ...rows]), ...warnings.map((w) => `warning: ${w}`)].join("\n") + "\n";
}

export function renderDiffCsv(d: DiffResult): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const cents = (n: number | null) => (n === null ? "" : n.toFixed(2));
  const rows = SERVICE_IDS.map((id) => [id, cents(d.services[id].before), cents(d.services[id].after), cents(d.services[id].diffUSD), q(d.services[id].drivers.map(driverText).join("; "))]);
  rows.push(["total", cents(d.pastTotalMonthlyCost), cents(d.totalMonthlyCost), d.comparable ? cents(d.diffTotalMonthlyCost) : "", q(d.drivers.map(driverText).join("; "))]);
  return [["service", "beforeMonthlyUSD", "afterMonthlyUSD", "diffMonthlyUSD", "drivers"], ...rows].map((r) => r.join(",")).join("\n") + "\n";
}

export function renderDiffJson(d: DiffResult, files: { base: string; head: string }): string {
  const doc = {
    schemaVersion: 2,
    kind: "diff",
    ...d,
    base: { file: files.base, ...d.base },
    head: { file: files.head, ...d.head },
    diffTotalMonthlyCost: d.comparable ? d.diffTotalMonthlyCost : null,
    headline: diffHeadline(d),
    drivers: d.drivers.map((x) => ({ ...x, text: driverText(x) })),
    warnings: d.warnings.map((w) => ({ ...w, text: warningText(w, d) })),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
