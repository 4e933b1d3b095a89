import { EXIT, type ExitCode } from "./gates.js";

/** Exit codes of the command-line contract (docs/cli-contract.md), defined in gates.ts. */
export { EXIT, type ExitCode };

/** An error the user can fix: its message is one line naming the input and what is wrong. */
export class HeirloomError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode = EXIT.badInput) {
    super(message);
    this.name = "HeirloomError";
    this.exitCode = exitCode;
  }
}

/** Why a file could not be read or written, in a few words (for "FILE: cannot read: ..."). */
export function fileProblem(err: unknown, writing = false): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return writing ? "its folder does not exist" : "no such file";
  if (code === "EISDIR") return "is a directory, not a file";
  if (code === "EACCES") return "permission denied";
  return (err as Error).message;
}
