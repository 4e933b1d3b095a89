// `heirloom-plan diff BASE.json HEAD.json`: what changed, and whether it grew past --max-increase.
import { diffReports } from "../core/diff.js";
import { HeirloomError } from "../core/errors.js";
import { gateExit, type IncreaseLimit } from "../core/gates.js";
import { parseUSD } from "../core/units.js";
import { emit } from "../io/output.js";
import { readReport } from "../io/report-file.js";
import { renderDiffCsv, renderDiffJson, renderDiffText, warningText } from "../present/render-diff.js";
import { notify } from "./pipeline.js";

/** "10%" or "500" / "$500". */
export function parseMaxIncrease(text: string): IncreaseLimit {
  const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
  if (percent) return { percent: Number(percent[1]) };
  const dollars = parseUSD(text);
  if (typeof dollars === "string") throw new HeirloomError(`--max-increase: must be a percentage like 10% or a dollar amount like 500 (got "${text}")`);
  return { usd: dollars };
}

export async function diffCommand(baseFile: string, headFile: string, opts: { maxIncrease?: string; format?: string; output?: string; force?: boolean }): Promise<number> {
  const limit = opts.maxIncrease !== undefined ? parseMaxIncrease(opts.maxIncrease) : undefined;
  const d = diffReports(readReport(baseFile), readReport(headFile), limit);
  for (const w of d.warnings) notify(`warning: ${warningText(w, d)}`);
  const format = opts.format ?? "table";
  const text = format === "json" ? renderDiffJson(d, { base: baseFile, head: headFile }) : format === "csv" ? renderDiffCsv(d) : renderDiffText(d, format === "markdown");
  emit(text, opts.output, Boolean(opts.force), `${format} diff`);
  return gateExit(d.maxIncrease?.state);
}
