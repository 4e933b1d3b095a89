// The way out of a word commander could not place: a mistyped subcommand, or a bare user count.
import type { Command } from "commander";
import { parseCount } from "../core/units.js";
import { nearest } from "../core/profile/schema.js";

/** The first word on the command line that is neither an option nor an option's value. */
function strayWord(argv: readonly string[], program: Command): string | undefined {
  const takesValue = new Set(program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short].filter((x): x is string => Boolean(x))));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") return argv[i + 1];
    if (a.startsWith("-")) {
      if (!a.includes("=") && takesValue.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}

/**
 * A one-line message for an argument the top-level command does not take, or undefined where there is
 * nothing better to say than commander's own: `heirloom-plan sweeep` -> did you mean sweep?;
 * `heirloom-plan 1000000` -> did you mean --users 1000000?
 */
export function explainStrayArgument(argv: readonly string[], program: Command, onlyCommands = false): string | undefined {
  const word = strayWord(argv, program);
  const names = program.commands.map((c) => c.name());
  // A subcommand's own error (`diff a.json b.json --bogus`): commander's message says it, and names the option.
  if (word === undefined || names.includes(word)) return undefined;
  const hint = nearest(word, names);
  // After an unknown option, speak only of a mistyped command (`heirloom-plan swep --chart x.svg`).
  if (onlyCommands) return hint ? `unknown command "${word}": did you mean ${hint}?` : undefined;
  if (typeof parseCount(word) === "number" || /^\d[\d.,_]*[kmb]?$/i.test(word)) return `unexpected "${word}": did you mean --users ${word}?`;
  return hint
    ? `unknown command "${word}": did you mean ${hint}? (commands: ${names.join(", ")})`
    : `unknown command "${word}" (commands: ${names.join(", ")}; a plan takes options only, e.g. --users 1m)`;
}
