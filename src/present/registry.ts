// The registry of renderers: { plan, sweep, diff, prices, calibration } × { table, json, markdown, csv }.
// Commands call render(kind, format, value, context); no format is dispatched anywhere else.
import { HeirloomError } from "../core/errors.js";
import { sanitizeTerminalText } from "./escape.js";
import type { Report } from "../core/report.js";
import { renderDiffCsv, renderDiffJson, renderDiffMarkdown, renderDiffTable, type DiffView } from "./render-diff.js";
import { renderJson } from "./render-json.js";
import { renderPlanCsv, renderPlanMarkdown, renderPlanTable, type PlanSection } from "./render-plan.js";
import { renderPricesCsv, renderPricesJson, renderPricesMarkdown, renderPricesTable, type PriceRow } from "./render-prices.js";
import { renderSweepCsv, renderSweepJson, renderSweepMarkdown, renderSweepTable, type SweepReport } from "./render-sweep.js";
import { renderTermsCsv, renderTermsJson, renderTermsMarkdown, renderTermsTable, type TermsView } from "./render-terms.js";

export const FORMATS = ["table", "json", "markdown", "csv"] as const;
export type Format = (typeof FORMATS)[number];

/** What every renderer may use: resolved once by the command from flags, env and the terminal. */
export interface RenderContext {
  color: boolean;
  /** Columns the table format lays out in (terminalWidth()). */
  width: number;
  /** Sections to show (plan); undefined: the default view. */
  show?: readonly PlanSection[];
  /** Everything: every section, every check, every service column. */
  details?: boolean;
}

/** What each kind of output renders. */
export interface Renderable {
  plan: Report;
  /** A plan priced on every term (--term all). */
  terms: TermsView;
  sweep: SweepReport;
  diff: DiffView;
  prices: readonly PriceRow[];
  /** A calibration's result: JSON until its own views land. */
  calibration: unknown;
}

type Renderer<T> = (value: T, ctx: RenderContext) => string | Promise<string>;

const RENDERERS: { [K in keyof Renderable]: Partial<Record<Format, Renderer<Renderable[K]>>> } = {
  plan: {
    table: (r, ctx) => renderPlanTable(r, ctx),
    json: (r) => renderJson(r),
    markdown: (r, ctx) => renderPlanMarkdown(r, ctx),
    csv: (r) => renderPlanCsv(r),
  },
  terms: {
    table: (t, ctx) => renderTermsTable(t, ctx),
    json: (t) => renderTermsJson(t),
    markdown: (t) => renderTermsMarkdown(t),
    csv: (t) => renderTermsCsv(t),
  },
  sweep: {
    table: (s, ctx) => renderSweepTable(s, ctx),
    json: (s) => renderSweepJson(s),
    markdown: (s, ctx) => renderSweepMarkdown(s, ctx),
    csv: (s) => renderSweepCsv(s),
  },
  diff: {
    table: (d, ctx) => renderDiffTable(d, ctx.width),
    json: (d) => renderDiffJson(d),
    markdown: (d) => renderDiffMarkdown(d),
    csv: (d) => renderDiffCsv(d),
  },
  prices: {
    table: (p) => renderPricesTable(p),
    json: (p) => renderPricesJson(p),
    markdown: (p) => renderPricesMarkdown(p),
    csv: (p) => renderPricesCsv(p),
  },
  calibration: {
    json: (c) => JSON.stringify(c, null, 2) + "\n",
  },
};

/** Render a value of a kind in a format. */
export async function render<K extends keyof Renderable>(kind: K, format: Format, value: Renderable[K], ctx: RenderContext): Promise<string> {
  const renderer = RENDERERS[kind][format] as Renderer<Renderable[K]> | undefined;
  if (!renderer) {
    const has = Object.keys(RENDERERS[kind]).join(", ");
    throw new HeirloomError(`--format ${format}: ${kind} output comes as ${has}`);
  }
  const text = await renderer(value, ctx);
  // The boundary guard: whatever reached a terminal's text from input shows its control characters, never obeys them.
  return format === "table" ? sanitizeTerminalText(text) : text;
}

/** Register a renderer for a kind and format (for commands whose views live with them until moved here). */
export function registerRenderer<K extends keyof Renderable>(kind: K, format: Format, renderer: Renderer<Renderable[K]>): void {
  (RENDERERS[kind] as Partial<Record<Format, Renderer<Renderable[K]>>>)[format] = renderer;
}
