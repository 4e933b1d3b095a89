// Writing a scaffold without ever destroying anything, and never outside its folder.
//
// - Every path is resolved to its real path before anything is written: a folder on the way that is a link
//   pointing outside the target, a broken link or a link loop is refused (one line, exit 2); a link that
//   stays inside is followed to where it leads. A file we write is only ever a regular file or a missing one
//   (a link there is replaced itself with --force, never followed); a FIFO, device or socket is refused.
// - A new folder is staged beside it and moved in with one rename: all or nothing.
// - An update (--force) is journaled in the target: the new files are staged in heirloom-scaffold-journal/,
//   journal.json lists what will be replaced, each replaced file is moved to the journal's backup/ before its
//   new version goes in. A failure rolls back at once; a run killed part-way (SIGKILL, power) is rolled back by
//   the next scaffold run on the folder, and the journal removed: nothing is left behind.
import { accessSync, constants, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, rmdirSync, statSync, unlinkSync, writeFileSync, type Stats } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { HeirloomError, fileProblem } from "../core/errors.js";
import { describeKind, removeStaleTemps, tempPathFor, track, untrack, writeFileSafely } from "./output.js";

const SKIP = new Set(["node_modules", "dist", ".env"]);
const SKIP_PATHS = new Set(["src/generated"]);
/** Folders counted as one entry of the target, never walked (they can hold a hundred thousand files). */
const NOT_WALKED = new Set(["node_modules", ".git"]);

/** The journal folder of an update in progress (or interrupted) inside the target. */
export const JOURNAL_DIR = "heirloom-scaffold-journal";

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

/** Entries of the target folder, relative, for conflict reports: links listed, never followed. */
function existingFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      const rel = relative(dir, full).split("\\").join("/");
      if (rel === JOURNAL_DIR) continue;
      const st = lstatSync(full);
      if (st.isDirectory() && !NOT_WALKED.has(name)) walk(full);
      else out.push(rel);
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
  /** The target's real path (links resolved); undefined when it does not exist yet. */
  realTarget?: string;
  /** Each file's real path to write, by its path in the scaffold. */
  realPaths?: Map<string, string>;
}

const inside = (root: string, path: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/** lstat, or undefined where nothing is; a loop or a file on the way is the user's to fix. */
function lstatAt(path: string, target: string, rel: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ELOOP") throw new HeirloomError(`${target}: ${rel}: a symbolic link loop; move it away first`);
    if (code === "ENOTDIR") throw new HeirloomError(`${target}: ${rel}: a part of the path is a file where the scaffold needs a folder; move it away first`);
    throw new HeirloomError(`${target}: ${rel}: ${fileProblem(err)}`);
  }
}

/** The real path of a link on the way, which must lead to a folder inside the target. */
function followInside(at: string, realTarget: string, target: string, rel: string): string {
  let real: string;
  try {
    real = realpathSync(at);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP") throw new HeirloomError(`${target}: ${rel} is a symbolic link loop; move it away first`);
    if (code === "ENOENT") throw new HeirloomError(`${target}: ${rel} is a broken symbolic link; move it away first`);
    throw new HeirloomError(`${target}: ${rel}: ${fileProblem(err)}`);
  }
  if (!inside(realTarget, real)) {
    throw new HeirloomError(`${target}: ${rel} is a symbolic link to ${real}, outside the folder; the scaffold writes only inside ${target}; move the link away first`);
  }
  return real;
}

/** The folder a scaffold will be written to: an existing folder (its real path), or a new one in an existing folder. */
function resolveTarget(target: string): { realTarget?: string; parent: string } {
  const abs = resolve(target);
  let st: Stats | undefined;
  try {
    st = statSync(abs); // the target itself may be a link the user named: follow it
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP") throw new HeirloomError(`${target}: a symbolic link loop`);
    if (code === "ENOTDIR") throw new HeirloomError(`${target}: a part of the path is a file, not a folder`);
    if (code !== "ENOENT") throw new HeirloomError(`${target}: ${fileProblem(err)}`);
    let linked: Stats | undefined;
    try {
      linked = lstatSync(abs);
    } catch {
      linked = undefined;
    }
    if (linked?.isSymbolicLink()) throw new HeirloomError(`${target}: a broken symbolic link; make the folder it points to, or give another folder`);
  }
  if (st && !st.isDirectory()) throw new HeirloomError(`${target}: exists and is ${describeKind(st)}, not a folder`);
  const realTarget = st ? realpathSync(abs) : undefined;
  const parent = realTarget ? dirname(realTarget) : dirname(abs);
  if (!realTarget) {
    let parentStat: Stats | undefined;
    try {
      parentStat = statSync(parent);
    } catch {
      parentStat = undefined;
    }
    if (!parentStat) throw new HeirloomError(`${target}: its parent folder does not exist`);
    if (!parentStat.isDirectory()) throw new HeirloomError(`${target}: its parent is not a folder`);
  }
  try {
    accessSync(realTarget ?? parent, constants.W_OK | constants.X_OK);
  } catch {
    throw new HeirloomError(`${target}: ${realTarget ? "the folder" : "its parent folder"} is not writable (permission denied)`);
  }
  return { realTarget, parent };
}

