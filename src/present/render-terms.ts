// --term all: the plan's monthly cost per service on each of the three terms, side by side, on the
// book in use (AWS's where it was priced). The answer (on the profile's own term) comes first.
import { TERMS, type Term } from "../core/facts.js";
import type { Report } from "../core/report.js";
import { answerBlockLines, answerLines } from "./answer.js";
import { csvRows, csvUSD, mdCell, mdTable, signedUSD, usd } from "./format.js";
import { moneyCell, planView, type PlanView } from "./plan-view.js";
import { planJson } from "./render-json.js";
import type { RenderContext } from "./registry.js";
import { boxTable, hanging, loadTable } from "./terminal.js";

export interface TermsView {
  /** The term the profile asks for: its report gives the answer, the budget and the exit code. */
  term: Term;
  reports: Record<Term, Report>;
}

function views(t: TermsView): Record<Term, PlanView> {
  return Object.fromEntries(TERMS.map((term) => [term, planView(t.reports[term])])) as Record<Term, PlanView>;
}

function grid(t: TermsView): { book: string; head: string[]; rows: string[][]; totals: number[] } {
  const v = views(t);
  const main = v[t.term];
  const book = main.primary ?? "guide";
  const head = ["service", ...TERMS];
  const rows = main.services.map((s) => [s.name, ...TERMS.map((term) => moneyCell(v[term].services.find((x) => x.id === s.id)?.cost[book]))]);
  const totals = TERMS.map((term) => v[term].books.find((b) => b.id === book)?.totalUSD ?? 0);
  const complete = TERMS.map((term) => v[term].books.find((b) => b.id === book)?.complete ?? false);
  rows.push(["Total per month", ...totals.map((x, i) => `${usd(x)}${complete[i] ? "" : " + gaps"}`)]);
  // A total with gaps is a lower bound: never shown as a saving.
  const od = totals[0];
  rows.push(["vs on-demand", "", ...totals.slice(1).map((x, i) => (od > 0 && complete[0] && complete[i + 1] ? signedUSD(x - od, ((x - od) / od) * 100) : "cannot compare"))]);
  return { book: main.books.find((b) => b.id === book)?.label ?? book, head, rows, totals };
}

export async function renderTermsTable(t: TermsView, ctx: RenderContext): Promise<string> {
  await loadTable();
  const answer = answerBlockLines(planView(t.reports[t.term]).answer, ctx.width);
  const g = grid(t);
  const out = [...answer, "", `Monthly cost (USD) by term, on ${g.book}`, boxTable(g.head, g.rows, { width: ctx.width, wrap: [0] }), ""];
  const guideNote = t.reports[t.term].costs.aws ? "" : "The guide does not tell 1-year and 3-year reserved terms apart (× 0.6 on EC2, RDS and ElastiCache for both).";
  if (guideNote) out.push(...hanging("", guideNote, ctx.width), "");
  out.push(...answer);
  return out.join("\n") + "\n";
}

export function renderTermsMarkdown(t: TermsView): string {
  const g = grid(t);
  const answer = answerLines(planView(t.reports[t.term]).answer).map((l) => `- **${mdCell(l.label)}**: ${mdCell(l.text)}`);
  return [...answer, "", `### Monthly cost (USD) by term, on ${g.book}`, "", mdTable(g.head, g.rows), ""].join("\n");
}

export function renderTermsCsv(t: TermsView): string {
  const v = views(t);
  const book = v[t.term].primary ?? "guide";
  const rows: (string | number)[][] = [["service", ...TERMS.map((x) => `${x}MonthlyUSD`)]];
  for (const s of v[t.term].services) rows.push([s.id, ...TERMS.map((term) => csvUSD(v[term].services.find((x) => x.id === s.id)?.cost[book]?.usd))]);
  rows.push(["total", ...TERMS.map((term) => csvUSD(v[term].books.find((b) => b.id === book)?.totalUSD))]);
  return csvRows(rows);
}

/** The three plans' JSON documents (schemaVersion 2 each), keyed by term. */
export function renderTermsJson(t: TermsView): string {
  const reports = Object.fromEntries(TERMS.map((term) => [term, planJson(t.reports[term])]));
  return JSON.stringify({ kind: "terms", term: t.term, reports }, (_k, v) => (v === Infinity ? null : v), 2) + "\n";
}
