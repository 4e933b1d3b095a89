// The sweep as an SVG a planner puts in a slide: monthly cost against users (log scale), stacked by
// service, with axis labels, a legend, the budget line, and the points where a component steps up.
// Plain SVG 1.1: it opens in any browser and needs nothing else.
import { SERVICE_IDS, type ServiceId } from "../core/facts.js";
import type { Sweep } from "../core/sweep.js";
import { SERVICE_NAMES } from "./messages.js";
import { num } from "./format.js";

const W = 960;
const H = 560;
const M = { top: 56, right: 210, bottom: 64, left: 92 };
const COLORS: Record<ServiceId, string> = {
  ec2: "#4e79a7",
  rds: "#f28e2b",
  elasticache: "#e15759",
  s3: "#76b7b2",
  cloudfront: "#59a14f",
  alb: "#b07aa1",
  dataTransfer: "#edc948",
  cloudwatch: "#9c755f",
};

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const f = (n: number) => n.toFixed(1);

/** 1k, 250k, 10M */
export function shortCount(n: number): string {
  if (n >= 1e9) return `${num(n / 1e9, 1)}B`;
  if (n >= 1e6) return `${num(n / 1e6, 1)}M`;
  if (n >= 1e3) return `${num(n / 1e3, 1)}k`;
  return num(n, 0);
}

/** $1.2k, $3M */
function shortUSD(n: number): string {
  if (n >= 1e6) return `$${num(n / 1e6, 1)}M`;
  if (n >= 1e3) return `$${num(n / 1e3, 1)}k`;
  return `$${num(n, 0)}`;
}

/** A round step for about `count` ticks up to `max`. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
}

export interface ChartOptions {
  title: string;
  budgetUSD?: number | null;
}

/** Render a sweep as a stacked-area chart. */
export function renderChart(sweep: Sweep, { title, budgetUSD }: ChartOptions): string {
  const rows = sweep.rows;
  const x0 = Math.log10(rows[0].users);
  const x1 = Math.log10(rows[rows.length - 1].users);
  const span = x1 - x0 || 1;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const top = Math.max(...rows.map((r) => r.totalMonthlyUSD), budgetUSD ?? 0) * 1.08 || 1;
  const yStep = niceStep(top, 5);
  const yMax = Math.ceil(top / yStep) * yStep;
  const X = (users: number) => M.left + (rows.length === 1 ? plotW / 2 : ((Math.log10(users) - x0) / span) * plotW);
  const Y = (usd: number) => M.top + plotH - (usd / yMax) * plotH;

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${M.left}" y="28" font-size="17" font-weight="bold" fill="#222">${esc(title)}</text>`,
  ];

  // Grid and y axis.
  for (let v = 0; v <= yMax + 1e-9; v += yStep) {
    out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${f(Y(v))}" y2="${f(Y(v))}" stroke="#e6e6e6"/>`);
    out.push(`<text x="${M.left - 8}" y="${f(Y(v) + 4)}" text-anchor="end" fill="#444">${shortUSD(v)}</text>`);
  }
  // x axis: powers of ten and their 2x, 5x where they fit.
  for (let p = Math.floor(x0); p <= Math.ceil(x1); p++) {
    for (const m of [1, 2, 5]) {
      const u = m * 10 ** p;
      if (Math.log10(u) < x0 - 1e-9 || Math.log10(u) > x1 + 1e-9) continue;
      const x = X(u);
      out.push(`<line x1="${f(x)}" x2="${f(x)}" y1="${M.top}" y2="${M.top + plotH}" stroke="${m === 1 ? "#dddddd" : "#f2f2f2"}"/>`);
      out.push(`<text x="${f(x)}" y="${M.top + plotH + 18}" text-anchor="middle" fill="#444">${shortCount(u)}</text>`);
    }
  }

  // Stacked areas, one path a service, bottom to top in the services' order.
  const base = rows.map(() => 0);
  SERVICE_IDS.forEach((id) => {
    const lower = [...base];
    rows.forEach((r, i) => (base[i] += r.services[id] ?? 0));
    const upper = rows.map((r, i) => `${f(X(r.users))},${f(Y(base[i]))}`);
    const back = rows.map((r, i) => `${f(X(r.users))},${f(Y(lower[i]))}`).reverse();
    out.push(`<path class="series" data-service="${id}" d="M${upper.join(" L")} L${back.join(" L")} Z" fill="${COLORS[id]}" fill-opacity="0.85" stroke="${COLORS[id]}"><title>${esc(SERVICE_NAMES[id])}</title></path>`);
  });

  // Where a component steps up (the cache node or the database class; instance counts are in the table).
  const marked = sweep.steps.filter((s) => s.component !== "instances");
  marked.forEach((s, i) => {
    const x = X(s.users);
    out.push(
      `<g class="step" data-component="${s.component}"><line x1="${f(x)}" x2="${f(x)}" y1="${M.top}" y2="${M.top + plotH}" stroke="#333" stroke-dasharray="2,3"/>` +
        `<text x="${f(x + 3)}" y="${M.top + 12 + (i % 4) * 13}" font-size="10" fill="#333">${esc(s.to)}</text></g>`,
    );
  });

  if (budgetUSD !== undefined && budgetUSD !== null) {
    out.push(
      `<g class="budget"><line x1="${M.left}" x2="${M.left + plotW}" y1="${f(Y(budgetUSD))}" y2="${f(Y(budgetUSD))}" stroke="#c00000" stroke-width="2" stroke-dasharray="8,4"/>` +
        `<text x="${M.left + plotW - 4}" y="${f(Y(budgetUSD) - 6)}" text-anchor="end" fill="#c00000">budget ${shortUSD(budgetUSD)}/month</text></g>`,
    );
  }

  // Axes and their labels.
  out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="#222"/>`);
  out.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + plotH}" stroke="#222"/>`);
  out.push(`<text x="${M.left + plotW / 2}" y="${H - 18}" text-anchor="middle" fill="#222">users (log scale)</text>`);
  out.push(`<text transform="translate(22 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#222">monthly cost (USD)</text>`);

  // Legend, top to bottom as stacked.
  const lx = M.left + plotW + 24;
  [...SERVICE_IDS].reverse().forEach((id, i) => {
    const y = M.top + 8 + i * 22;
    out.push(`<g class="legend" data-service="${id}"><rect x="${lx}" y="${y - 10}" width="14" height="14" fill="${COLORS[id]}"/><text x="${lx + 20}" y="${y + 1}" fill="#222">${esc(SERVICE_NAMES[id])}</text></g>`);
  });
  if (marked.length) out.push(`<text x="${lx}" y="${M.top + 8 + SERVICE_IDS.length * 22 + 10}" font-size="11" fill="#333">┆ a bigger cache node or DB class</text>`);
  if (rows.some((r) => !r.complete)) out.push(`<text x="${lx}" y="${M.top + 8 + SERVICE_IDS.length * 22 + 28}" font-size="11" fill="#c00000">some prices missing: totals are lower bounds</text>`);
  out.push("</svg>");
  return out.join("\n") + "\n";
}