/** What writing would do; refuses a non-empty folder without --force, listing the conflicts. */
export function planWrite(target: string, files: ReadonlyMap<string, string>, force: boolean): WritePlan {
  const { realTarget } = resolveTarget(target);
  if (!realTarget) return { target, create: [...files.keys()].sort(), overwrite: [], keep: [] };
  const realPaths = new Map<string, string>();
  const overwrite: string[] = [];
  const create: string[] = [];
  for (const path of files.keys()) {
    if (isAbsolute(path) || path.split("/").some((p) => p === ".." || p === "" || p === ".")) throw new HeirloomError(`${target}: ${path}: not a path inside the folder`);
    const parts = path.split("/");
    let real = realTarget;
    let exists = true;
    for (let i = 0; i < parts.length; i++) {
      const rel = parts.slice(0, i + 1).join("/");
      const at = join(real, parts[i]);
      const st = exists ? lstatAt(at, target, rel) : undefined;
      const last = i === parts.length - 1;
      if (!st) {
        exists = false;
        real = at;
        continue;
      }
      if (last) {
        if (st.isDirectory()) throw new HeirloomError(`${target}: ${rel} is a folder where the scaffold needs a file; move it away first`);
        if (!st.isFile() && !st.isSymbolicLink()) throw new HeirloomError(`${target}: ${rel} is ${describeKind(st)} where the scaffold writes a file; move it away first`);
        real = at; // a link here is replaced itself (with --force), never followed
        continue;
      }
      if (st.isSymbolicLink()) real = followInside(at, realTarget, target, rel);
      else real = at;
      const dirStat = statSync(real);
      if (!dirStat.isDirectory()) throw new HeirloomError(`${target}: ${rel} is a file where the scaffold needs a folder; move it away first`);
    }
    for (const [other, otherReal] of realPaths) {
      if (otherReal === real) throw new HeirloomError(`${target}: ${path} and ${other} are the same file through a symbolic link; move the link away first`);
    }
    realPaths.set(path, real);
    (exists ? overwrite : create).push(path);
  }
  overwrite.sort();
  create.sort();
  const existing = existingFiles(realTarget);
  const ours = new Set(files.keys());
  const keep = existing.filter((f) => !ours.has(f));
  if (existing.length > 0 && !force) {
    const list = overwrite.length ? overwrite : existing;
    const shown = list.slice(0, 8).join(", ");
    const more = list.length > 8 ? ` and ${list.length - 8} more` : "";
    throw new HeirloomError(
      `${target}: the folder is not empty (${existing.length} files); ${overwrite.length ? `would overwrite ${shown}${more}` : `holds ${shown}${more}`}; use --force to write the template's files over it (nothing else is touched)`,
    );
  }
  return { target, create: create.sort(), overwrite: overwrite.sort(), keep, realTarget, realPaths };
}

/** The journal of an update: what it replaces and creates, written before the target is touched. */
interface Journal {
  format: "heirloom-plan scaffold journal";
  version: 1;
  pid: number;
  /** Each file by its real path relative to the target, and whether one was there before. */
  files: { path: string; existed: boolean }[];
  /** Folders the update creates, parents first (removed again on rollback when empty). */
  dirs: string[];
}

const JOURNAL_README = `An interrupted \`heirloom-plan scaffold --force\` left this folder.
The next \`heirloom-plan scaffold\` run on the project puts every file back as it was (from backup/, as journal.json lists them)
and removes this folder. To do it by hand: move each file of backup/ back to its place, delete the files journal.json lists
with "existed": false, then delete this folder.
`;

