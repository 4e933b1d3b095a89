// Class: stdout that cannot be written (issue 14). A closed pipe (`| head -c1`) ends quietly with the report's
// own exit code; a write error (`> /dev/full`) is one line and exit 2, never exit 1, never a stack.
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, cli } from "../helpers.js";

let dir: string;
let base: string;
let head: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hp-hostile-stdout-"));
  base = join(dir, "base.json");
  writeFileSync(base, cli(["--users", "1m", "--offline", "--format", "json"]).stdout);
  head = join(dir, "head.json");
  writeFileSync(head, cli(["--users", "2m", "--offline", "--format", "json"]).stdout);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = () => {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: dir, AWS_SHARED_CREDENTIALS_FILE: "/nonexistent", AWS_CONFIG_FILE: "/nonexistent", AWS_EC2_METADATA_DISABLED: "true" };
  delete e.AWS_ACCESS_KEY_ID;
  delete e.AWS_PROFILE;
  delete e.FORCE_COLOR;
  return e;
};

/** Run with stdout a pipe whose reading end is closed before the run writes anything. */
function runIntoClosedPipe(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env(), stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy(); // the reader is gone
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

/** Run with stdout on /dev/full (every write fails with ENOSPC). */
function runIntoFullDisk(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const full = openSync("/dev/full", "w");
    const child = spawn(process.execPath, [BIN, ...args], { env: env(), stdio: ["ignore", full, "pipe"] });
    closeSync(full);
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

// Each command that writes to stdout (the third column: whether its report is over a limit, for the reader).
const COMMANDS: [string, () => string[], number][] = [
  ["a JSON plan", () => ["--users", "1m", "--offline", "--format", "json"], 0],
  ["a table plan", () => ["--users", "1m", "--offline"], 0],
  ["a markdown plan over budget", () => ["--users", "1m", "--offline", "--format", "markdown", "--budget", "10"], 1],
  ["a CSV plan", () => ["--users", "1m", "--offline", "--format", "csv"], 0],
  ["a sweep table", () => ["sweep", "--users", "1k..10m", "--steps", "40", "--offline"], 0],
  ["a sweep over budget", () => ["sweep", "--users", "10k,1m", "--offline", "--format", "json", "--budget", "10"], 1],
  ["a diff over its limit", () => ["diff", base, head, "--max-increase", "1%"], 1],
  ["prices show", () => ["prices", "show"], 0],
  ["profiles", () => ["profiles"], 0],
  ["a scaffold dry run", () => ["scaffold", join(dir, "never"), "--offline", "--dry-run"], 0],
];

const ours = (stderr: string) => stderr.split("\n").filter(Boolean).every((l) => l.startsWith("heirloom-plan: "));

describe("a closed pipe ends quietly with the report's own exit code", () => {
  it.each(COMMANDS)("%s", async (_name, args) => {
    // The report's own exit code: the same command with stdout read to the end.
    const own = cli(args()).status;
    expect([0, 1, 3]).toContain(own);
    const r = await runIntoClosedPipe(args());
    expect(r.status).toBe(own);
    expect(ours(r.stderr)).toBe(true);
    expect(r.stderr).not.toContain("EPIPE");
  });
});

describe("a write error is one line and exit 2", () => {
  it.each(COMMANDS)("%s", async (_name, args) => {
    const r = await runIntoFullDisk(args());
    expect(r.status).toBe(2);
    // Notices (prices, a dry run's summary) may come too; the failure is one line, and nothing else is an error.
    expect(ours(r.stderr)).toBe(true);
    expect(r.stderr.split("\n").filter((l) => l.includes("cannot write"))).toEqual(["heirloom-plan: stdout: cannot write the output: no space left on device"]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
