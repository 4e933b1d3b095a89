// Reading a file the user named, bounded: a device (/dev/zero), a FIFO or a huge file ends with one line, never
// with the whole of it in memory.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { HeirloomError, fileProblem } from "../core/errors.js";

/** The most a profile or a saved report may hold: a profile is a few KB, a report some tens. */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** How long a pipe or terminal may keep us waiting for the rest of a file (a FIFO nobody writes to, a tty). */
export const PIPE_DEADLINE_MS = 30_000;

/** Sleep without the event loop (the read is synchronous, as every read of a small input here is). */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Read a text file of at most maxBytes; "what" names it in messages ("profile", "report"); with `terse`,
 * a failure to read says "cannot read: ..." without the noun (the wording diff has always used).
 */
export function readTextBounded(path: string, shownAs: string, what: string, maxBytes = MAX_INPUT_BYTES, terse = false): string {
  const cannot = terse ? "cannot read" : `cannot read ${what}`;
  let fd: number;
  try {
    // Non-blocking: opening a FIFO that nobody writes to must not hang (it reads as empty instead).
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new HeirloomError(`${shownAs}: ${cannot}: ${fileProblem(err)}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new HeirloomError(`${shownAs}: ${cannot}: is a directory, not a file`);
    if (st.isFile() && st.size > maxBytes) throw tooLarge(shownAs, cannot, what, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(64 * 1024);
    const started = Date.now();
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        // A pipe or terminal with nothing yet: wait a little, within the deadline.
        if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
        if (Date.now() - started > PIPE_DEADLINE_MS) throw new HeirloomError(`${shownAs}: ${cannot}: nothing came through it for ${PIPE_DEADLINE_MS / 1000} s (a pipe or terminal that never ends?)`);
        pause(10);
        continue;
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge(shownAs, cannot, what, maxBytes);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    if (total === 0 && st.isFIFO()) throw new HeirloomError(`${shownAs}: ${cannot}: a FIFO (named pipe) that nothing was written to`);
    const bytes = Buffer.concat(chunks);
    if (bytes.includes(0)) throw new HeirloomError(`${shownAs}: ${cannot}: holds NUL bytes; not a text file`);
    return bytes.toString("utf8");
  } catch (err) {
    if (err instanceof HeirloomError) throw err;
    throw new HeirloomError(`${shownAs}: ${cannot}: ${fileProblem(err)}`);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(shownAs: string, cannot: string, what: string, maxBytes: number): HeirloomError {
  return new HeirloomError(`${shownAs}: ${cannot}: larger than ${maxBytes / 1024 / 1024} MB (a ${what} is far smaller); is it the right file?`);
}
