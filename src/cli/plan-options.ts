// The plan's flags (one per setting, from the settings table) and their resolution into a profile.
import { Option, type Command } from "commander";
import { HeirloomError } from "../core/errors.js";
import { readModel, type Catalogue } from "../io/models.js";
import { loadProfile } from "../io/profile-load.js";
import { flagsToProfileFile, resolveProfile, type FlagValue, type ResolvedProfile } from "../core/profile/resolve.js";
import { nearest } from "../core/profile/schema.js";
import { lookup } from "../core/catalogue.js";
import { checkPlanLimits, type PlanFigures } from "../core/limits.js";
import { limitProblemLine } from "../present/limit-problem.js";
import { SETTINGS, type Setting } from "../core/profile/settings.js";
import { parseCount, parseUSD } from "../core/units.js";

const PLACEHOLDER: Record<Setting["kind"], string> = {
  count: "<n>",
  number: "<n>",
  int: "<n>",
  autoOrInt: "<n|auto>",
  autoOrNumber: "<n|auto>",
  text: "<name>",
  autoOrText: "<name|auto>",
  bool: "",
  choice: "<name>",
  usd: "<usd>",
};

/** commander's attribute name of a flag: --dau-ratio -> dauRatio. */
export const optionKey = (flag: string) => flag.replace(/^--/, "").replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());

/** Add --profile, --size and one flag per setting to a command; `termAll` lets --term take "all" (the plan). */
export function addPlanOptions(cmd: Command, { users = true, termAll = false } = {}): Command {
  cmd.option("--profile <name|path>", "built-in profile name or a YAML file (default: guide)");
  cmd.addOption(new Option("--size <mode>", "fixed: the profile's stack; auto: size instances, database and cache from the load").choices(["fixed", "auto"]));
  for (const s of SETTINGS) {
    if (s.path === "users" && !users) continue;
    if (s.kind === "bool") {
      cmd.option(s.flag, s.help);
      cmd.option(s.flag.replace(/^--/, "--no-"), `not ${s.help}`);
      continue;
    }
    const option = new Option(`${s.flag} ${PLACEHOLDER[s.kind]}`, s.help);
    if (s.choices) option.choices(termAll && s.flag === "--term" ? [...s.choices, "all"] : s.choices);
    cmd.addOption(option);
  }
  return cmd;
}

const SIZED = ["backend.instances", "database.instanceClass", "cache.nodeType"];

/** --details and --show: how much of a report to show. */
export function addViewOptions(cmd: Command, { sections = true } = {}): Command {
  cmd.option("--details", "show everything: every section and every check (a sweep: every service)");
  if (sections) cmd.option("--show <sections>", "sections to show: assumptions,capacity,sizing,costs,checks,reconciliation");
  return cmd;
}

/** Settings that are a share from 0 to 1, where "30" most likely meant 30%. */
const RATIO_PATHS = new Set(["traffic.dauRatio", "traffic.readShare", "backend.targetUtilization", "database.targetUtilization", "cache.hitRate"]);

/** "; for a range write 10k..100m" where a list or count looks like a range written another way. */
export function rangeHint(text: string): string {
  const m = /^\s*([\d.,_]+[kmb]?)\s*(?:-|to|\u2026|\.\.\.|:)\s*([\d.,_]+[kmb]?)\s*$/i.exec(text);
  return m ? `; a range is written ${m[1]}..${m[2]} (with --steps N for the number of points)` : "";
}

/**
 * Mistakes a person makes on the command line that the settings would take at face value or reject
 * without the way out: a $0 or empty budget (what an unquoted `--budget $50k` becomes in a shell),
 * a ratio given as a percentage, a range for --users.
 */
