// `heirloom-plan calibrate --url URL`: measure what one running instance carries under the plan's mix, fit
// the Universal Scalability Law, and write a profile that plans on the measured capacity.
import { existsSync, readFileSync } from "node:fs";
import { EXIT, HeirloomError, fileProblem } from "../core/errors.js";
import { parseDuration, parseRequestBudget, parseSteps, parseTargetUrl, planBudget } from "../core/calibrate/options.js";
import { buildCalibrationReport, type CalibrationReport } from "../core/calibrate/report.js";
import { DEFAULT_LIMITS } from "../core/calibrate/steps.js";
import type { ProfileFile } from "../core/profile/schema.js";
import { readMachineInfo } from "../io/calibrate/machine.js";
import { checkTokens, readHealth, scrapeMetrics, type Target } from "../io/calibrate/probe.js";
import { runCalibration } from "../io/calibrate/run.js";
import { emit, writeFileAtomically } from "../io/output.js";
import { loadProfile } from "../io/profile-load.js";
import {
  renderCalibratedProfile,
  renderCalibrationChart,
  renderCalibrationCsv,
  renderCalibrationMarkdown,
  renderCalibrationTable,
  renderProgress,
} from "../present/render-calibration.js";
import { writeStderr } from "../io/stdio.js";

export interface CalibrateOptions {
  url?: string;
  token?: string[];
  tokens?: string;
  metricsToken?: string;
  profile?: string;
  output?: string;
  force?: boolean;
  maxDuration?: string;
  maxRequests?: string;
  steps?: string;
  chart?: string;
  format?: "table" | "json" | "markdown" | "csv";
  allowRemote?: boolean;
}

export const CALIBRATE_DEFAULTS = { maxDuration: "2m", maxRequests: "200000", steps: "1,2,4,8,16,32" } as const;

/** The plan's read share and CPU target, where a profile says them (v2 keys; 0.9 and 0.7 by default). */
const DEFAULT_READ_SHARE = 0.9;

const notify = (line: string) => writeStderr(`heirloom-plan: ${line}\n`);

function readTokens(opts: CalibrateOptions): string[] {
  const tokens = [...(opts.token ?? [])];
  if (opts.tokens) {
    let text: string;
    try {
      text = readFileSync(opts.tokens, "utf8");
    } catch (err) {
      throw new HeirloomError(`--tokens ${opts.tokens}: cannot read: ${fileProblem(err)}`);
    }
    for (const line of text.split(/\r?\n/)) {
      const t = line.trim();
      if (t && !t.startsWith("#")) tokens.push(t);
    }
    if (tokens.length === 0) throw new HeirloomError(`--tokens ${opts.tokens}: no tokens in the file (one a line)`);
  }
  if (tokens.length === 0) {
    throw new HeirloomError("give the users' bearer tokens: --token T (repeatable) or --tokens FILE; make them in the backend with `npm run token -- --count 200`");
  }
  return [...new Set(tokens)];
}

