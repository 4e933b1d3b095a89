// `heirloom-plan scaffold DIR`: the guide's reference backend, sized from the plan.
import { lstatSync } from "node:fs";
import { join, resolve } from "node:path";
import { EXIT } from "../core/errors.js";
import { packageRoot } from "../io/paths.js";
import { PGBOUNCER_INI, README_BLOCK, renderScaffold } from "../present/scaffold-files.js";
import { num } from "../present/format.js";
import { escapeTerminal, sanitizeTerminalText } from "../present/escape.js";
import { JOURNAL_DIR, planWrite, readTemplate, recoverInterrupted, writeFiles } from "../io/scaffold-write.js";
import { readTextBounded } from "../io/read-bounded.js";
import { notify, planReport, type PlanCommandOptions } from "./pipeline.js";
import { writeStdout } from "../io/stdio.js";

/** Files the plan decides (issue 11): on an existing project, `--force` rewrites only these (and the README's plan block). */
export function isPlanDerived(path: string): boolean {
  return path === "heirloom.config.json" || path === "plan.json" || path.startsWith("deploy/");
}

/** The file that marks a folder as a scaffolded project. */
const PROJECT_MARKER = "heirloom.config.json";

export async function scaffoldCommand(dir: string, opts: PlanCommandOptions & { dryRun?: boolean; all?: boolean }, version: string): Promise<number> {
  const { report, resolved } = await planReport(opts, version);
  let files = renderScaffold(report, readTemplate(join(packageRoot(), "templates", "backend")));
  const shownDir = escapeTerminal(dir);
  // A run killed part-way is undone before anything else looks at the folder.
  if (opts.dryRun) {
    if (lstatQuiet(join(resolve(dir), JOURNAL_DIR))) notify(`${shownDir}: an earlier scaffold was interrupted; the next run without --dry-run puts its files back first`);
  } else {
    const recovered = recoverInterrupted(dir);
    if (recovered) notify(escapeTerminal(recovered));
  }
  let readmeNote = "";
  if (opts.force && !opts.all && isFile(join(dir, PROJECT_MARKER))) {
    // An existing project: re-sizing it rewrites what the plan decides, never the user's code.
    const kept = files.size;
    const onlyPlan = new Map([...files].filter(([path]) => isPlanDerived(path)));
    const readme = updatedReadme(join(dir, "README.md"), files.get("README.md")!);
    if (readme.text !== undefined) onlyPlan.set("README.md", readme.text);
    else readmeNote = `; README.md ${readme.why}, left as it is`;
    files = onlyPlan;
    readmeNote = ` (an existing project: only the plan's files${readme.text !== undefined ? " and the README's plan block" : ""}; ${kept - files.size} template files left as they are, --all rewrites them)${readmeNote}`;
  }
  const plan = planWrite(dir, files, Boolean(opts.force));
  if (opts.dryRun) {
    const lines = [...plan.create.map((f) => `create     ${f}`), ...plan.overwrite.map((f) => `overwrite  ${f}`), ...plan.keep.map((f) => `keep       ${f}`)];
    writeStdout(sanitizeTerminalText(`${lines.join("\n")}\n`));
    notify(`dry run: would write ${files.size} files to ${shownDir} (${plan.overwrite.length} over existing ones)${readmeNote}; nothing written`);
    return EXIT.ok;
  }
  writeFiles(plan, files);
  // A re-size that no longer needs PgBouncer: the app stops using it (heirloom.config.json), but the old
  // deploy/pgbouncer.ini is the user's to remove, not ours.
  if (opts.force && !files.has(PGBOUNCER_INI) && isFile(join(dir, PGBOUNCER_INI))) {
    notify(`${shownDir}/${PGBOUNCER_INI} is from an earlier plan: this one needs no PgBouncer, and heirloom.config.json no longer uses it; delete the file, or plan with --pgbouncer`);
  }
  writeStdout(
    `Wrote ${files.size} files to ${shownDir}${readmeNote}, sized for ${num(resolved.profile.users)} users (${report.capacity.instances} instances, pool ${resolved.profile.backend.poolSize}, cache TTL ${resolved.profile.cache.ttlSeconds} s).\n` +
      `Next:\n  cd ${shownDir}\n  cp .env.example .env    # set DATABASE_URL, REDIS_URL, JWT_SECRET\n  npm install\n  npm run db:deploy\n  npm run build && npm start\n`,
  );
  return EXIT.ok;
}

/** lstat, or undefined for anything that is not there (missing, or a file on the way: planWrite says which). */
function lstatQuiet(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function isFile(path: string): boolean {
  return lstatQuiet(path)?.isFile() ?? false;
}

/** The project's own README with only its plan block replaced by the rendered one's; or why it cannot be. */
function updatedReadme(path: string, rendered: string): { text?: string; why: string } {
  if (!isFile(path)) return { why: "is missing or not a regular file" };
  const mine = readTextBounded(path, path, "README");
  const block = (text: string) => {
    const start = text.indexOf(README_BLOCK.start);
    const end = text.indexOf(README_BLOCK.end);
    return start < 0 || end < start ? undefined : { start, end };
  };
  const at = block(mine);
  const from = block(rendered);
  if (!at || !from) return { why: `has no ${README_BLOCK.start} block` };
  return { text: mine.slice(0, at.start) + rendered.slice(from.start, from.end) + mine.slice(at.end), why: "" };
}
