// `heirloom-plan sweep --users 10k,100k,1m`: the plan across user counts, with an optional SVG chart.
import { HeirloomError, EXIT } from "../core/errors.js";
import { gateExit } from "../core/gates.js";
import { loadCatalogue, loadPlanData } from "../io/models.js";
import { renderChart } from "../present/render-chart.js";
import type { SweepReport } from "../present/render-sweep.js";
import { parseUserPoints, planPoints, runSweep } from "../core/sweep.js";
import { checkWritable, emit, writeFileAtomically } from "../io/output.js";
import { booksFor, notify, type PlanCommandOptions } from "./pipeline.js";
import { assertPlanInRange, rangeHint, resolvePlanOptions } from "./plan-options.js";
import { render, renderContext, type Format } from "./render.js";

export async function sweepCommand(opts: PlanCommandOptions & { users?: string; steps?: string; chart?: string; details?: boolean }, version: string): Promise<number> {
  if (typeof opts.users !== "string") throw new HeirloomError("--users: give the user counts, e.g. --users 10k,100k,1m or --users 10k..100m --steps 9");
  const steps = opts.steps === undefined ? undefined : Number(opts.steps);
  const points = parseUserPoints(opts.users, steps);
  if (typeof points === "string") throw new HeirloomError(`--users ${opts.users}: ${points}${rangeHint(opts.users)}`);
  if (opts.chart && !/\.svg$/i.test(opts.chart)) throw new HeirloomError(`--chart ${opts.chart}: the chart is SVG; name the file .svg`);
  // Both files checked before any work: never a chart written and then a refused --output.
  if (typeof opts.output === "string") checkWritable(opts.output, { force: Boolean(opts.force), flag: "--output" });
  if (opts.chart) checkWritable(opts.chart, { force: Boolean(opts.force), flag: "--chart" });
  const catalogue = loadCatalogue();
  // The profile's other settings; users come from the sweep.
  const resolved = await resolvePlanOptions({ ...opts, users: String(points[0]) }, catalogue);
  const data = loadPlanData(catalogue);
  const planned = planPoints(resolved.profile, points, catalogue);
  for (const point of planned) assertPlanInRange(point.capacity, resolved);
  const books = await booksFor(planned.map((p) => p.stack), resolved, { ...opts, pricing: opts.pricing === "aws" ? "aws" : opts.pricing ?? "both" }, data.guidePrices);
  const { region, term } = resolved.profile.pricing;
  const sweep = runSweep(planned, data, books);
  const budgetUSD = resolved.profile.budget.monthlyUSD;
  const report: SweepReport = {
    schemaVersion: 2,
    kind: "sweep",
    generator: { name: "heirloom-plan", version },
    profile: { name: resolved.name, source: resolved.source },
    pricing: { book: sweep.book, source: sweep.source.origin, region, term, priceDate: sweep.source.asOf },
    rows: sweep.rows,
    steps: sweep.steps,
  };
  if (sweep.budget) report.budget = sweep.budget;
  if (opts.chart) {
    const label = sweep.book === "guide" ? "guide prices" : `AWS prices, ${sweep.source.origin} ${sweep.source.asOf}`;
    writeFileAtomically(opts.chart, renderChart(sweep, { title: `Monthly cost by service: ${resolved.name}, ${region} (${label})`, budgetUSD }), Boolean(opts.force), "--chart");
    notify(`wrote the chart to ${opts.chart}`);
  }
  const format = opts.format ?? "table";
  emit(await render("sweep", format as Format, report, renderContext(opts)), opts.output, Boolean(opts.force), `${format} sweep`);
  if (!report.budget) return EXIT.ok;
  return gateExit(report.budget.overFromUsers !== null ? "over" : report.budget.cannotCheckFromUsers !== null ? "cannot-check" : "within");
}