/** Run a calibration; returns the exit code. */
export async function calibrateCommand(opts: CalibrateOptions, version: string): Promise<number> {
  if (!opts.url) throw new HeirloomError("--url: give the running backend's URL, e.g. --url http://127.0.0.1:3000");
  const parsed = parseTargetUrl(opts.url, Boolean(opts.allowRemote));
  if (typeof parsed === "string") throw new HeirloomError(`--url ${opts.url}: ${parsed}`);
  const target: Target = { url: opts.url.replace(/\/+$/, ""), origin: parsed.origin, base: parsed.base };
  const stepsText = opts.steps ?? CALIBRATE_DEFAULTS.steps;
  const steps = parseSteps(stepsText);
  if (typeof steps === "string") throw new HeirloomError(`--steps ${stepsText}: ${steps}`);
  const durationText = opts.maxDuration ?? CALIBRATE_DEFAULTS.maxDuration;
  const maxDurationSeconds = parseDuration(durationText);
  if (typeof maxDurationSeconds === "string") throw new HeirloomError(`--max-duration ${durationText}: ${maxDurationSeconds}`);
  const requestsText = opts.maxRequests ?? CALIBRATE_DEFAULTS.maxRequests;
  const maxRequests = parseRequestBudget(requestsText);
  if (typeof maxRequests === "string") throw new HeirloomError(`--max-requests ${requestsText}: ${maxRequests}`);
  if (opts.chart && !/\.svg$/i.test(opts.chart)) throw new HeirloomError(`--chart ${opts.chart}: the chart is SVG; name the file .svg`);
  // Refuse before any traffic, not after minutes of it.
  for (const [flag, file] of [["--output", opts.output], ["--chart", opts.chart]] as const) {
    if (file && existsSync(file) && !opts.force) throw new HeirloomError(`${flag} ${file}: the file exists; use --force to replace it`);
  }
  const tokens = readTokens(opts);
  const base = opts.profile ? await loadProfile(opts.profile) : undefined;
  const file = base?.file as (ProfileFile & { traffic?: { readShare?: number }; backend?: { targetUtilization?: number } }) | undefined;
  const readShare = file?.traffic?.readShare ?? DEFAULT_READ_SHARE;
  // Steps of concurrency are closed loops: even one client can keep a fast server above the plan's 70% CPU.
  // So a step qualifies on latency and errors up to saturation (CPU at most 100%), and its throughput is
  // scaled to 100% CPU (report.ts): the rpsPerInstance the model defines, to which the plan applies
  // backend.targetUtilization once (docs/planning-model.md section 1).
  const limits = { ...DEFAULT_LIMITS, cpuShare: 1 };
  // Each token's check is one request of the budget.
  const budget = planBudget(maxDurationSeconds, maxRequests - tokens.length, steps);
  if (typeof budget === "string") throw new HeirloomError(`--max-duration ${durationText} --max-requests ${requestsText}: ${budget}`);

  const health = await readHealth(target);
  if (opts.metricsToken) await scrapeMetrics(target, opts.metricsToken);
  await checkTokens(target, tokens);
  if (!opts.metricsToken) notify("no --metrics-token: the server's CPU, memory, cache hit rate and SQL per request will not be measured");
  if (tokens.length < 50) notify(`${tokens.length} user${tokens.length === 1 ? "" : "s"}: with so few the cache hit rate is higher than with many users; give more tokens for a realistic one`);

  const run = await runCalibration({
    target,
    tokens,
    metricsToken: opts.metricsToken,
    steps,
    budget,
    maxDurationSeconds,
    readShare,
    processes: health.processes,
    limits,
    onProgress: (e) => notify(renderProgress(e)),
  });
  const report: CalibrationReport = buildCalibrationReport({
    generator: { name: "heirloom-plan", version },
    measuredAt: run.measuredAt.toISOString(),
    target: { url: target.url, service: health.service, version: health.version, processes: health.processes, metrics: Boolean(opts.metricsToken) },
    machine: readMachineInfo(),
    profile: base ? { name: base.name, source: base.source } : null,
    mix: { readShare, users: tokens.length },
    budget: { maxDurationSeconds, maxRequests, steps },
    steps: run.steps,
    earlyStop: run.earlyStop,
    limits,
  });

  if (opts.chart) {
    writeFileAtomically(opts.chart, renderCalibrationChart(report), Boolean(opts.force));
    notify(`wrote the chart to ${opts.chart}`);
  }
  const measured = report.measured.rpsPerInstance !== null;
  if (opts.output) {
    if (measured) {
      writeFileAtomically(opts.output, await renderCalibratedProfile(report, base?.file), Boolean(opts.force));
      notify(`wrote the calibrated profile to ${opts.output}; plan on it with: heirloom-plan --profile ${opts.output}${base ? "" : " --users N"}`);
    } else {
      notify(`no step met the targets: ${opts.output} not written`);
    }
  }
  const format = opts.format ?? "table";
  const text =
    format === "json"
      ? JSON.stringify(report, null, 2) + "\n"
      : format === "markdown"
        ? renderCalibrationMarkdown(report)
        : format === "csv"
          ? renderCalibrationCsv(report)
          : renderCalibrationTable(report);
  emit(text, undefined, false, "calibration");
  return measured ? EXIT.ok : EXIT.failed;
}
