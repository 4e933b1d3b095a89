// commander wiring: one place turns errors into one line on stderr and an exit code.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { EXIT, HeirloomError } from "../core/errors.js";
import { packageRoot } from "../io/paths.js";
import { onStdoutFailure, writeStderr, writeStdout } from "../io/stdio.js";
import { escapeTerminal } from "../present/escape.js";
import { planCommand } from "./plan-command.js";
import { addPlanOptions, addViewOptions } from "./plan-options.js";
import { explainStrayArgument } from "./suggest.js";
import { FORMATS } from "./render.js";

/** The commands besides the plan, loaded only when one runs: a plan does not compile them. */
const commands = () => import("./commands.js");

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

const formatOption = () => new Option("--format <format>", "report format").choices(FORMATS);

/** Where AWS's prices come from: the same four flags on every command that prices a plan. */
function addPricingOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--pricing <source>", "which prices: the guide's, AWS's, or both (default: both)").choices(["guide", "aws", "both"]))
    .option("--prices <file>", "AWS prices from this snapshot file (from `prices pull`) instead of the bundled one")
    .option("--offline", "AWS prices from the cache or bundled snapshot only, never the network")
    .option("--refresh-prices", "ignore the price cache and ask AWS again");
}

/** Run the CLI with arguments (without node and the script); sets process.exitCode. */
export async function run(argv: string[]): Promise<void> {
  const debug = argv.includes("--debug");
  guardStdio();
  quietWarnings(debug);
  // A subcommand's ~40 plan flags are declared only when it is the one run (or help is asked for):
  // declaring them all costs start-up time for nothing.
  const wants = (name: string) => argv.includes(name) || argv.some((a) => a === "--help" || a === "-h" || a === "help");
  const planFlags = (cmd: Command, name: string, options?: { users?: boolean }) => (wants(name) ? addPlanOptions(cmd, options) : cmd);
  const program = new Command("heirloom-plan");
  program
    .description("Capacity and monthly AWS cost of the performance guide's backend for a number of users")
    .version(version(), "-V, --version")
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: writeStdout, writeErr: () => {}, outputError: () => {} })
    .showSuggestionAfterError(true)
    .option("--debug", "show stack traces");
  addViewOptions(addPricingOptions(addPlanOptions(program, { termAll: true })))
    .addOption(formatOption())
    .option("--strict", "exit 1 when any check fails")
    .option("--output <file>", "write the report to a file instead of stdout")
    .option("--force", "with --output, replace an existing file")
    .option("--no-color", "no colour in the table")
    .action(async (opts: Record<string, unknown>) => {
      process.exitCode = await planCommand(opts, version());
    });

  program
    .command("profiles")
    .description("list the built-in profiles")
    .action(async () => {
      await (await commands()).profilesCommand();
    });

  addPricingOptions(planFlags(program.command("scaffold").description("write the guide's reference backend, sized from the plan").argument("<dir>", "the folder to create"), "scaffold"))
    .option("--force", "write into a non-empty folder: on an existing project only the plan's files and the README's plan block; elsewhere the template's files (nothing else is touched)")
    .option("--all", "with --force on an existing project, rewrite every template file too (src/, package.json, ...)")
    .option("--dry-run", "list what would be written, write nothing")
    .action(async (dir: string, opts: Record<string, unknown>) => {
      process.exitCode = await (await commands()).scaffoldCommand(dir, opts, version());
    });

  addPricingOptions(planFlags(program.command("sweep").description("the plan across user counts: one row each (on AWS's prices where found), and a chart"), "sweep", { users: false }))
    .requiredOption("--users <list>", "user counts: 10k,100k,1m or a range 10k..100m")
    .option("--steps <n>", "points in a range, log-spaced (default 9)")
    .option("--chart <file.svg>", "write an SVG chart of monthly cost by service")
    .option("--details", "every service's cost in the table")
    .addOption(formatOption())
    .option("--output <file>", "write the sweep to a file")
    .option("--force", "replace an existing --output or --chart file")
    .action(async (opts: Record<string, unknown>) => {
      process.exitCode = await (await commands()).sweepCommand(opts, version());
    });

  program
    .command("diff")
    .description("compare two saved JSON reports: per service and total, and what drove the change")
    .argument("<base>", "the report before (e.g. from the base branch)")
    .argument("<head>", "the report after")
    .option("--max-increase <limit>", "exit 1 when the monthly total grows by more than this: 10% or 500 (dollars)")
    .option("--label-base <name>", "what to call the base in the output (default: its profile's name)")
    .option("--label-head <name>", "what to call the head in the output (default: its profile's name)")
    .option("--base-missing-ok", "a base report that does not exist means the head is new (the PR that adds the profile)")
    .addOption(formatOption())
    .option("--output <file>", "write the diff to a file")
    .option("--force", "replace an existing --output file")
    .action(async (base: string, head: string, opts: Record<string, unknown>) => {
      process.exitCode = await (await commands()).diffCommand(base, head, opts);
    });

  program
    .command("calibrate")
    .description("measure what one running backend instance carries under the plan's mix, fit it, and write a profile that plans on it")
    .option("--url <url>", "the running backend (loopback only, unless --allow-remote)")
    .option("--token <jwt>", "a user's bearer token (repeat for many users)", (v: string, all: string[] = []) => [...all, v])
    .option("--tokens <file>", "users' bearer tokens, one a line (`npm run token -- --count 200` in the backend)")
    .option("--metrics-token <token>", "the backend's METRICS_TOKEN, to read CPU, memory, cache and SQL figures from /metrics")
    .option("--profile <name|path>", "the plan's profile: its read share and CPU target, and the settings the written profile keeps")
    .option("--output <file.yaml>", "write the calibrated profile here")
    .option("--force", "replace an existing --output or --chart file")
    .option("--max-duration <time>", "the whole run's time budget, e.g. 90s or 2m (default 2m)")
    .option("--max-requests <n>", "the whole run's request budget (default 200000)")
    .option("--steps <list>", "concurrent clients per step, rising (default 1,2,4,8,16,32)")
    .option("--chart <file.svg>", "write an SVG chart of throughput and p99 by concurrency, with the fit")
    .addOption(formatOption())
    .option("--allow-remote", "allow a URL that is not this machine's loopback (calibration is load generation: only on your own systems)")
    .action(async (opts: Record<string, unknown>) => {
      // Loaded only when run: a plan never parses the calibration code (nor autocannon, which it loads lazily).
      const { calibrateCommand } = await import("./calibrate-command.js");
      process.exitCode = await calibrateCommand(opts, version());
    });

  const prices = program.command("prices").description("AWS prices: pull them into a snapshot and the cache, or show what is stored");
  planFlags(prices.command("pull").description("fetch every price the plan needs from the AWS Price List API"), "pull")
    .option("--catalogue", "every type of the catalogue, not only the plan's (a full snapshot for sizing and sweeps)")
    .option("--output <file>", "the snapshot file to write (default: heirloom-prices-REGION.json)")
    .option("--force", "replace an existing snapshot file")
    .action(async (opts: Record<string, unknown>) => {
      process.exitCode = await (await commands()).pricesPull(opts);
    });
  prices
    .command("show")
    .description("list the coverage of the stored prices (cache and snapshot): region x term x kind, priced and missing")
    .option("--region <region>", "AWS region (default: every priced region)")
    .option("--prices <file>", "a snapshot file instead of the bundled one")
    .addOption(new Option("--format <format>", "table or json").choices(["table", "json"]))
    .action(async (opts: Record<string, unknown>) => {
      process.exitCode = await (await commands()).pricesShow(opts);
    });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (err) {
    // A word the top-level command cannot place: a mistyped subcommand or a bare user count.
    const code = err instanceof CommanderError ? err.code : "";
    const stray = code === "commander.excessArguments" || code === "commander.unknownOption" ? explainStrayArgument(argv, program, code === "commander.unknownOption") : undefined;
    process.exitCode = handleError(stray ? new HeirloomError(stray) : err, debug);
  }
  if (stdoutFailed) process.exitCode = EXIT.badInput;
}

