// A plan report as a terminal table, markdown, CSV or JSON. The answer comes first in every format;
// in the table it also closes the output, so it is what stays on screen.
import type { Report } from "../core/report.js";
import { answerBlockLines, answerLines } from "./answer.js";
import { csvRows, csvUSD, mdCell, mdTable, usd } from "./format.js";
import { differenceCell, moneyCell, planView, type PlanView } from "./plan-view.js";
import { boxTable, displayWidth, hanging, loadTable, wrap } from "./terminal.js";

import { PLAN_SECTIONS, type PlanSection } from "./plan-sections.js";

export { PLAN_SECTIONS, type PlanSection };

export interface PlanRenderOptions {
  color: boolean;
  /** Columns to lay the table out in (see terminalWidth()). */
  width: number;
  /** Sections to show; undefined: the default view. */
  show?: readonly PlanSection[];
  /** Every section, and every check (not only those that are not ok). */
  details?: boolean;
}

interface Selection {
  sections: Set<PlanSection>;
  allChecks: boolean;
}

function select(view: PlanView, opts: Pick<PlanRenderOptions, "show" | "details">): Selection {
  if (opts.details) return { sections: new Set(PLAN_SECTIONS), allChecks: true };
  if (opts.show?.length) return { sections: new Set(opts.show), allChecks: opts.show.includes("checks") };
  const sections = new Set<PlanSection>(["capacity", "costs", "checks"]);
  if (view.reconciliationByDefault) sections.add("reconciliation");
  return { sections, allChecks: false };
}

/** Colours, or none: chalk is loaded only when colour is on. */
interface Paint {
  bold: (s: string) => string;
  dim: (s: string) => string;
  green: (s: string) => string;
  yellow: (s: string) => string;
  red: (s: string) => string;
}

const plain = (s: string) => s;
const NO_PAINT: Paint = { bold: plain, dim: plain, green: plain, yellow: plain, red: plain };

async function paint(color: boolean): Promise<Paint> {
  if (!color) return NO_PAINT;
  const { Chalk } = await import("chalk");
  const c = new Chalk({ level: 1 });
  // One argument each: chalk joins extra arguments, and these are passed to Array#map.
  return { bold: (s) => c.bold(s), dim: (s) => c.dim(s), green: (s) => c.green(s), yellow: (s) => c.yellow(s), red: (s) => c.red(s) };
}

/** The answer's lines for a terminal, wrapped to the width, at most five. */
function answerBlock(view: PlanView, width: number, p: Paint): string[] {
  const tone = { plain, ok: p.green, bad: p.red, unsure: p.yellow };
  return answerBlockLines(view.answer, width, (label, text, t) => p.bold(label) + tone[t](text), (text, t) => tone[t](text));
}

const LEVEL_MARK = { ok: "ok  ", warn: "warn", fail: "FAIL" } as const;

/** Render a plan as terminal text that fits `width` columns. */
export async function renderPlanTable(report: Report, opts: PlanRenderOptions): Promise<string> {
  const view = planView(report);
  const [p] = await Promise.all([paint(opts.color), loadTable()]);
  const { width } = opts;
  const { sections, allChecks } = select(view, opts);
  const answer = answerBlock(view, width, p);
  const out: string[] = [...answer, ""];
  const section = (title: string) => out.push(p.bold(title));

  if (sections.has("assumptions")) {
    section("Assumptions");
    out.push(boxTable(["setting", "value", "set by", "basis"], view.assumptions, { width, wrap: [3], styleHead: p.bold }), "");
  }
  if (sections.has("capacity")) {
    section("Capacity");
    // Two figures a row where they fit side by side: half the height on screen.
    const half = Math.ceil(view.capacity.length / 2);
    const paired = view.capacity.slice(0, half).map((row, i) => [...row, ...(view.capacity[half + i] ?? ["", ""])]);
    const fits = paired.every((r) => r.reduce((a, c) => a + displayWidth(c), 0) + 13 <= width) && Math.max(...paired.map((r) => displayWidth(r[0]) + displayWidth(r[1]) + displayWidth(r[2]) + displayWidth(r[3]))) + 13 <= width;
    out.push(fits ? boxTable(["figure", "value", "figure", "value"], paired, { width, styleHead: p.bold }) : boxTable(["figure", "value"], view.capacity, { width, styleHead: p.bold }), "");
  }
  if (sections.has("sizing") && view.sizing.length) {
    section("Sizing");
    out.push(boxTable(["component", "choice", "why"], view.sizing.map((s) => [s.component, s.choice, s.reason]), { width, wrap: [2, 1], styleHead: p.bold }), "");
  }
  if (sections.has("costs")) out.push(...costSection(view, width, p), "");
  if (sections.has("checks")) out.push(...checkSection(view, width, p, allChecks), "");
  if (sections.has("reconciliation") && view.reconciliation.length) {
    section("The guide, reconciled (its stated figures against its own assumptions, 1M users)");
    // The verdicts' reasons are long: numbered notes under the table.
    const notes: string[] = [];
    const rows = view.reconciliation.map(([figure, stated, derived, verdict]) => {
      if (verdict === "follows") return [figure, stated, derived, "yes"];
      notes.push(verdict.replace(/^does not follow: /, ""));
      return [figure, stated, derived, `no [${notes.length}]`];
    });
    out.push(boxTable(["figure", "guide states", "its assumptions give", "follows"], rows, { width, wrap: [0, 2, 1, 3], styleHead: p.bold }));
    notes.forEach((n, i) => out.push(...hanging(`[${i + 1}] `, n, width)));
    out.push("");
  }
  const hidden = PLAN_SECTIONS.filter((s) => !sections.has(s) && (s !== "sizing" || view.sizing.length) && (s !== "reconciliation" || view.reconciliation.length));
  if (hidden.length) out.push(p.dim(wrap(`More: --show ${hidden.join(",")} or --details.`, width).join("\n")), "");
  out.push(...answer);
  return out.join("\n") + "\n";
}

