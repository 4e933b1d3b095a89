// A cost diff as a terminal table, a PR comment (markdown), CSV or JSON. The verdict comes first;
// then the totals before -> after; then only the services that changed, with what drove them.
import type { DiffResult, DiffWarning, Driver } from "../core/diff.js";
import { SERVICE_IDS, type ServiceId } from "../core/facts.js";
import type { GateState, IncreaseLimit } from "../core/gates.js";
import { csvRows, csvUSD, mdCell, mdTable, num, signedUSD, usd } from "./format.js";
import { alignColumnsToWidth, wrap } from "./terminal.js";
import { SERVICE_NAMES } from "./messages.js";

/** The hidden marker a CI step looks for to update its own comment in place. */
export const DIFF_MARKER = "<!-- heirloom-plan:diff -->";

/** A report without a base (the PR that first adds the profile): its total, and a dollar limit held against it. */
export interface NewReport {
  profile: string;
  book: string;
  totalUSD: number;
  complete: boolean;
  gaps: string[];
  services: Partial<Record<ServiceId, number | null>>;
  limit?: { limit: IncreaseLimit; limitUSD: number; state: GateState };
}

export interface DiffView {
  /** null: no base report; see `added`. */
  diff: DiffResult | null;
  added?: NewReport;
  labels: { base: string; head: string };
  files: { base: string; head: string };
}

/**
 * The verdict: "within"/"over" a --max-increase limit; "cannot-check" where a side lacks prices (never a saving,
 * never a pass); "new" where there is no base; "none" where no limit was given and both sides are priced.
 */
export type DiffVerdict = GateState | "new" | "none";

export function diffVerdict(v: DiffView): DiffVerdict {
  if (!v.diff) return v.added?.limit && v.added.limit.state !== "within" ? v.added.limit.state : "new";
  return v.diff.maxIncrease?.state ?? (v.diff.comparable ? "none" : "cannot-check");
}

const show = (v: unknown) => (typeof v === "number" ? num(v, 4) : String(v));

/** What drove a change, in words. */
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

/** A warning about what is compared, in words. */
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

const EPS = 0.005;
const money = (n: number | null | undefined) => (n === null || n === undefined ? "no price" : usd(n));
const limitWords = (l: { limit: IncreaseLimit; limitUSD: number }) => `+${usd(l.limitUSD)} (${"percent" in l.limit ? `${l.limit.percent}%` : usd(l.limit.usd)})`;

/** "base → head", with the profile's name where both sides are the same profile and the labels do not say it. */
function sidesText(v: DiffView): string {
  const d = v.diff;
  const arrow = `${v.labels.base} → ${v.labels.head}`;
  return d && d.base.profile === d.head.profile && !arrow.includes(d.head.profile) ? `${d.head.profile}: ${arrow}` : arrow;
}

/** The services whose cost changed (or whose price appeared or went missing). */
export function changedServices(d: DiffResult): ServiceId[] {
  return (SERVICE_IDS as readonly ServiceId[]).filter((id) => {
    const s = d.services[id];
    if ((s.before === null) !== (s.after === null)) return true;
    return s.diffUSD !== null && Math.abs(s.diffUSD) >= EPS;
  });
}

/** A side's total: "at least $X" where it lacks prices (its total is a lower bound). */
const sideTotal = (complete: boolean, value: number) => `${complete ? "" : "at least "}${usd(value)}`;

/** The verdict as one line, without an icon. */
export function verdictLine(v: DiffView): string {
  const d = v.diff;
  if (!d) {
    const a = v.added!;
    const total = `${sideTotal(a.complete, a.totalUSD)} a month`;
    const gate = a.limit?.state === "over" ? `: over the limit of ${limitWords(a.limit)}` : a.limit?.state === "cannot-check" ? `: cannot check the limit of ${limitWords(a.limit)} (no price for ${a.gaps.join(", ")})` : "";
    return `New: ${v.labels.head} costs ${total} on ${a.book} (no base report)${gate}`;
  }
  const before = sideTotal(d.base.complete, d.pastTotalMonthlyCost);
  const after = sideTotal(d.head.complete, d.totalMonthlyCost);
  const state = diffVerdict(v);
  if (state === "cannot-check") {
    const missing = [...(d.base.complete ? [] : [`the base lacks prices for ${d.base.gaps.join(", ")}`]), ...(d.head.complete ? [] : [`the head lacks prices for ${d.head.gaps.join(", ")}`])].join("; ");
    return `Monthly cost ${before} → ${after}: cannot compare (${missing})${d.maxIncrease ? `; limit ${limitWords(d.maxIncrease)}: cannot check` : ""}`;
  }
  const change = signedUSD(d.diffTotalMonthlyCost, d.percentChange);
  const limit = d.maxIncrease ? `; limit ${limitWords(d.maxIncrease)}: ${d.maxIncrease.state === "within" ? "within it" : "EXCEEDED"}` : "";
  return `Monthly cost ${before} → ${after}: ${change}${limit}`;
}

const ICONS: Record<DiffVerdict, string> = { within: "✅", over: "❌", "cannot-check": "⚠️", new: "🆕", none: "" };

function isNoChange(v: DiffView): boolean {
  const d = v.diff;
  return d !== null && d.comparable && Math.abs(d.diffTotalMonthlyCost) < EPS && changedServices(d).length === 0;
}

/** Rows of [service, before, after, change, why] for the changed services only (every priced one for a new report). */
function rows(v: DiffView): string[][] {
  const d = v.diff;
  if (!d) {
    // On a complete book a service without a figure is one the book does not price (the guide's data transfer, logs).
    const a = v.added!;
    return (Object.entries(a.services) as [ServiceId, number | null][]).filter(([, after]) => after !== null || !a.complete).map(([id, after]) => [SERVICE_NAMES[id] ?? id, "", money(after), "new", ""]);
  }
  return changedServices(d).map((id) => {
    const s = d.services[id];
    return [SERVICE_NAMES[id], money(s.before), money(s.after), s.diffUSD === null ? "" : signedUSD(s.diffUSD, s.percent), s.drivers.map(driverText).join("; ")];
  });
}

