// Where a report goes: stdout, or a file through the one writer of the tool (writeFileSafely).
//
// The writer's promises, by construction:
// - it writes only over a regular file (with --force) or a missing path: never through a device, FIFO, socket or
//   folder, and a symbolic link only with --force, when the link itself is replaced (rename never follows it);
// - the text goes to a temporary file of its own in the same folder (O_EXCL), synced, then put in place in one step,
//   so no reader ever sees half a file;
// - a missing target is claimed with link(), which fails when the name appeared meanwhile: of two runs racing for
//   the same new file exactly one succeeds; a replaced target must still be the file it looked at;
// - its temporary file is removed on any exit it can see (an error, exit, SIGINT, SIGTERM, SIGHUP), and one left by a
//   killed run (SIGKILL) is removed by the next write to the same folder.
import { closeSync, fchmodSync, fsyncSync, linkSync, lstatSync, openSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeSync, type Stats } from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { HeirloomError, fileProblem } from "../core/errors.js";
import { showControlCharsKeepingLines as sanitizeTerminalText } from "../core/control-chars.js";
import { stdoutIsTerminal, writeStderr, writeStdout } from "./stdio.js";

/** Resolve colour once: --no-color, NO_COLOR, FORCE_COLOR, then whether stdout is a terminal. */
export function resolveColor(flag: boolean | undefined, toFile: boolean, env = process.env, isTTY = stdoutIsTerminal()): boolean {
  if (flag === false || toFile) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return Boolean(isTTY);
}

/**
 * Write text to stdout, or to --output FILE through the one writer; an existing file needs --force.
 * `what` starts with the format ("table report", "json diff"): every format but JSON (whose strings are
 * escaped by JSON itself) passes the terminal guard, so no control character from input reaches a terminal.
 */
export function emit(text: string, output: string | undefined, force: boolean, what: string, flag = "--output"): void {
  if (!/^json\b/.test(what)) text = sanitizeTerminalText(text);
  if (!output) {
    writeStdout(text);
    return;
  }
  writeFileSafely(output, text, { force, flag });
  writeStderr(`heirloom-plan: wrote the ${what} to ${output}\n`);
}

/** The old name of the writer, kept for callers: writeFileSafely with --output's wording. */
export function writeFileAtomically(output: string, text: string, force: boolean, flag = "--output"): void {
  writeFileSafely(output, text, { force, flag });
}

export interface SafeWriteOptions {
  /** Replace an existing regular file or symbolic link (the link itself, never what it points to). */
  force: boolean;
  /** How the user named the file, for messages: "--output", "--chart", "scaffold". */
  flag?: string;
  /** Extra words after "use --force" (e.g. what the flag is called in this command). */
  forceHint?: string;
}

/** What kind of thing a path is, in a few words, for a refusal. */
export function describeKind(st: Stats): string {
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSymbolicLink()) return "a symbolic link";
  if (st.isFile()) return "a file";
  return "not a regular file";
}

/** lstat, or undefined for a missing path; other failures are the user's to fix (one line). */
function lstatOrMissing(path: string, label: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ENOTDIR") throw new HeirloomError(`${label}: a part of the path is a file, not a folder`);
    if (code === "ELOOP") throw new HeirloomError(`${label}: too many levels of symbolic links`);
    throw new HeirloomError(`${label}: cannot write: ${fileProblem(err, true)}`);
  }
}

/**
 * Check that `path` may be written: missing, or (with force) a regular file or a symbolic link. Returns what is
 * there now (undefined: nothing). Refusals are one line naming the path.
 */
export function checkWritable(path: string, options: SafeWriteOptions): Stats | undefined {
  const label = `${options.flag ? `${options.flag} ` : ""}${path}`;
  const st = lstatOrMissing(path, label);
  if (!st) return undefined;
  if (st.isSymbolicLink()) {
    const broken = !existsFollowing(path);
    if (!options.force) {
      throw new HeirloomError(`${label}: is a ${broken ? "broken " : ""}symbolic link; use --force to replace the link itself (what it points to is not touched)${options.forceHint ?? ""}`);
    }
    return st;
  }
  if (!st.isFile()) throw new HeirloomError(`${label}: is ${describeKind(st)}, not a regular file; nothing written`);
  if (!options.force) throw new HeirloomError(`${label}: the file exists; use --force to replace it${options.forceHint ?? ""}`);
  return st;
}

