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
