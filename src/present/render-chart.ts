// The sweep as an SVG a planner puts on a slide: monthly cost by service and in total against users,
// both axes logarithmic (so a $50k budget stays readable next to a $5M total), the budget line, and
// the points where the database class or the cache node steps up. A missing price is drawn as a gap
// in its line, never as $0. Every label is placed so that no two overlap and none is clipped
// (text widths are estimated from the font size, as the test that checks this does).
// Plain SVG 1.1: it opens in any browser and needs nothing else.
import { SERVICE_IDS, type ServiceId } from "../core/facts.js";
import type { Sweep } from "../core/sweep.js";
import { escapeHtml } from "./escape.js";
import { num } from "./format.js";
import { SERVICE_NAMES } from "./messages.js";

const W = 1000;
const H = 600;
const M = { top: 96, right: 290, bottom: 78, left: 84 };
const FONT = 12;

const COLORS: Record<ServiceId, string> = {
  ec2: "#4e79a7",
  rds: "#f28e2b",
  elasticache: "#e15759",
  s3: "#76b7b2",
  cloudfront: "#59a14f",
  alb: "#b07aa1",
  dataTransfer: "#9c755f",
  cloudwatch: "#bab0ac",
};

const esc = escapeHtml;
const f = (n: number) => n.toFixed(1);

/** The width a text takes, estimated: 0.6 em a character (Helvetica/Arial run narrower). */
export function textWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * 0.6;
}

/** 1k, 250k, 10M */
export function shortCount(n: number): string {
  if (n >= 1e9) return `${num(n / 1e9, 1)}B`;
  if (n >= 1e6) return `${num(n / 1e6, 1)}M`;
  if (n >= 1e3) return `${num(n / 1e3, 1)}k`;
  return num(n, 0);
}

/** $1.2k, $3M */
export function shortUSD(n: number): string {
  if (n >= 1e9) return `$${num(n / 1e9, 1)}B`;
  if (n >= 1e6) return `$${num(n / 1e6, 1)}M`;
  if (n >= 1e3) return `$${num(n / 1e3, 1)}k`;
  if (n >= 1) return `$${num(n, 0)}`;
  return `$${num(n, 2)}`;
}

