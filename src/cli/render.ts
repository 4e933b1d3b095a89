// The render context a command resolves once (colour, width, sections), and the registry's entry point.
import { HeirloomError } from "../core/errors.js";
import { resolveColor } from "../io/output.js";
import { stdoutColumns, stdoutIsTerminal } from "../io/stdio.js";
import { PLAN_SECTIONS, type PlanSection } from "../present/plan-sections.js";
import { FORMATS, render, type Format, type RenderContext } from "../present/registry.js";
import { terminalWidth } from "../present/terminal.js";
import { nearest } from "../core/profile/schema.js";

export { FORMATS, render, type Format };

/** --show a,b,c: sections of the plan report, each checked. */
export function parseShow(text: string | undefined): PlanSection[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(",").map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(PLAN_SECTIONS as readonly string[]).includes(name)) {
      const hint = nearest(name, [...PLAN_SECTIONS]);
      throw new HeirloomError(`--show: "${name}" is not a section${hint ? ` (did you mean '${hint}'?)` : ""}; the sections are ${PLAN_SECTIONS.join(", ")}`);
    }
  }
  return names as PlanSection[];
}

/** The render context from a command's options: colour once, the terminal's width, the sections asked for. */
export function renderContext(opts: { color?: unknown; output?: unknown; show?: unknown; details?: unknown }): RenderContext {
  const toFile = typeof opts.output === "string";
  const ctx: RenderContext = {
    color: resolveColor(opts.color as boolean | undefined, toFile),
    // A file gets the narrowest layout; a terminal its own width (COLUMNS where set).
    width: toFile ? terminalWidth({}, {}) : terminalWidth(process.env, { isTTY: stdoutIsTerminal(), columns: stdoutColumns() }),
    details: Boolean(opts.details),
  };
  const show = parseShow(typeof opts.show === "string" ? opts.show : undefined);
  if (show) ctx.show = show;
  return ctx;
}