export function checkFlagMistakes(opts: Record<string, unknown>): void {
  const budget = opts.budget;
  if (typeof budget === "string") {
    const usd = parseUSD(budget);
    if (budget.trim() === "" || usd === 0) {
      throw new HeirloomError(
        `--budget: a $0 budget is not a budget (got "${budget}"); an unquoted $ is read by the shell ($50k becomes "0k"): write --budget 50000 or --budget '$50k'`,
      );
    }
  }
  for (const setting of SETTINGS) {
    if (!RATIO_PATHS.has(setting.path)) continue;
    const raw = opts[optionKey(setting.flag)];
    if (typeof raw !== "string") continue;
    const value = Number(raw.replace(/%$/, ""));
    if (Number.isFinite(value) && value >= 2 && value <= 100) {
      const share = value / 100;
      const fraction = Number(share.toFixed(2)) === share ? share.toFixed(2) : String(share);
      throw new HeirloomError(`${setting.flag}: a share from 0 to 1 (got ${raw}): did you mean ${fraction}?`);
    }
  }
  if (typeof opts.users === "string" && typeof parseCount(opts.users) === "string") {
    const hint = rangeHint(opts.users);
    if (hint) throw new HeirloomError(`--users ${opts.users}: one user count here${hint.replace("; a range", "; for a sweep, a range")} in \`heirloom-plan sweep\``);
  }
}

/** The profile (built-in or file) with the flags over it; every name checked against the catalogue. */
export async function resolvePlanOptions(opts: Record<string, unknown>, catalogue: Catalogue): Promise<ResolvedProfile> {
  checkFlagMistakes(opts);
  const loaded = await loadProfile(typeof opts.profile === "string" ? opts.profile : "guide");
  const flags: FlagValue[] = [];
  for (const setting of SETTINGS) {
    const value = opts[optionKey(setting.flag)];
    if (value !== undefined) flags.push({ setting, raw: value as string | boolean });
  }
  if (opts.size === "auto") {
    for (const path of SIZED) {
      const setting = SETTINGS.find((s) => s.path === path)!;
      if (!flags.some((f) => f.setting === setting)) flags.push({ setting, raw: "auto", via: "--size auto" });
    }
  }
  const givenAs = Object.fromEntries(flags.filter((f) => f.via).map((f) => [f.setting.path, f.via!]));
  const resolved = resolveProfile(loaded, flagsToProfileFile(flags), givenAs);
  checkCatalogueNames(resolved, catalogue);
  return resolved;
}

function checkCatalogueNames(resolved: ResolvedProfile, catalogue: Catalogue): void {
  const { profile, sources } = resolved;
  const check = (path: string, value: string, types: Record<string, unknown>, what: string, file = "models/catalogue.json", known = "known") => {
    // Own keys only: "constructor" or "__proto__" is an unknown name, not Object.prototype's.
    if (value === "auto" || lookup(types, value) !== undefined) return;
    const names = Object.keys(types);
    const hint = nearest(value, names);
    const src = sources[path];
    const where = src.setBy === "flag" ? `${src.where}:` : `${src.where} ${path}:`;
    const choices = hint ? ` (did you mean '${hint}'?)` : names.length <= 8 ? ` (${known}: ${names.join(", ")})` : ` (${known}: ${names.slice(0, 6).join(", ")} and ${names.length - 6} more)`;
    throw new HeirloomError(`${where} ${JSON.stringify(value)} is not a known ${what}${choices}; see ${file}`);
  };
  check("backend.instanceType", profile.backend.instanceType, catalogue.ec2.types, "EC2 instance type");
  check("database.instanceClass", profile.database.instanceClass, catalogue.rds.types, "RDS instance class");
  check("cache.nodeType", profile.cache.nodeType, catalogue.elasticache.types, "ElastiCache node type");
  const regions = readModel<{ regions: Record<string, unknown> }>("regions.json").regions;
  check("pricing.region", profile.pricing.region, regions, "region", "models/regions.json", "priced");
}

/** Refuse a plan whose figures leave the sane range (core/limits.ts), naming the input that drives the figure. */
export function assertPlanInRange(figures: PlanFigures, resolved: ResolvedProfile): void {
  const problem = checkPlanLimits(figures);
  if (!problem) return;
  const whereSet = (path: string) => {
    const src = resolved.sources[path];
    if (!src || src.setBy === "default") return undefined;
    return src.setBy === "flag" ? src.where : `${src.where} ${path}`;
  };
  throw new HeirloomError(limitProblemLine(problem, whereSet));
}
