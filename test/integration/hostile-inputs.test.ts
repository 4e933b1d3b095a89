// Classes: inputs bounded, numbers never silently wrong, plans past the sane range refused, reports read back
// checked (issue 14). Each member: one line on stderr naming the input, exit 2, nothing on stdout.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers.js";

let dir: string;
let base: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hp-hostile-inputs-"));
  base = join(dir, "base.json");
  const r = cli(["--users", "1m", "--offline", "--format", "json"]);
  writeFileSync(base, r.stdout);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One line on stderr (notices about prices aside), exit 2, nothing on stdout. */
function refused(args: string[], line: string | RegExp) {
  const r = cli(args, { timeout: 30_000 });
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.split("\n").filter((l) => l !== "" && !l.includes("AWS prices"));
  expect(lines).toHaveLength(1);
  if (typeof line === "string") expect(lines[0]).toBe(line);
  else expect(lines[0]).toMatch(line);
  expect(r.stderr).not.toMatch(/\n\s+at |Warning|warning: Possible/);
}

describe("inputs bounded: profiles of any size or kind end at once", () => {
  it("an alias bomb", () => {
    const file = join(dir, "bomb.yaml");
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) levels.push(`${"abcdefghi"[i]}: &${"abcdefghi"[i]} [${Array(10).fill(`*${"abcdefghi"[i - 1]}`).join(", ")}]`);
    writeFileSync(file, `${levels.join("\n")}\nusers: 1000\n`);
    refused(["--profile", file, "--offline"], `heirloom-plan: ${file}: YAML aliases expand too far (Excessive alias count indicates a resource exhaustion attack); a profile needs no nested aliases`);
  });

  it("a profile larger than 1 MB", () => {
    const file = join(dir, "large.yaml");
    writeFileSync(file, `users: 1000\ndescription: "${"x".repeat(1024 * 1024)}"\n`);
    refused(["--profile", file, "--offline"], `heirloom-plan: ${file}: cannot read profile: larger than 1 MB (a profile is far smaller); is it the right file?`);
  });

  it("an endless profile (a character device of the machine that only reads: /dev/zero)", () => {
    refused(["--profile", "/dev/zero", "--offline"], "heirloom-plan: /dev/zero: cannot read profile: larger than 1 MB (a profile is far smaller); is it the right file?");
  });

  it("a folder, and a binary file", () => {
    refused(["--profile", `${dir}/`, "--offline"], `heirloom-plan: ${dir}/: cannot read profile: is a directory, not a file`);
    const file = join(dir, "binary.yaml");
    writeFileSync(file, Buffer.from([0x75, 0x73, 0x00, 0x01]));
    refused(["--profile", file, "--offline"], `heirloom-plan: ${file}: cannot read profile: holds NUL bytes; not a text file`);
  });

  it("a FIFO nobody writes to (it never blocks)", () => {
    const fifo = join(dir, "profile.fifo");
    execFileSync("mkfifo", [fifo]);
    refused(["--profile", fifo, "--offline"], `heirloom-plan: ${fifo}: cannot read profile: a FIFO (named pipe) that nothing was written to`);
    refused(["diff", fifo, base], `heirloom-plan: ${fifo}: cannot read: a FIFO (named pipe) that nothing was written to`);
  });

  it("a report larger than 16 MB given to diff", () => {
    const file = join(dir, "huge.json");
    writeFileSync(file, " ".repeat(16 * 1024 * 1024 + 1));
    refused(["diff", base, file], `heirloom-plan: ${file}: cannot read: larger than 16 MB (a report is far smaller); is it the right file?`);
  });
});