/** The PR comment: marker, verdict, totals, changed services, drivers, warnings. */
export function renderDiffMarkdown(v: DiffView): string {
  const d = v.diff;
  const icon = ICONS[diffVerdict(v)];
  const lead = (s: string) => (icon ? `${icon} ${s}` : s);
  const within = d?.maxIncrease ? `, within the limit of ${limitWords(d.maxIncrease)}` : "";
  if (isNoChange(v)) return `${DIFF_MARKER}\n${lead(`**No cost change**: ${usd(d!.totalMonthlyCost)} a month (${mdCell(sidesText(v))})${within}.`)}\n`;
  const out = [DIFF_MARKER, `### ${lead(mdCell(verdictLine(v)))}`, ""];
  if (d) {
    const on = d.pricing === "total" ? "each report's own prices" : `${d.pricing === "aws" ? "AWS" : "the guide's"} prices`;
    out.push(`**${sideTotal(d.base.complete, d.pastTotalMonthlyCost)} → ${sideTotal(d.head.complete, d.totalMonthlyCost)}** a month (${mdCell(sidesText(v))}), on ${on}.`, "");
  }
  const body = rows(v);
  if (body.length) out.push(mdTable(["Service", d ? v.labels.base : "", v.labels.head, "Change", "Why"], body), "");
  else if (d) out.push("No service's cost changed.", "");
  if (d?.drivers.length) out.push(`Changed: ${mdCell(d.drivers.map(driverText).join("; "))}`, "");
  for (const w of d?.warnings ?? []) out.push(`> ⚠️ ${mdCell(warningText(w, d!))}`);
  if (d?.warnings.length) out.push("");
  return out.join("\n");
}

/** The diff for a terminal: the verdict line first, then the changed services, in `width` columns. */
export function renderDiffTable(v: DiffView, width = 80): string {
  const d = v.diff;
  if (isNoChange(v)) return `No cost change: ${usd(d!.totalMonthlyCost)} a month (${sidesText(v)})${d!.maxIncrease ? `; limit ${limitWords(d!.maxIncrease)}: within it` : ""}\n`;
  const out = [verdictLine(v)];
  const body = rows(v);
  const total = d ? [["Total per month", sideTotal(d.base.complete, d.pastTotalMonthlyCost), sideTotal(d.head.complete, d.totalMonthlyCost), d.comparable ? signedUSD(d.diffTotalMonthlyCost, d.percentChange) : "cannot compare", ""]] : [];
  if (body.length || total.length) out.push("", ...alignColumnsToWidth([["service", d ? v.labels.base : "", v.labels.head, "change", "why"], ...body, ...total], width, [1, 2, 4]));
  if (d?.drivers.length) out.push("", ...wrap(`changed: ${d.drivers.map(driverText).join("; ")}`, width, "  "));
  for (const w of d?.warnings ?? []) out.push(...wrap(`warning: ${warningText(w, d!)}`, width, "  "));
  // The verdict stays one line, whatever its length: CI logs and scripts read it whole.
  return out.join("\n") + "\n";
}

/** Every service, before and after, to the cent. */
export function renderDiffCsv(v: DiffView): string {
  const d = v.diff;
  const out: (string | number)[][] = [["service", "beforeMonthlyUSD", "afterMonthlyUSD", "diffMonthlyUSD", "drivers"]];
  if (!d) {
    for (const [id, after] of Object.entries(v.added!.services)) out.push([id, "", csvUSD(after), "", "new"]);
    out.push(["total", "", csvUSD(v.added!.totalUSD), "", "new"]);
    return csvRows(out);
  }
  for (const id of SERVICE_IDS) {
    const s = d.services[id];
    out.push([id, csvUSD(s.before), csvUSD(s.after), csvUSD(s.diffUSD), s.drivers.map(driverText).join("; ")]);
  }
  out.push(["total", csvUSD(d.pastTotalMonthlyCost), csvUSD(d.totalMonthlyCost), d.comparable ? csvUSD(d.diffTotalMonthlyCost) : "", d.drivers.map(driverText).join("; ")]);
  return csvRows(out);
}

/** The diff as JSON: Infracost's total names, the verdict, the labels; numbers unrounded. */
export function renderDiffJson(v: DiffView): string {
  const d = v.diff;
  const verdict = diffVerdict(v);
  if (!d) {
    const a = v.added!;
    const doc = { schemaVersion: 2, kind: "diff", verdict, labels: v.labels, headline: verdictLine(v), base: null, head: { file: v.files.head, profile: a.profile, complete: a.complete, gaps: a.gaps }, pastTotalMonthlyCost: 0, totalMonthlyCost: a.totalUSD, diffTotalMonthlyCost: a.complete ? a.totalUSD : null, ...(a.limit ? { maxIncrease: a.limit } : {}) };
    return JSON.stringify(doc, null, 2) + "\n";
  }
  const doc = {
    schemaVersion: 2,
    kind: "diff",
    verdict,
    labels: v.labels,
    ...d,
    base: { file: v.files.base, ...d.base },
    head: { file: v.files.head, ...d.head },
    diffTotalMonthlyCost: d.comparable ? d.diffTotalMonthlyCost : null,
    headline: verdictLine(v),
    drivers: d.drivers.map((x) => ({ ...x, text: driverText(x) })),
    warnings: d.warnings.map((w) => ({ ...w, text: warningText(w, d) })),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