function costSection(view: PlanView, width: number, p: Paint): string[] {
  const both = view.books.length === 2;
  const head = ["service", ...view.books.map((b) => b.label), ...(both ? ["difference"] : [])];
  const rows = view.services.map((s) => [s.name, ...view.books.map((b) => moneyCell(s.cost[b.id])), ...(both ? [differenceCell(s.cost.guide?.usd, s.cost.aws?.usd)] : [])]);
  const totals = ["Total per month", ...view.books.map((b) => `${usd(b.totalUSD)}${b.complete ? "" : " + gaps"}`)];
  if (both) {
    const [g, a] = view.books;
    totals.push(g.complete && a.complete ? differenceCell(g.totalUSD, a.totalUSD) : "");
  }
  // "what" goes in the table where the terminal leaves it room; otherwise, and for long ones, in notes under it.
  const fixed = head.map((h, i) => Math.max(...[h.length > 12 ? 12 : h.length, ...[...rows, totals].map((r) => displayWidth(r[i]))])).reduce((a, b) => a + 3 + b, 1);
  const room = width - fixed - 3;
  const descriptions = view.services.map((s) => [s.description, ...s.notes].filter(Boolean).join("; "));
  const notes: string[] = [];
  const inline = room >= 40;
  const what = descriptions.map((d) => {
    if (!d) return "";
    if (inline && displayWidth(d) <= room * 2) return d;
    notes.push(d);
    return `[${notes.length}]`;
  });
  const body = inline ? rows.map((r, i) => [...r, what[i]]) : rows.map((r, i) => [what[i] ? `${r[0]} ${what[i]}` : r[0], ...r.slice(1)]);
  const total = inline ? [...totals, view.books.some((b) => !b.complete) ? "incomplete: lower bound" : ""] : totals;
  const headAll = inline ? [...head, "what"] : head;
  const table = boxTable(headAll, [...body, total], {
    width,
    // The difference wraps before a price does; a price column's head wraps before its figures.
    wrap: [...(inline ? [headAll.length - 1] : []), ...(both ? [view.books.length + 1] : []), ...view.books.map((_, i) => i + 1)],
    minWrapWidth: 10,
    styleHead: p.bold,
    styleCell: (text, row, col) => (row === body.length && col === 0 ? p.bold(text) : /no price|gaps/.test(text) ? p.yellow(text) : text),
  });
  const out = [p.bold("Monthly cost (USD)"), table];
  notes.forEach((n, i) => out.push(...hanging(`[${i + 1}] `, n, width)));
  for (const b of view.books) for (const note of b.notes) out.push(...hanging("  ", note, width).map(p.dim));
  if (view.notIncluded.length) out.push(...hanging("  ", `Not included: ${view.notIncluded.join(", ")}.`, width).map(p.dim));
  if (view.gapHint) out.push(...hanging("  ", view.gapHint, width).map(p.yellow));
  return out;
}

