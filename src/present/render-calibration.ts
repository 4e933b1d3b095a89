// A calibration in words and figures: the step table (table, markdown, CSV), the summary (the step chosen,
// the USL fit, what the profile gets), the calibrated profile's YAML with a basis line per measured key,
// progress lines, and an SVG chart of throughput and p99 against concurrency.
import { CALIBRATED_KEYS, calibratedSettings, measuredValues, type CalibratedKey, type CalibrationReport, type ProgressEvent } from "../core/calibrate/report.js";
import { judgeStep, type StepMeasure } from "../core/calibrate/steps.js";
import { uslThroughput } from "../core/calibrate/usl.js";
import type { ProfileFile } from "../core/profile/schema.js";
import { alignColumns, mdTable, num } from "./format.js";

const HEAD = ["clients", "RPS", "± per s", "p50 ms", "p95 ms", "p99 ms", "errors", "CPU", "memory", "cache hits", "SQL/req", "SQL/DB req", "within targets"];

const ms = (n: number | null) => (n === null ? "–" : num(n, n < 10 ? 1 : 0));
const percent = (share: number | null, digits = 0) => (share === null ? "–" : `${(share * 100).toFixed(digits)}%`);
const mb = (bytes: number | null) => (bytes === null ? "–" : `${num(bytes / 1e6, 0)} MB`);
const fixed = (n: number | null, digits: number) => (n === null ? "–" : num(n, digits));

