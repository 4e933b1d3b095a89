// Writing a scaffold without ever destroying anything: conflicts found first, files staged beside the
// target, moved in at the end, and put back as they were if a move fails.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { HeirloomError } from "../core/errors.js";

const SKIP = new Set(["node_modules", "dist", ".env"]);
const SKIP_PATHS = new Set(["src/generated"]);

/** Read the template folder: every file but installs, builds, generated code and secrets. */
export function readTemplate(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const full = join(at, name);
      const rel = relative(dir, full).split("\\").join("/");
      if (SKIP.has(name) || SKIP_PATHS.has(rel)) continue;
      if (statSync(full).isDirectory()) walk(full);
      else files.set(rel, readFileSync(full, "utf8"));
    }
  };
  walk(dir);
  return files;
}

/** Files of the target folder, relative, for conflict reports. */
function existingFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split("\\").join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

export interface WritePlan {
  target: string;
  create: string[];
  overwrite: string[];
  /** Files already there that the scaffold does not touch. */
  keep: string[];
}

/** What writing would do; refuses a non-empty folder without --force, listing the conflicts. */
export function planWrite(target: string, files: ReadonlyMap<string, string>, force: boolean): WritePlan {
  if (existsSync(target) && !statSync(target).isDirectory()) throw new HeirloomError(`${target}: exists and is not a folder`);
  const existing = existingFiles(target);
  const ours = new Set(files.keys());
  // A folder where we would write a file, or a file where we need a folder: never moved aside, even with --force.
  for (const path of ours) {
    const parts = path.split("/");
    for (let i = 1; i <= parts.length; i++) {
      const at = join(target, ...parts.slice(0, i));
      if (!existsSync(at)) break;
      const isDir = statSync(at).isDirectory();
      if (i === parts.length ? isDir : !isDir) {
        throw new HeirloomError(`${target}: ${parts.slice(0, i).join("/")} is a ${isDir ? "folder" : "file"} where the scaffold needs a ${isDir ? "file" : "folder"}; move it away first`);
      }
    }
  }
  const overwrite = existing.filter((f) => ours.has(f));
  const keep = existing.filter((f) => !ours.has(f));
  if (existing.length > 0 && !force) {
    const shown = (overwrite.length ? overwrite : existing).slice(0, 8).join(", ");
    const more = (overwrite.length ? overwrite : existing).length > 8 ? ` and ${(overwrite.length ? overwrite : existing).length - 8} more` : "";
    throw new HeirloomError(
      `${target}: the folder is not empty (${existing.length} files); ${overwrite.length ? `would overwrite ${shown}${more}` : `holds ${shown}${more}`}; use --force to write the template's files over it (nothing else is touched)`,
    );
  }
  return { target, create: [...ours].filter((f) => !overwrite.includes(f)).sort(), overwrite, keep };
}

/** Write every file, or none: staged beside the target, moved in, rolled back on failure. */
export function writeFiles(plan: WritePlan, files: ReadonlyMap<string, string>): void {
  const target = resolve(plan.target);
  const parent = dirname(target);
  if (!existsSync(parent)) throw new HeirloomError(`${plan.target}: its parent folder does not exist`);
  const stage = mkdtempSync(join(parent, ".heirloom-scaffold-"));
  const moved: { to: string; backup?: string }[] = [];
  try {
    for (const [path, text] of files) {
      const at = join(stage, "new", path);
      mkdirSync(dirname(at), { recursive: true });
      writeFileSync(at, text);
    }
    if (!existsSync(target)) {
      renameSync(join(stage, "new"), target); // a new folder: one rename, all or nothing
      return;
    }
    for (const path of files.keys()) {
      const to = join(target, path);
      let backup: string | undefined;
      if (existsSync(to)) {
        if (!statSync(to).isFile()) throw new Error(`${path} is not a file`);
        backup = join(stage, "backup", path);
        mkdirSync(dirname(backup), { recursive: true });
        renameSync(to, backup);
        moved.push({ to, backup }); // from here the user's file is in the stage: put it back on failure
      }
      mkdirSync(dirname(to), { recursive: true });
      renameSync(join(stage, "new", path), to);
      if (!backup) moved.push({ to });
    }
  } catch (err) {
    for (const { to, backup } of moved.reverse()) {
      if (existsSync(to) && statSync(to).isFile()) rmSync(to);
      if (backup) renameSync(backup, to);
    }
    throw new HeirloomError(`${plan.target}: could not write the scaffold (${(err as Error).message}); nothing was changed`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