/**
 * Node's own warnings (a deprecation in a dependency, "Possible EventTarget memory leak") never reach stderr,
 * whose every line is ours: they are shown with --debug only. Node prints them through a listener of its own,
 * which this replaces.
 */
function quietWarnings(debug: boolean): void {
  process.removeAllListeners("warning");
  process.on("warning", (warning) => {
    if (debug) writeStderr(`heirloom-plan: (debug) Node warning: ${escapeTerminal(`${warning.name}: ${warning.message}`)}\n`);
  });
}

let stdoutFailed = false;
let stdioGuarded = false;

/**
 * stdout that cannot be written: a closed pipe (`| head -c1`) ends quietly with the report's own exit code;
 * any other failure (a full disk, `> /dev/full`) is one line on stderr and exit 2. Never a stack, never exit 1.
 */
function guardStdio(): void {
  if (stdioGuarded) return;
  stdioGuarded = true;
  // A closed pipe (EPIPE) is not a failure: the reader has what it wanted (src/io/stdio.ts stops writing).
  onStdoutFailure((err) => {
    stdoutFailed = true;
    process.exitCode = EXIT.badInput;
    const why = STDOUT_PROBLEMS[err.code ?? ""] ?? err.message;
    writeStderr(`heirloom-plan: stdout: cannot write the output: ${why}\n`);
  });
}

const STDOUT_PROBLEMS: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EIO: "input/output error",
  EBADF: "stdout is closed",
  EAGAIN: "stdout would block",
});

function handleError(err: unknown, debug: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return EXIT.ok;
    writeStderr(`heirloom-plan: ${escapeTerminal(err.message.replace(/^error: /, "").replace(/\n+/g, " ").trim())}\n`);
    return EXIT.badInput;
  }
  if (err instanceof HeirloomError) {
    // One line, whatever the input it quotes holds (a newline or an escape sequence in a file name).
    writeStderr(`heirloom-plan: ${escapeTerminal(err.message)}\n`);
    if (debug && err.stack) writeStderr(`${err.stack}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  writeStderr(`heirloom-plan: internal error (a bug, please report it): ${e?.message ?? String(err)}\n${e?.stack ?? ""}\n`);
  return 70;
}
