/** Exit codes of the command-line contract (shared/spec/cli-contract.md). */
export const EXIT = {
  ok: 0,
  failed: 1,
  badInput: 2,
  pricesUnavailable: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

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