function checkSection(view: PlanView, width: number, p: Paint, all: boolean): string[] {
  const shown = all ? view.checks : view.checks.filter((c) => c.level !== "ok");
  const ok = view.checks.length - view.checks.filter((c) => c.level !== "ok").length;
  const title = all ? "Checks" : ok === view.checks.length ? `Checks: all ${ok} ok (--show checks lists them)` : `Checks (${ok} ok; --show checks lists them)`;
  const out = [p.bold(title)];
  const mark = { ok: p.green(LEVEL_MARK.ok), warn: p.yellow(LEVEL_MARK.warn), fail: p.red(LEVEL_MARK.fail) };
  for (const c of shown) {
    // The first line after "  warn id: ", the rest under the message's start or 7 columns in, whichever is nearer.
    const prefix = `  ${LEVEL_MARK[c.level]} ${c.id}: `;
    const indent = " ".repeat(Math.min(prefix.length, 7));
    const [first, ...rest] = wrap(c.message, width - prefix.length);
    const tail = rest.length ? wrap(rest.join(" "), width - indent.length).map((l) => indent + l) : [];
    out.push(`  ${mark[c.level]} ${c.id}: ${first}`, ...tail);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

const ICON = { ok: "✅", warn: "⚠️", fail: "❌" } as const;

/** Render a plan as GitHub-flavoured markdown (a PR comment or $GITHUB_STEP_SUMMARY). */
export function renderPlanMarkdown(report: Report, opts: Pick<PlanRenderOptions, "show" | "details"> = {}): string {
  const view = planView(report);
  const { sections, allChecks } = select(view, opts);
  const icon = { plain: "", ok: "✅ ", bad: "❌ ", unsure: "⚠️ " };
  const out: string[] = [`## ${mdCell(view.heading)}`, ""];
  out.push(...answerLines(view.answer).map((l) => `- **${mdCell(l.label)}**: ${icon[l.tone]}${mdCell(l.text)}`), "");
  if (sections.has("costs")) {
    const both = view.books.length === 2;
    const head = ["Service", ...view.books.map((b) => b.label), ...(both ? ["Difference"] : []), "What"];
    const rows = view.services.map((s) => [
      s.name,
      ...view.books.map((b) => moneyCell(s.cost[b.id])),
      ...(both ? [differenceCell(s.cost.guide?.usd, s.cost.aws?.usd)] : []),
      [s.description, ...s.notes].filter(Boolean).join("; "),
    ]);
    const [g, a] = view.books;
    rows.push([
      "Total per month",
      ...view.books.map((b) => `${usd(b.totalUSD)}${b.complete ? "" : " + gaps"}`),
      ...(both ? [g.complete && a.complete ? differenceCell(g.totalUSD, a.totalUSD) : ""] : []),
      view.books.some((b) => !b.complete) ? "incomplete: lower bound" : "",
    ]);
    out.push("### Monthly cost (USD)", "", mdTable(head, rows), "");
    if (view.notIncluded.length) out.push(`Not included: ${view.notIncluded.join(", ")}.`, "");
    if (view.gapHint) out.push(`> ${view.gapHint}`, "");
  }
  if (sections.has("sizing") && view.sizing.length) out.push("### Sizing", "", ...view.sizing.map((s) => `- **${s.component}**: ${mdCell(s.choice)}: ${mdCell(s.reason)}`), "");
  if (sections.has("checks")) {
    const shown = allChecks ? view.checks : view.checks.filter((c) => c.level !== "ok");
    out.push("### Checks", "", ...(shown.length ? shown.map((c) => `- ${ICON[c.level]} **${c.id}**: ${mdCell(c.message)}`) : ["- ✅ every check is ok"]), "");
  }
  if (sections.has("capacity")) out.push("### Capacity", "", mdTable(["Figure", "Value"], view.capacity), "");
  if (sections.has("assumptions")) out.push("### Assumptions", "", mdTable(["Setting", "Value", "Set by", "Basis"], view.assumptions), "");
  if (sections.has("reconciliation") && view.reconciliation.length) {
    out.push(
      "<details><summary>The guide, reconciled</summary>",
      "",
      mdTable(["Figure", "Guide states", "Its assumptions give", "Verdict"], view.reconciliation),
      "",
      "</details>",
      "",
    );
  }
  return out.join("\n");
}

/** Render a plan as CSV in long form (section, id, metric, value, unit, note): the answer first, money to the cent. */
export function renderPlanCsv(report: Report): string {
  const view = planView(report);
  const a = view.answer;
  const rows: (string | number | boolean)[][] = [["section", "id", "metric", "value", "unit", "note"]];
  rows.push(["answer", "users", "users", a.users, "", a.profile]);
  rows.push(["answer", "stack", "stack", a.stack, "", ""]);
  if (a.total) rows.push(["answer", "total", "monthlyUSD", csvUSD(a.total.usd), "USD", `${a.total.book}${a.total.complete ? "" : `; lower bound: no price for ${a.total.gaps.join(" ")}`}`]);
  if (a.budget) rows.push(["answer", "budget", "state", a.budget.state, "", `budget ${csvUSD(a.budget.usd)} USD`]);
  rows.push(["answer", "checks", "failing", a.failing.join(" "), "", a.warnings.length ? `warn: ${a.warnings.join(" ")}` : ""]);
  const units: Record<string, string> = { avgRps: "RPS", peakRps: "RPS", redisMemoryGB: "GB", storageGB: "GB", cdnTransferGB: "GB/month" };
  for (const [key, value] of Object.entries(report.capacity)) rows.push(["capacity", key, key, value as number, units[key] ?? "", ""]);
  for (const b of view.books) {
    for (const s of view.services) {
      const c = s.cost[b.id];
      if (!c) continue;
      rows.push([`cost.${b.id}`, s.id, "monthlyUSD", csvUSD(c.usd), "USD", c.usd === null ? `no price: ${c.why ?? ""}` : b.id === view.primary || view.books.length === 1 ? s.description : ""]);
    }
    rows.push([`cost.${b.id}`, "total", "monthlyUSD", csvUSD(b.totalUSD), "USD", `${b.label}${b.complete ? "" : `; incomplete: ${b.gaps.join(" ")}`}`]);
  }
  for (const c of view.checks) rows.push(["check", c.id, "level", c.level, "", c.message]);
  if (a.budget) rows.push(["budget", "budget", "monthlyUSD", csvUSD(a.budget.usd), "USD", a.budget.state]);
  return csvRows(rows);
}