export interface ChartOptions {
  title: string;
  budgetUSD?: number | null;
}

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Split a label to lines of at most `chars` characters, at spaces. */
function lines(text: string, chars: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > chars) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/** Render a sweep as a log-log line chart: one line a service, the total on top. */
export function renderChart(sweep: Sweep, { title, budgetUSD }: ChartOptions): string {
  const rows = sweep.rows;
  // The services the book covers (the guide's book has no data transfer or logs: not gaps, just not drawn).
  const outside = (r: (typeof rows)[number], id: ServiceId) => (r.notInBook ?? []).includes(id);
  const services = (SERVICE_IDS as readonly ServiceId[]).filter((id) => rows.some((r) => id in r.services));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const right = M.left + plotW;
  const bottom = M.top + plotH;

  // Axes: users (log), USD (log) from the smallest positive figure to the largest (or the budget).
  const x0 = Math.log10(rows[0].users);
  const x1 = Math.log10(rows[rows.length - 1].users);
  const xSpan = x1 - x0 || 1;
  const values: number[] = [];
  for (const r of rows) {
    if (r.totalMonthlyUSD > 0) values.push(r.totalMonthlyUSD);
    for (const id of services) {
      const v = r.services[id as keyof typeof r.services];
      if (typeof v === "number" && v > 0) values.push(v);
    }
  }
  if (budgetUSD) values.push(budgetUSD);
  let lo = Math.floor(Math.log10(Math.min(...values, 1e9)));
  let hi = Math.ceil(Math.log10(Math.max(...values, 1)));
  if (!(values.length > 0)) [lo, hi] = [0, 3];
  if (hi <= lo) hi = lo + 1;
  const X = (users: number) => M.left + (rows.length === 1 ? plotW / 2 : ((Math.log10(users) - x0) / xSpan) * plotW);
  const Y = (usd: number) => bottom - ((Math.log10(usd) - lo) / (hi - lo)) * plotH;

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="${FONT}">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
  ];
  // The title shrinks to fit the width rather than run off it.
  const titleSize = Math.min(17, Math.floor((W - 48) / ([...title].length * 0.6)));
  out.push(`<text x="24" y="28" font-size="${titleSize}" font-weight="bold" fill="#222">${esc(title)}</text>`);
  out.push(`<text x="24" y="50" fill="#444">monthly cost in USD (log scale) against users (log scale)</text>`);

  // y grid: powers of ten, with 2x and 5x where the range is short.
  const decades = hi - lo;
  const yTicks: number[] = [];
  for (let p = lo; p <= hi; p++) for (const m of decades <= 3 ? [1, 2, 5] : [1]) if (p + Math.log10(m) <= hi + 1e-9) yTicks.push(m * 10 ** p);
  for (const v of yTicks) {
    const y = Y(v);
    out.push(`<line x1="${M.left}" x2="${right}" y1="${f(y)}" y2="${f(y)}" stroke="${Math.log10(v) % 1 === 0 ? "#dddddd" : "#f0f0f0"}"/>`);
    out.push(`<text x="${M.left - 8}" y="${f(y + 4)}" text-anchor="end" fill="#444">${shortUSD(v)}</text>`);
  }
  // x grid: powers of ten and their 2x, 5x; a label only where it does not touch the one before.
  let lastLabelEnd = -Infinity;
  for (let p = Math.floor(x0); p <= Math.ceil(x1); p++) {
    for (const m of [1, 2, 5]) {
      const u = m * 10 ** p;
      if (Math.log10(u) < x0 - 1e-9 || Math.log10(u) > x1 + 1e-9) continue;
      const x = X(u);
      out.push(`<line x1="${f(x)}" x2="${f(x)}" y1="${M.top}" y2="${bottom}" stroke="${m === 1 ? "#dddddd" : "#f2f2f2"}"/>`);
      const label = shortCount(u);
      const half = textWidth(label, FONT) / 2;
      if (x - half > lastLabelEnd + 6) {
        out.push(`<text x="${f(x)}" y="${bottom + 18}" text-anchor="middle" fill="#444">${label}</text>`);
        lastLabelEnd = x + half;
      }
    }
  }

  // One line a service; a point without a price breaks the line (a gap, never $0).
  const path = (points: ([number, number] | null)[]) => {
    let d = "";
    let pen = false;
    for (const p of points) {
      if (!p) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${f(p[0])},${f(p[1])} `;
      pen = true;
    }
    return d.trim();
  };
  for (const id of services) {
    const pts = rows.map((r) => {
      const v = r.services[id as keyof typeof r.services];
      return typeof v === "number" && v > 0 ? ([X(r.users), Y(v)] as [number, number]) : null;
    });
    out.push(`<path class="series" data-service="${id}" d="${path(pts)}" fill="none" stroke="${COLORS[id]}" stroke-width="2"><title>${esc(SERVICE_NAMES[id])}</title></path>`);
  }
  // The total: solid where every service is priced, dashed (a lower bound) where some are not.
  const complete = rows.map((r) => (r.complete && r.totalMonthlyUSD > 0 ? ([X(r.users), Y(r.totalMonthlyUSD)] as [number, number]) : null));
  const partial = rows.map((r, i) => {
    const touches = !r.complete || (i > 0 && !rows[i - 1].complete) || (i < rows.length - 1 && !rows[i + 1].complete);
    return touches && r.totalMonthlyUSD > 0 ? ([X(r.users), Y(r.totalMonthlyUSD)] as [number, number]) : null;
  });
  out.push(`<path class="total" d="${path(complete)}" fill="none" stroke="#111" stroke-width="3"><title>Total</title></path>`);
  if (rows.some((r) => !r.complete)) out.push(`<path class="total-lower-bound" d="${path(partial)}" fill="none" stroke="#111" stroke-width="2" stroke-dasharray="6,4"/>`);
  if (rows.length <= 60) {
    for (const r of rows) if (r.totalMonthlyUSD > 0) out.push(`<circle cx="${f(X(r.users))}" cy="${f(Y(r.totalMonthlyUSD))}" r="3" fill="${r.complete ? "#111" : "#fff"}" stroke="#111"/>`);
  }

  // Budget: a red line across, its label inside the plot at the right, above the line (below it near the top).
  if (budgetUSD) {
    const y = Y(budgetUSD);
    const labelY = y - 6 - FONT < M.top ? y + FONT + 4 : y - 6;
    out.push(
      `<g class="budget"><line x1="${M.left}" x2="${right}" y1="${f(y)}" y2="${f(y)}" stroke="#c00000" stroke-width="2" stroke-dasharray="8,4"/>` +
        `<text x="${right - 4}" y="${f(labelY)}" text-anchor="end" fill="#c00000" font-weight="bold">budget ${shortUSD(budgetUSD)}/month</text></g>`,
    );
  }

  // Steps (database class, cache node): a dashed line each, numbered above the plot in up to two rows,
  // and listed in the panel on the right. A number that cannot be placed clear of the others is left off.
  const marked = sweep.steps.filter((s) => s.component !== "instances");
  const placed: Box[] = [];
  const rowsY = [M.top - 22, M.top - 8];
  const numbered: { n: number; text: string }[] = [];
  marked.forEach((s, i) => {
    const x = X(s.users);
    out.push(`<g class="step" data-component="${s.component}"><line x1="${f(x)}" x2="${f(x)}" y1="${M.top}" y2="${bottom}" stroke="#555" stroke-dasharray="2,3"/></g>`);
    const label = String(i + 1);
    const w = textWidth(label, 11);
    for (const y of rowsY) {
      const box = { x0: x - w / 2 - 2, x1: x + w / 2 + 2, y0: y - 11, y1: y + 3 };
      if (box.x0 < M.left - 4 || box.x1 > right + 4 || placed.some((b) => overlaps(b, box))) continue;
      placed.push(box);
      out.push(`<text class="step-label" x="${f(x)}" y="${y}" text-anchor="middle" font-size="11" fill="#333">${label}</text>`);
      numbered.push({ n: i + 1, text: `${shortCount(s.users)}: ${s.component === "database" ? "DB" : "cache"} → ${s.to}` });
      break;
    }
  });

  // Axes and their titles.
  out.push(`<line x1="${M.left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#222"/>`);
  out.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${bottom}" stroke="#222"/>`);
  out.push(`<text x="${f(M.left + plotW / 2)}" y="${bottom + 40}" text-anchor="middle" fill="#222">users</text>`);

  // The panel on the right: legend (top to bottom as the lines usually lie), then the steps.
  const lx = right + 28;
  const panelChars = Math.floor((W - lx - 12) / (11 * 0.6));
  let y = M.top + 4;
  out.push(`<g class="legend" data-service="total"><line x1="${lx}" x2="${lx + 18}" y1="${y - 4}" y2="${y - 4}" stroke="#111" stroke-width="3"/><text x="${lx + 24}" y="${y}" fill="#222">Total</text></g>`);
  y += 20;
  for (const id of [...services].reverse()) {
    // A service without a price at some points has a gap in its line (or no line at all): the legend says so.
    const missing = rows.filter((r) => !outside(r, id) && typeof r.services[id] !== "number").length;
    const notInBook = rows.every((r) => outside(r, id));
    const label = `${SERVICE_NAMES[id]}${notInBook ? " (not in the guide)" : missing === rows.length ? " (no price)" : missing ? " (gaps: no price)" : ""}`;
    out.push(
      `<g class="legend" data-service="${id}"><line x1="${lx}" x2="${lx + 18}" y1="${y - 4}" y2="${y - 4}" stroke="${COLORS[id]}" stroke-width="2"${missing === rows.length || notInBook ? ' stroke-dasharray="2,2"' : ""}/><text x="${lx + 24}" y="${y}" fill="#222">${esc(label)}</text></g>`,
    );
    y += 20;
  }
  if (numbered.length) {
    y += 8;
    out.push(`<text x="${lx}" y="${y}" font-size="11" font-weight="bold" fill="#333">Steps up (dashed lines)</text>`);
    y += 16;
    const room = Math.floor((bottom + 40 - y) / 14);
    const shown = numbered.length > room ? numbered.slice(0, Math.max(0, room - 1)) : numbered;
    for (const s of shown) {
      for (const [k, l] of lines(`${s.n}  ${s.text}`, panelChars).entries()) {
        if (y > bottom + 40) break;
        out.push(`<text x="${lx + (k ? 14 : 0)}" y="${y}" font-size="11" fill="#333">${esc(l)}</text>`);
        y += 14;
      }
    }
    if (shown.length < numbered.length) out.push(`<text x="${lx}" y="${y}" font-size="11" fill="#333">+${numbered.length - shown.length} more: see the sweep's table</text>`);
  }

  // Footnotes under the plot, clear of the axis title.
  const notes: string[] = [];
  if (rows.some((r) => !r.complete)) notes.push("Dashed total: some prices are missing there, the total is a lower bound; a break in a line is a missing price.");
  notes.forEach((n, i) => out.push(`<text class="note" x="24" y="${H - 10 - (notes.length - 1 - i) * 14}" font-size="11" fill="#c00000">${esc(n)}</text>`));
  out.push("</svg>");
  return out.join("\n") + "\n";
}