/** Whether a path exists following symbolic links (false for a broken or looping link). */
function existsFollowing(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Write a file whole through a temporary file beside it; see the file's head for what it promises. */
export function writeFileSafely(path: string, text: string | Uint8Array, options: SafeWriteOptions): void {
  const label = `${options.flag ? `${options.flag} ` : ""}${path}`;
  const before = checkWritable(path, options);
  const dir = dirname(path);
  const parent = lstatOrMissing(dir, label);
  if (!parent) throw new HeirloomError(`${label}: cannot write: its folder does not exist`);
  removeStaleTemps(dir, basename(path));
  const tmp = tempPathFor(path);
  let fd: number | undefined;
  track(tmp);
  try {
    fd = openSync(tmp, "wx", 0o666);
    // A replaced regular file keeps its permissions.
    if (before?.isFile()) fchmodSync(fd, before.mode & 0o7777);
    const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (!before) claimNew(tmp, path, label);
    else replaceExisting(tmp, path, before, label);
  } catch (err) {
    if (err instanceof HeirloomError) throw err;
    throw new HeirloomError(`${label}: cannot write: ${fileProblem(err, true)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    untrack(tmp);
  }
}

/** Put tmp at a path that was missing: link() fails if the name appeared meanwhile (another run, another program). */
function claimNew(tmp: string, path: string, label: string): void {
  try {
    linkSync(tmp, path);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new HeirloomError(`${label}: appeared while this run was writing it (another run?); left as it is`);
    // A file system without hard links: claim the name with O_EXCL, then move the text over our own claim.
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw err;
  }
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o666);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new HeirloomError(`${label}: appeared while this run was writing it (another run?); left as it is`);
    throw err;
  }
  const claimed = lstatSync(path);
  closeSync(fd);
  replaceExisting(tmp, path, claimed, label);
}

/** Rename tmp over the path, which must still be what was checked (same file, not swapped for a device or link). */
function replaceExisting(tmp: string, path: string, before: Stats, label: string): void {
  const now = lstatOrMissing(path, label);
  if (!now || now.ino !== before.ino || now.dev !== before.dev || (now.mode & 0o170000) !== (before.mode & 0o170000)) {
    throw new HeirloomError(`${label}: changed while this run was writing it (another run?); left as it is`);
  }
  renameSync(tmp, path); // rename replaces a symbolic link itself, never its target
}

const tempPrefix = (base: string) => `.${base}.heirloom-`;

/** A temporary path beside `path`, unique to this process: .NAME.heirloom-PID-RANDOM.tmp. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `${tempPrefix(basename(path))}${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
}

/** Temporary files or folders (tempPathFor) of runs that were killed (their process is gone), for this target. */
export function removeStaleTemps(dir: string, base: string): void {
  const prefix = tempPrefix(base);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || isAlive(pid)) continue;
    try {
      const st = lstatSync(join(dir, name));
      if (st.isFile()) unlinkSync(join(dir, name));
      else if (st.isDirectory()) rmSync(join(dir, name), { recursive: true, force: true });
    } catch {
      // another run cleaned it first
    }
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

// Temporary paths in flight, removed on any exit the process can see.
const pending = new Set<string>();
let hooked = false;
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Remember a temporary path (file or folder) to remove if the process ends before it is done with it. */
export function track(path: string): void {
  pending.add(path);
  if (hooked) return;
  hooked = true;
  process.on("exit", removePending);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

/** Forget a temporary path: it was moved into place or removed. */
export function untrack(path: string): void {
  pending.delete(path);
}

function removePending(): void {
  for (const path of pending) rmSync(path, { recursive: true, force: true });
  pending.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removePending();
  // Die of the signal as we would have without the handler (the shell sees 128 + n).
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.kill(process.pid, signal);
}