describe("numbers: a decimal comma is an error, never a different number", () => {
  it.each([
    [["--users", "2,5m"], 'heirloom-plan: --users: has a decimal comma (got "2,5m"); write a decimal point: 2.5m (commas only group thousands, as in 1,000,000)'],
    [["--users", "1,5"], 'heirloom-plan: --users: has a decimal comma (got "1,5"); write a decimal point: 1.5 (commas only group thousands, as in 1,000,000)'],
    [["--users", "1,00,000"], 'heirloom-plan: --users: has commas that do not group thousands (got "1,00,000"); write 1000000, 1,000,000 or 1e6'],
    [["--users", "1m", "--budget", "2,5k"], 'heirloom-plan: --budget: has a decimal comma (got "2,5k"); write a decimal point: 2.5k (commas only group thousands, as in 1,000,000)'],
    [["--users", "1m", "--dau-ratio", "0,3"], 'heirloom-plan: --dau-ratio: has a decimal comma (got "0,3"); write a decimal point: 0.3 (commas only group thousands, as in 1,000,000)'],
    [["--users", "1m", "--rps-per-instance", "0x10"], 'heirloom-plan: --rps-per-instance: must be a number (got "0x10")'],
  ])("%j", (args, line) => refused([...args, "--offline"], line));

  it("a decimal comma in a profile file", () => {
    const file = join(dir, "comma.yaml");
    writeFileSync(file, 'users: "2,5m"\n');
    refused(["--profile", file, "--offline"], `heirloom-plan: ${file}:1:1 users: has a decimal comma (got "2,5m"); write a decimal point: 2.5m (commas only group thousands, as in 1,000,000)`);
  });

  it("thousands separators still read as they always did", () => {
    const r = cli(["--users", "1,000,000", "--offline", "--format", "json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).capacity.users).toBe(1_000_000);
  });
});

describe("plans whose figures leave the sane range are refused, naming the input", () => {
  it.each([
    [["--users", "1m", "--instances", "auto", "--rps-per-instance", "1e-300"], /^heirloom-plan: --rps-per-instance: the plan would need [\d.]+e\+301 backend instances, more than 100,000; no plan is made past that/],
    [["--users", "10b", "--size", "auto", "--rps-per-instance", "0.001"], /^heirloom-plan: --rps-per-instance: the plan would need [\d,]+ backend instances, more than 100,000/],
    [["sweep", "--users", "1k..10b", "--instances", "auto", "--rps-per-instance", "0.01"], /^heirloom-plan: --rps-per-instance: the plan would need [\d,]+ backend instances, more than 100,000/],
    [["scaffold", "/nonexistent-never-written", "--users", "1m", "--instances", "auto", "--rps-per-instance", "1e-300"], /^heirloom-plan: --rps-per-instance: the plan would need [\d.]+e\+301 backend instances/],
    [["--users", "10b", "--requests-per-user", "1e6", "--dau-ratio", "1"], /^heirloom-plan: --requests-per-user: the plan would need [\d.e+,]+ peak requests per second, more than 1,000,000,000/],
  ])("%j", (args, line) => refused([...args, "--offline"], line));

  it("in a profile file, with its line", () => {
    const file = join(dir, "range.yaml");
    writeFileSync(file, "users: 1m\nbackend:\n  instances: auto\n  rpsPerInstance: 0.0000001\n");
    refused(["--profile", file, "--offline"], new RegExp(`^heirloom-plan: ${file}:4:3 backend\\.rpsPerInstance: the plan would need [\\d,]+ backend instances`));
  });
});

describe("diff checks the reports it reads", () => {
  const edited = (name: string, edit: (r: Record<string, any>) => void, raw?: (text: string) => string) => {
    const report = JSON.parse(readFileSync(base, "utf8"));
    edit(report);
    const file = join(dir, `${name}.json`);
    writeFileSync(file, raw ? raw(JSON.stringify(report)) : JSON.stringify(report));
    return file;
  };
  it.each([
    ["a negative total", (r: any) => { r.costs.aws.totalMonthlyUSD = -5; r.totalMonthlyCost = -5; }, undefined, (f: string) => `heirloom-plan: ${f}: costs.aws.totalMonthlyUSD: must be a finite amount of at least $0`],
    ["a non-finite total", (r: any) => { r.totalMonthlyCost = 12345; }, (t: string) => t.replace('"totalMonthlyCost":12345', '"totalMonthlyCost":1e999'), (f: string) => `heirloom-plan: ${f}: totalMonthlyCost: must be a finite number; the report was edited or damaged`],
    ["a non-finite service", (r: any) => { r.costs.aws.services.ec2.monthlyUSD = 12345; }, (t: string) => t.replace('"monthlyUSD":12345', '"monthlyUSD":-1e999'), (f: string) => `heirloom-plan: ${f}: costs.aws.services.ec2.monthlyUSD: must be a finite number; the report was edited or damaged`],
    ["a negative service", (r: any) => { r.costs.guide.services.rds.monthlyUSD = -300; r.costs.guide.totalMonthlyUSD -= 600; }, undefined, (f: string) => `heirloom-plan: ${f}: costs.guide.services.rds.monthlyUSD: must be a finite amount of at least $0`],
    ["a total that is not its services' sum", (r: any) => { r.costs.aws.totalMonthlyUSD = 100; r.totalMonthlyCost = 100; }, undefined, (f: string) => new RegExp(`^heirloom-plan: ${f}: costs\\.aws\\.totalMonthlyUSD is 100, but its services add up to [\\d.]+$`)],
    ["a total as a string", (r: any) => { r.costs.aws.totalMonthlyUSD = "212546.745"; }, undefined, (f: string) => new RegExp(`^heirloom-plan: ${f}: costs\\.aws\\.totalMonthlyUSD: `)],
    ["a table saved as a report", () => {}, () => "heirloom-plan: 1,000,000 users, profile guide\n", (f: string) => `heirloom-plan: ${f}: not a JSON report (it looks like the table format); save one with --format json`],
  ])("%s", (name, edit, raw, line) => {
    const file = edited(name.replace(/\W+/g, "-"), edit as (r: Record<string, any>) => void, raw as ((t: string) => string) | undefined);
    refused(["diff", base, file, "--max-increase", "10%"], (line as (f: string) => string | RegExp)(file));
  });
});

describe("no Node warning on stderr", () => {
  it("a plan, a sweep, a scaffold dry run and a diff print only our own lines", () => {
    const runs = [
      cli(["--users", "1m", "--offline", "--format", "json"]),
      cli(["sweep", "--users", "10k,1m", "--offline", "--format", "json"]),
      cli(["scaffold", join(dir, "dry"), "--offline", "--dry-run"]),
      cli(["diff", base, base]),
    ];
    for (const r of runs) for (const line of r.stderr.split("\n").filter(Boolean)) expect(line.startsWith("heirloom-plan: ")).toBe(true);
  });
});

describe("Node's own warnings never reach stderr (shown with --debug)", () => {
  // A preload that makes Node warn the moment the report is written: a deprecation and an EventTarget leak.
  const preload = () => {
    const file = join(dir, "warn-preload.cjs");
    writeFileSync(
      file,
      `const fs = require("node:fs"); const write = fs.writeSync; let done = false;
fs.writeSync = (fd, ...a) => { if (fd === 1 && !done) { done = true; process.emitWarning("a test warning", "DeprecationWarning", "DEP0999");
  const t = new EventTarget(); for (let i = 0; i < 12; i++) t.addEventListener("abort", () => {}); } return write(fd, ...a); };\n`,
    );
    return file;
  };
  it("without --debug: nothing but our own lines", () => {
    const r = cli(["--users", "1m", "--offline", "--format", "json"], { env: { NODE_OPTIONS: `--require ${preload()}` } });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
  });
  it("with --debug: each warning one line of ours", () => {
    const r = cli(["--users", "1m", "--offline", "--format", "json", "--debug"], { env: { NODE_OPTIONS: `--require ${preload()}` } });
    expect(r.status).toBe(0);
    expect(r.stderr.split("\n").filter(Boolean)).toEqual([
      "heirloom-plan: (debug) Node warning: DeprecationWarning: a test warning",
      expect.stringMatching(/^heirloom-plan: \(debug\) Node warning: MaxListenersExceededWarning: Possible EventTarget memory leak detected/),
    ]);
  });
});

// Keep the mkfifo binary honest where the writer tests rely on it.
it("mkfifo is available", () => {
  expect(() => execFileSync("mkfifo", ["--version"])).not.toThrow();
});