/** Write every file, or none; an update is journaled so that even a killed run is undone by the next. */
export function writeFiles(plan: WritePlan, files: ReadonlyMap<string, string>): void {
  if (!plan.realTarget || !plan.realPaths) return writeNewFolder(plan, files);
  const root = plan.realTarget;
  const journalDir = join(root, JOURNAL_DIR);
  try {
    mkdirSync(journalDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new HeirloomError(`${plan.target}: another heirloom-plan scaffold is writing this folder (${JOURNAL_DIR}/ exists); wait for it, or run again if it was killed`);
    throw new HeirloomError(`${plan.target}: cannot write: ${fileProblem(err, true)}`);
  }
  // Who owns the journal, first thing: another run finding it while this one stages knows it is alive.
  try {
    writeFileSync(join(journalDir, "pid"), String(process.pid));
  } catch (err) {
    rmSync(journalDir, { recursive: true, force: true });
    throw new HeirloomError(`${plan.target}: cannot write: ${fileProblem(err, true)}`);
  }
  const entries = [...files.keys()].map((path) => {
    const real = plan.realPaths!.get(path)!;
    return { path, real, rel: relative(root, real).split(sep).join("/"), existed: plan.overwrite.includes(path) };
  });
  const journal: Journal = { format: "heirloom-plan scaffold journal", version: 1, pid: process.pid, files: entries.map((e) => ({ path: e.rel, existed: e.existed })), dirs: [] };
  let committed = false;
  try {
    writeFileSync(join(journalDir, "README.txt"), JOURNAL_README);
    for (const e of entries) {
      const staged = join(journalDir, "new", e.rel);
      mkdirSync(dirname(staged), { recursive: true });
      writeFileSync(staged, files.get(e.path)!);
    }
    // The folders the update needs, parents first: recorded before they are made.
    const dirs = new Set<string>();
    for (const e of entries) {
      for (let d = dirname(e.real); d !== root && inside(root, d); d = dirname(d)) {
        if (lstatAt(d, plan.target, relative(root, d)) === undefined) dirs.add(relative(root, d).split(sep).join("/"));
      }
    }
    journal.dirs = [...dirs].sort((a, b) => a.split("/").length - b.split("/").length);
    writeFileSafely(join(journalDir, "journal.json"), JSON.stringify(journal, null, 2) + "\n", { force: false });
    committed = true; // from here the target changes: the journal can undo every step
    for (const d of journal.dirs) mkdirSync(join(root, d), { recursive: true });
    const crashAfter = Number(process.env.HEIRLOOM_TEST_SCAFFOLD_KILL_AFTER);
    let moved = 0;
    for (const e of entries) {
      const to = join(root, e.rel);
      checkStillInside(root, to, plan.target, e.rel);
      if (e.existed) {
        const backup = join(journalDir, "backup", e.rel);
        mkdirSync(dirname(backup), { recursive: true });
        renameSync(to, backup);
      }
      renameSync(join(journalDir, "new", e.rel), to);
      // A test hook: die here, as a power cut would (the next run must roll this back).
      if (++moved === crashAfter) process.kill(process.pid, "SIGKILL");
    }
  } catch (err) {
    if (committed) rollBack(root, journalDir, journal);
    rmSync(journalDir, { recursive: true, force: true });
    if (err instanceof HeirloomError) throw new HeirloomError(`${err.message}; nothing was changed`);
    throw new HeirloomError(`${plan.target}: could not write the scaffold (${fileProblem(err, true)}); nothing was changed`);
  }
  rmSync(journalDir, { recursive: true, force: true });
}

/** A folder on the way to a file must still be the real folder it was when planned (not swapped for a link). */
function checkStillInside(root: string, to: string, target: string, rel: string): void {
  let real: string;
  try {
    real = realpathSync(dirname(to));
  } catch (err) {
    throw new HeirloomError(`${target}: ${rel}: its folder changed while writing (${fileProblem(err)})`);
  }
  if (real !== dirname(to)) throw new HeirloomError(`${target}: ${rel}: its folder became a symbolic link while writing`);
  const st = lstatSync(to, { throwIfNoEntry: false });
  if (st && !st.isFile() && !st.isSymbolicLink()) throw new HeirloomError(`${target}: ${rel} became ${describeKind(st)} while writing`);
}

/** Put every file of a journal back as it was; folders the update made are removed when empty. */
function rollBack(root: string, journalDir: string, journal: Journal): void {
  for (const f of [...journal.files].reverse()) {
    const to = join(root, f.path);
    const backup = join(journalDir, "backup", f.path);
    const staged = join(journalDir, "new", f.path);
    if (lstatSync(backup, { throwIfNoEntry: false })) {
      mkdirSync(dirname(to), { recursive: true });
      renameSync(backup, to); // the user's file back, over the new one if it was already in place
    } else if (!f.existed && !lstatSync(staged, { throwIfNoEntry: false }) && lstatSync(to, { throwIfNoEntry: false })?.isFile()) {
      unlinkSync(to); // a file this update created (its staged copy was moved in)
    }
  }
  for (const d of [...journal.dirs].reverse()) {
    try {
      rmdirSync(join(root, d));
    } catch {
      // not empty: someone put something there; leave it
    }
  }
}

/**
 * Undo an update that was killed part-way (its journal is in the folder): files put back, the journal removed.
 * Returns a sentence for the user, or undefined when there was nothing to undo. Refuses while the run that wrote
 * the journal is still alive.
 */
export function recoverInterrupted(target: string): string | undefined {
  let root: string;
  try {
    root = realpathSync(resolve(target));
    if (!statSync(root).isDirectory()) return undefined; // planWrite says what is wrong with it
  } catch {
    return undefined;
  }
  const journalDir = join(root, JOURNAL_DIR);
  const st = lstatSync(journalDir, { throwIfNoEntry: false });
  if (!st) return undefined;
  if (!st.isDirectory()) throw new HeirloomError(`${target}: ${JOURNAL_DIR} is not the scaffold's journal folder; move it away first`);
  let journal: Journal | undefined;
  try {
    journal = JSON.parse(readFileSync(join(journalDir, "journal.json"), "utf8")) as Journal;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new HeirloomError(`${target}: ${JOURNAL_DIR}/journal.json is unreadable (${fileProblem(err)}); see ${JOURNAL_DIR}/README.txt`);
    journal = undefined; // killed before the target was touched
  }
  const owner = journal?.pid ?? Number(readFileQuiet(join(journalDir, "pid")));
  if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
    throw new HeirloomError(`${target}: another heirloom-plan scaffold (pid ${owner}) is writing this folder; wait for it`);
  }
  if (journal) {
    if (journal.format !== "heirloom-plan scaffold journal" || !Array.isArray(journal.files) || journal.files.some((f) => !isSafeRel(f.path)) || !Array.isArray(journal.dirs) || journal.dirs.some((d) => !isSafeRel(d))) {
      throw new HeirloomError(`${target}: ${JOURNAL_DIR}/journal.json is not a scaffold journal; see ${JOURNAL_DIR}/README.txt`);
    }
    try {
      rollBack(root, journalDir, journal);
    } catch (err) {
      throw new HeirloomError(`${target}: could not undo the interrupted scaffold (${fileProblem(err)}); see ${JOURNAL_DIR}/README.txt`);
    }
  }
  rmSync(journalDir, { recursive: true, force: true });
  return journal
    ? `${target}: an earlier scaffold --force was interrupted; its ${journal.files.length} files were put back as they were before it`
    : `${target}: removed the journal of an earlier scaffold that was interrupted before it changed anything`;
}