/** Errors as "none", or "503×40, timeouts 3, connection 1". */
export function errorsText(s: Pick<StepMeasure, "errorsByStatus" | "connectionErrors" | "timeouts">): string {
  const parts = Object.entries(s.errorsByStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}×${num(count)}`);
  if (s.timeouts > 0) parts.push(`timeouts ${num(s.timeouts)}`);
  if (s.connectionErrors > 0) parts.push(`connection ${num(s.connectionErrors)}`);
  return parts.length ? parts.join(", ") : "none";
}

/** The hit rate, and the reads that skipped Redis (its breaker open: they went to the database). */
function cacheText(s: StepMeasure): string {
  const bypass = s.cacheBypass !== null && s.cacheBypass > 0 ? `${s.cacheHitRate === null ? "" : " "}(${num(s.cacheBypass)} bypassed)` : "";
  return s.cacheHitRate === null && bypass ? bypass.trim() : `${percent(s.cacheHitRate)}${bypass}`;
}

function verdictText(report: CalibrationReport, i: number): string {
  if (report.selection.chosen === i) return "yes: chosen";
  const v = report.selection.verdicts[i];
  const broken = [!v.p99 && "p99", v.cpu === false && "CPU", !v.errors && "errors"].filter(Boolean);
  return broken.length ? `no: ${broken.join(", ")}` : "yes";
}

function stepCells(report: CalibrationReport, s: StepMeasure, i: number): string[] {
  return [
    num(s.concurrency),
    num(s.throughputRps, 1),
    s.throughputStddevRps === null ? "–" : num(s.throughputStddevRps, 0),
    ms(s.p50Ms),
    ms(s.p95Ms),
    ms(s.p99Ms),
    errorsText(s),
    percent(s.cpuShare),
    mb(s.memoryBytes),
    cacheText(s),
    fixed(s.dbQueriesPerRequest, 2),
    fixed(s.dbQueriesPerDbRequest, 2),
    verdictText(report, i),
  ];
}

/** Below this R² the summary says the steps are too noisy to trust (ours: a rule of thumb, not a test). */
const POOR_FIT_R2 = 0.9;

/** 2026-11-26T07:40Z */
export const minuteStamp = (iso: string) => `${iso.slice(0, 16)}Z`;
const machineText = (r: CalibrationReport) => `${r.machine.cpuModel}, ${r.machine.cores} cores`;

/** The lines under the table: what was measured, the step chosen, the fit, the profile's settings. */
export function summaryLines(r: CalibrationReport): string[] {
  const lines: string[] = [];
  const { target, mix, selection } = r;
  lines.push(
    `Measured ${minuteStamp(r.measuredAt)} against ${target.url} (${target.service}${target.version ? ` ${target.version}` : ""}, ${target.processes} process${target.processes === 1 ? "" : "es"}) on ${machineText(r)}.`,
  );
  lines.push(`Mix: ${percent(mix.readShare)} list reads, ${percent(1 - mix.readShare)} creates with idempotency keys, across ${num(mix.users)} user${mix.users === 1 ? "" : "s"}.`);
  if (!target.metrics) lines.push("No --metrics-token: the server's CPU, memory, cache hit rate and SQL per request were not measured.");
  const { limits } = selection;
  const targets = `p99 under ${num(limits.p99Ms)} ms, CPU under ${percent(limits.cpuShare)} per process and at most ${percent(limits.errorShare)} errors`;
  if (selection.chosen === null) {
    lines.push(`No step met the targets (${targets}): no capacity to plan on.`);
  } else {
    const s = r.steps[selection.chosen];
    lines.push(
      `Capacity: ${num(s.throughputRps, 1)} RPS at ${num(s.concurrency)} clients (p99 ${ms(s.p99Ms)} ms, CPU ${s.cpuShare === null ? "not measured" : percent(s.cpuShare)}): the highest step with ${targets}.`,
    );
  }
  if (r.fit.ok) {
    const f = r.fit.fit;
    const peak =
      f.peakConcurrency !== null && f.peakThroughput !== null
        ? `peak ${num(f.peakThroughput, 1)} RPS at ${num(f.peakConcurrency, 1)} clients`
        : f.peakThroughput !== null
          ? `no peak (κ = 0): levels off towards ${num(f.peakThroughput, 1)} RPS`
          : "no limit seen (σ = κ = 0)";
    lines.push(`USL fit: λ = ${num(f.lambda, 1)} RPS, σ = ${f.sigma.toFixed(4)}, κ = ${f.kappa.toExponential(2)}; ${peak}; R² ${f.r2.toFixed(3)}, RMSE ${num(f.rmse, 1)} RPS over ${f.points} steps.`);
    if (f.r2 < POOR_FIT_R2) {
      lines.push(
        `The fit is poor (R² ${f.r2.toFixed(2)}): the steps disagree with the law and with one another, as on a machine busy with other work or with steps too short; rerun on a quiet machine or with a longer --max-duration before planning on these figures.`,
      );
    }
  } else {
    lines.push(`No USL fit: ${r.fit.points} step${r.fit.points === 1 ? "" : "s"} served requests; a fit of λ, σ and κ needs at least ${r.fit.needed}.`);
  }
  if (r.earlyStop?.reason === "errors") {
    const e = r.earlyStop;
    lines.push(`Stopped at ${num(e.concurrency)} clients: ${percent(e.errorShare, 1)} of requests failed (${errorsText(e)}).${"429" in e.errorsByStatus ? " 429 is the backend's rate limit: start it with a higher RATE_LIMIT_MAX to calibrate." : ""}`);
  } else if (r.earlyStop?.reason === "budget") {
    lines.push(`Stopped before ${num(r.earlyStop.concurrency)} clients: the ${r.earlyStop.what} budget was spent.`);
  }
  const values = measuredValues(r.measured);
  const set = CALIBRATED_KEYS.filter((k) => values[k] !== undefined).map((k) => `${k} ${profileNumber(k, values[k]!)}`);
  lines.push(`Profile settings measured: ${set.join(", ")}.`);
  return lines;
}

/** The step table in plain columns, then the summary. */
export function renderCalibrationTable(r: CalibrationReport): string {
  const rows = [HEAD, ...r.steps.map((s, i) => stepCells(r, s, i))];
  return [...alignColumns(rows), "", ...summaryLines(r)].join("\n") + "\n";
}

export function renderCalibrationMarkdown(r: CalibrationReport): string {
  return [`## Calibration of ${r.target.url}`, "", mdTable(HEAD, r.steps.map((s, i) => stepCells(r, s, i))), "", ...summaryLines(r).map((l) => `- ${l}`)].join("\n") + "\n";
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One row a step, unrounded numbers. */
export function renderCalibrationCsv(r: CalibrationReport): string {
  const head = [
    "concurrency",
    "throughput_rps",
    "throughput_stddev_rps",
    "p50_ms",
    "p95_ms",
    "p99_ms",
    "responses",
    "reads",
    "writes",
    "error_share",
    "errors_by_status",
    "timeouts",
    "connection_errors",
    "cpu_share",
    "memory_bytes",
    "cache_hit_rate",
    "db_queries_per_request",
    "db_queries_per_db_request",
    "eligible",
    "chosen",
  ];
  const rows = r.steps.map((s, i) => [
    s.concurrency,
    s.throughputRps,
    s.throughputStddevRps,
    s.p50Ms,
    s.p95Ms,
    s.p99Ms,
    s.responses,
    s.reads,
    s.writes,
    s.errorShare,
    Object.entries(s.errorsByStatus)
      .map(([k, v]) => `${k}:${v}`)
      .join(" "),
    s.timeouts,
    s.connectionErrors,
    s.cpuShare,
    s.memoryBytes,
    s.cacheHitRate,
    s.dbQueriesPerRequest,
    s.dbQueriesPerDbRequest,
    String(judgeStep(s, r.selection.limits).eligible),
    String(r.selection.chosen === i),
  ]);
  return [head, ...rows].map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}

// Profiles carry figures at a precision a person reads; the report's JSON keeps them whole.
const DIGITS: Record<CalibratedKey, number> = {
  "backend.rpsPerInstance": 1,
  "backend.processesPerInstance": 0,
  "database.queriesPerRequest": 2,
  "cache.hitRate": 3,
};
const roundTo = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const profileNumber = (k: CalibratedKey, v: number) => String(roundTo(v, DIGITS[k]));

/** Each measured key's basis: what, when, against what, on which machine. */
export function basisLines(r: CalibrationReport): Partial<Record<CalibratedKey, string>> {
  const where = `on ${minuteStamp(r.measuredAt)} against ${r.target.url} (${machineText(r)})`;
  const values = measuredValues(r.measured);
  const chosen = r.selection.chosen === null ? null : r.steps[r.selection.chosen];
  const out: Partial<Record<CalibratedKey, string>> = {};
  if (chosen && values["backend.rpsPerInstance"] !== undefined) {
    const cpu = chosen.cpuShare === null ? " (CPU not measured)" : ` and CPU ${percent(chosen.cpuShare)}`;
    const full = chosen.cpuShare !== null && chosen.cpuShare > 0 && chosen.cpuShare <= 1 ? ` (${profileNumber("backend.rpsPerInstance", values["backend.rpsPerInstance"])} RPS at 100% CPU)` : "";
    out["backend.rpsPerInstance"] = `measured: ${profileNumber("backend.rpsPerInstance", chosen.throughputRps)} RPS at p99 ${ms(chosen.p99Ms)} ms${cpu}${full}, ${num(chosen.concurrency)} clients, ${percent(r.mix.readShare)} reads, ${where}`;
  }
  out["backend.processesPerInstance"] = `measured: ${r.measured.processesPerInstance} process${r.measured.processesPerInstance === 1 ? "" : "es"} serving the instance (GET /health) ${where}`;
  if (chosen && values["database.queriesPerRequest"] !== undefined) {
    out["database.queriesPerRequest"] = `measured: ${profileNumber("database.queriesPerRequest", values["database.queriesPerRequest"])} SQL statement${profileNumber("database.queriesPerRequest", values["database.queriesPerRequest"]) === "1" ? "" : "s"} per request not served from the cache (db_queries_total) at ${num(chosen.concurrency)} clients ${where}`;
  }
  if (chosen && values["cache.hitRate"] !== undefined) {
    out["cache.hitRate"] = `measured: ${percent(values["cache.hitRate"], 1)} of list reads served from Redis (cache_hits_total, cache_misses_total) across ${num(r.mix.users)} users at ${num(chosen.concurrency)} clients ${where}`;
  }
  return out;
}

/** The calibrated profile: the base profile's settings, the measured ones laid over, and a basis for each. */
export async function renderCalibratedProfile(r: CalibrationReport, base: ProfileFile | undefined): Promise<string> {
  const yaml = await import("yaml");
  // yaml is CommonJS: bundled, its exports arrive on `default`.
  const { stringify } = ("default" in yaml && yaml.default ? yaml.default : yaml) as typeof yaml;
  const values = Object.fromEntries(Object.entries(measuredValues(r.measured)).map(([k, v]) => [k, roundTo(v, DIGITS[k as CalibratedKey])])) as Partial<Record<CalibratedKey, number>>;
  const settings = calibratedSettings(base, values);
  const doc = {
    description: `Calibrated ${r.measuredAt.slice(0, 10)} against ${r.target.url}${r.profile ? ` (base: ${r.profile.source})` : ""}`,
    ...settings,
    // A base that was itself calibrated keeps the basis of the keys not measured again.
    basis: { ...((base as { basis?: Record<string, string> } | undefined)?.basis ?? {}), ...basisLines(r) },
  };
  const header = `# Written by heirloom-plan calibrate. Plan on it with: heirloom-plan --profile THIS_FILE\n`;
  return header + stringify(doc, { lineWidth: 0 });
}

/** One progress line for stderr. */
export function renderProgress(e: ProgressEvent): string {
  if (e.kind === "warmup") return `warming up: ${e.concurrency} client${e.concurrency === 1 ? "" : "s"} for ${e.seconds} s`;
  if (e.kind === "step-start") return `step ${e.index + 1} of ${e.count}: ${e.concurrency} client${e.concurrency === 1 ? "" : "s"} for up to ${e.seconds} s`;
  const s = e.step;
  return `  ${num(s.throughputRps, 1)} RPS, p99 ${ms(s.p99Ms)} ms, CPU ${percent(s.cpuShare)}, errors ${errorsText(s)}`;
}

// ---- the chart ----

const W = 960;
const H = 540;
const M = { top: 56, right: 96, bottom: 64, left: 84 };
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const f1 = (n: number) => n.toFixed(1);

function niceStep(max: number, count: number): number {
  const raw = max / count || 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
}

/** Throughput (left axis) and p99 (right axis) against concurrency (log scale), with the fitted USL curve and the chosen step. */
export function renderCalibrationChart(r: CalibrationReport): string {
  const steps = r.steps;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const ns = steps.map((s) => s.concurrency);
  const nMin = Math.min(...ns, 1);
  const nMax = Math.max(...ns, 2);
  const lx0 = Math.log2(nMin);
  const lx1 = Math.log2(nMax) === lx0 ? lx0 + 1 : Math.log2(nMax);
  const x = (n: number) => M.left + ((Math.log2(n) - lx0) / (lx1 - lx0)) * plotW;
  const fit = r.fit.ok ? r.fit.fit : null;
  const curve: [number, number][] = [];
  if (fit) for (let i = 0; i <= 120; i++) {
    const n = 2 ** (lx0 + ((lx1 - lx0) * i) / 120);
    curve.push([n, uslThroughput(n, fit)]);
  }
  const rpsTop = Math.max(...steps.map((s) => s.throughputRps), ...curve.map(([, v]) => v), 1) * 1.1;
  const p99s = steps.map((s) => s.p99Ms ?? 0);
  const msTop = Math.max(...p99s, r.selection.limits.p99Ms) * 1.15;
  const yL = (v: number) => M.top + plotH - (v / rpsTop) * plotH;
  const yR = (v: number) => M.top + plotH - (v / msTop) * plotH;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${M.left}" y="24" font-size="16" font-weight="bold">${esc(`Calibration of ${r.target.url}: throughput and p99 by concurrency`)}</text>`);
  out.push(`<text x="${M.left}" y="42" fill="#555">${esc(`${minuteStamp(r.measuredAt)}, ${machineText(r)}, ${percent(r.mix.readShare)} reads across ${num(r.mix.users)} users`)}</text>`);
  // Grid and left axis (RPS).
  const stepL = niceStep(rpsTop, 6);
  for (let v = 0; v <= rpsTop; v += stepL) {
    out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${f1(yL(v))}" y2="${f1(yL(v))}" stroke="#eee"/>`);
    out.push(`<text x="${M.left - 8}" y="${f1(yL(v) + 4)}" text-anchor="end" fill="#4e79a7">${esc(num(v, 0))}</text>`);
  }
  const stepR = niceStep(msTop, 6);
  for (let v = 0; v <= msTop; v += stepR) out.push(`<text x="${M.left + plotW + 8}" y="${f1(yR(v) + 4)}" fill="#f28e2b">${esc(num(v, 0))}</text>`);
  for (const n of ns) {
    out.push(`<line x1="${f1(x(n))}" x2="${f1(x(n))}" y1="${M.top + plotH}" y2="${M.top + plotH + 5}" stroke="#333"/>`);
    out.push(`<text x="${f1(x(n))}" y="${M.top + plotH + 20}" text-anchor="middle">${esc(num(n))}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${M.left + plotW / 2}" y="${H - 18}" text-anchor="middle">concurrent clients (log scale)</text>`);
  out.push(`<text transform="translate(22 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#4e79a7">throughput, requests/s (2xx)</text>`);
  out.push(`<text transform="translate(${W - 24} ${M.top + plotH / 2}) rotate(90)" text-anchor="middle" fill="#f28e2b">p99 latency, ms</text>`);
  // p99 target.
  const yT = yR(r.selection.limits.p99Ms);
  out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${f1(yT)}" y2="${f1(yT)}" stroke="#f28e2b" stroke-dasharray="3 4"/>`);
  out.push(`<text x="${M.left + plotW - 4}" y="${f1(yT - 6)}" text-anchor="end" fill="#f28e2b">p99 target ${esc(num(r.selection.limits.p99Ms))} ms</text>`);
  // Fitted curve.
  if (fit) out.push(`<polyline fill="none" stroke="#4e79a7" stroke-width="1.5" stroke-dasharray="6 4" points="${curve.map(([n, v]) => `${f1(x(n))},${f1(yL(v))}`).join(" ")}"/>`);
  // Measured p99 and throughput.
  out.push(`<polyline fill="none" stroke="#f28e2b" stroke-width="1.5" points="${steps.map((s) => `${f1(x(s.concurrency))},${f1(yR(s.p99Ms ?? 0))}`).join(" ")}"/>`);
  for (const s of steps) out.push(`<rect x="${f1(x(s.concurrency) - 3.5)}" y="${f1(yR(s.p99Ms ?? 0) - 3.5)}" width="7" height="7" fill="#f28e2b"/>`);
  for (const s of steps) out.push(`<circle cx="${f1(x(s.concurrency))}" cy="${f1(yL(s.throughputRps))}" r="4.5" fill="#4e79a7"/>`);
  if (r.selection.chosen !== null) {
    const s = steps[r.selection.chosen];
    const cx = x(s.concurrency);
    const cy = yL(s.throughputRps);
    out.push(`<circle cx="${f1(cx)}" cy="${f1(cy)}" r="10" fill="none" stroke="#e15759" stroke-width="2.5"/>`);
    // The label reads away from the right axis when the point is in the right part of the plot.
    const leftward = cx > M.left + plotW * 0.6;
    const labelY = cy - 12 < M.top + 14 ? cy + 24 : cy - 12;
    out.push(
      `<text x="${f1(leftward ? cx - 14 : cx + 14)}" y="${f1(labelY)}" text-anchor="${leftward ? "end" : "start"}" fill="#e15759" font-weight="bold">${esc(`chosen: ${num(s.throughputRps, 1)} RPS at ${num(s.concurrency)} clients`)}</text>`,
    );
  }
  // Legend.
  const lx = M.left + 12;
  let ly = M.top + 18;
  const legend = (mark: string, text: string) => {
    out.push(mark.replace(/LX/g, String(lx)).replace(/LY/g, String(ly)));
    out.push(`<text x="${lx + 26}" y="${ly + 4}">${esc(text)}</text>`);
    ly += 18;
  };
  legend(`<circle cx="${lx + 9}" cy="${ly}" r="4.5" fill="#4e79a7"/>`, "throughput measured");
  if (fit) legend(`<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="#4e79a7" stroke-width="1.5" stroke-dasharray="6 4"/>`, `USL fit (σ ${fit.sigma.toFixed(3)}, κ ${fit.kappa.toExponential(1)}, R² ${fit.r2.toFixed(2)})`);
  legend(`<rect x="${lx + 5.5}" y="${ly - 3.5}" width="7" height="7" fill="#f28e2b"/>`, "p99 measured");
  if (r.selection.chosen !== null) legend(`<circle cx="${lx + 9}" cy="${ly}" r="7" fill="none" stroke="#e15759" stroke-width="2.5"/>`, "the step a plan counts on");
  out.push("</svg>");
  return out.join("\n") + "\n";
}
