// stdout and stderr, written with write(2) rather than through process.stdout and process.stderr: Node builds
// those streams on first use, loading its stream and socket modules, which cost a plan more than its own
// work. Writes are whole (a short write is continued; a full non-blocking pipe is waited for), so the
// output is the same as through the streams; what happens when stdout cannot be written is for the CLI
// to say (onStdoutFailure).
import { fstatSync, statSync, writeSync } from "node:fs";

const STDOUT = 1;
const STDERR = 2;

/** stdout's reader has gone (EPIPE): nothing more is written there, quietly. */
let stdoutClosed = false;
let failureHandler: (err: NodeJS.ErrnoException) => void = () => {};

/** What to do, once, when stdout fails for another reason than a closed pipe (a full disk, a closed fd). */
export function onStdoutFailure(handler: (err: NodeJS.ErrnoException) => void): void {
  failureHandler = handler;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Write all of `text` to fd; throws what write(2) throws, except a would-block, which is waited out. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
      Atomics.wait(pause, 0, 0, 5); // a non-blocking pipe that is full: its reader is behind
    }
  }
}

export function writeStdout(text: string): void {
  if (stdoutClosed || text === "") return;
  try {
    writeAll(STDOUT, text);
  } catch (err) {
    stdoutClosed = true;
    if ((err as NodeJS.ErrnoException).code !== "EPIPE") failureHandler(err as NodeJS.ErrnoException);
  }
}

export function writeStderr(text: string): void {
  try {
    writeAll(STDERR, text);
  } catch {
    // A closed stderr has no one to tell.
  }
}

let terminal: boolean | undefined;
/**
 * Whether stdout is a terminal. A file, a pipe or /dev/null is told by fstat alone; only a character device
 * that is not /dev/null asks Node's tty module (which a terminal session can afford).
 */
export function stdoutIsTerminal(): boolean {
  if (terminal !== undefined) return terminal;
  try {
    const st = fstatSync(STDOUT);
    terminal = st.isCharacterDevice() && st.rdev !== statSync("/dev/null").rdev && Boolean(process.stdout.isTTY);
  } catch {
    terminal = false;
  }
  return terminal;
}

/** The terminal's width in columns, when stdout is one. */
export function stdoutColumns(): number | undefined {
  return stdoutIsTerminal() ? process.stdout.columns : undefined;
}