function readFileQuiet(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

const isSafeRel = (p: unknown) => typeof p === "string" && p !== "" && !isAbsolute(p) && !p.split("/").some((s) => s === ".." || s === "" || s === ".");

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A new folder: staged beside it (removed on any exit, or by the next run if killed), moved in with one rename. */
function writeNewFolder(plan: WritePlan, files: ReadonlyMap<string, string>): void {
  const target = resolve(plan.target);
  const parent = dirname(target);
  removeStaleTemps(parent, basename(target));
  const stage = tempPathFor(target);
  track(stage);
  try {
    mkdirSync(stage);
    for (const [path, text] of files) {
      const at = join(stage, path);
      mkdirSync(dirname(at), { recursive: true });
      writeFileSync(at, text);
    }
    try {
      renameSync(stage, target); // all or nothing; fails if the folder appeared meanwhile with files in it
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOTEMPTY" || code === "EEXIST" || code === "ENOTDIR" || code === "EISDIR") {
        throw new HeirloomError(`${plan.target}: appeared while the scaffold was being written (another run?); nothing was changed`);
      }
      throw err;
    }
  } catch (err) {
    if (err instanceof HeirloomError) throw err;
    throw new HeirloomError(`${plan.target}: could not write the scaffold (${fileProblem(err, true)}); nothing was changed`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
    untrack(stage);
  }
}
