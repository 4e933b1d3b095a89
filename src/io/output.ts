// Where a report goes: stdout, or a file written whole (temp file, then rename) and never over one the user has.
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { HeirloomError, fileProblem } from "../core/errors.js";

/** Resolve colour once: --no-color, NO_COLOR, FORCE_COLOR, then whether stdout is a terminal. */
export function resolveColor(flag: boolean | undefined, toFile: boolean, env = process.env, isTTY = process.stdout.isTTY): boolean {
  if (flag === false || toFile) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return Boolean(isTTY);
}

/** Write text to stdout, or to --output FILE atomically; an existing file needs --force. */
export function emit(text: string, output: string | undefined, force: boolean, what: string): void {
  if (!output) {
    process.stdout.write(text);
    return;
  }
  writeFileAtomically(output, text, force);
  process.stderr.write(`heirloom-plan: wrote the ${what} to ${output}\n`);
}

/** Write a file whole (temp file, then rename), never over an existing one without --force. */
export function writeFileAtomically(output: string, text: string, force: boolean): void {
  if (existsSync(output) && !force) throw new HeirloomError(`--output ${output}: the file exists; use --force to replace it`);
  const tmp = `${output}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { flag: "wx" });
    renameSync(tmp, output);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new HeirloomError(`--output ${output}: cannot write: ${fileProblem(err, true)}`);
  }
}
