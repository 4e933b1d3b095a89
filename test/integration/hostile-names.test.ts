// Class: names from input looked up in maps (issue 14). Object.prototype's names are unknown names, for every
// lookup, given as a flag or in a profile file: one line, exit 2, naming the choices; never a crash or a plan.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers.js";

const NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf", "__defineGetter__", "propertyIsEnumerable"];

// flag, profile key path, what the message calls it, the start of its choices.
const LOOKUPS: [string, string, string, RegExp][] = [
  ["--instance-type", "backend.instanceType", "EC2 instance type", /\(known: t3\.micro, .* and \d+ more\); see models\/catalogue\.json$/],
  ["--db-class", "database.instanceClass", "RDS instance class", /\(known: db\.t3\.micro, .* and \d+ more\); see models\/catalogue\.json$/],
  ["--cache-node", "cache.nodeType", "ElastiCache node type", /\(known: cache\.t3\.micro, .* and \d+ more\); see models\/catalogue\.json$/],
  ["--region", "pricing.region", "region", /\(priced: us-east-1, us-west-2, eu-west-1, eu-central-1, ap-southeast-1\); see models\/regions\.json$/],
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hp-hostile-names-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const oneLine = (stderr: string) => {
  const lines = stderr.split("\n");
  expect(lines.at(-1)).toBe("");
  expect(lines).toHaveLength(2);
  return lines[0];
};

describe.each(LOOKUPS)("%s", (flag, path, what, choices) => {
  it.each(NAMES)("as a flag: %s", (name) => {
    const r = cli(["--users", "1m", "--offline", flag, name]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const line = oneLine(r.stderr);
    expect(line.startsWith(`heirloom-plan: ${flag}: "${name}" is not a known ${what} (`)).toBe(true);
    expect(line).toMatch(choices);
  });

  it.each(NAMES)("in a profile file: %s", (name) => {
    const [section, key] = path.split(".");
    const file = join(dir, `${section}-${key}-${name}.yaml`);
    writeFileSync(file, `users: 1000\n${section}:\n  ${key}: "${name}"\n`);
    const r = cli(["--profile", file, "--offline"]);
    expect(r.status).toBe(2);
    const line = oneLine(r.stderr);
    expect(line.startsWith(`heirloom-plan: ${file}:3:3 ${path}: "${name}" is not a known ${what} (`)).toBe(true);
  });
});

describe("the other lookups", () => {
  it.each(NAMES)("--profile %s (a built-in name)", (name) => {
    const r = cli(["--profile", name, "--offline"]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(new RegExp(`^heirloom-plan: --profile ${name.replace(/\$/g, "\\$")}: no such built-in profile.*; built-in: guide, .*; or give a path to a \\.yaml file$`));
  });

  it.each(NAMES)("prices show --region %s", (name) => {
    const r = cli(["prices", "show", "--region", name]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toBe(`heirloom-plan: --region: "${name}" is not a known region (priced: us-east-1, us-west-2, eu-west-1, eu-central-1, ap-southeast-1)`);
  });

  it.each(NAMES)("scaffold and sweep with --instance-type %s", (name) => {
    for (const args of [["scaffold", join(dir, "never-written")], ["sweep", "--users", "10k,100k"]]) {
      const r = cli([...args, "--offline", "--instance-type", name]);
      expect(r.status).toBe(2);
      expect(oneLine(r.stderr).startsWith(`heirloom-plan: --instance-type: "${name}" is not a known EC2 instance type (`)).toBe(true);
    }
  });

  it.each(NAMES)("a profile setting named %s is an unknown key", (name) => {
    const file = join(dir, `key-${name}.yaml`);
    writeFileSync(file, `users: 1000\n${name}: 1\n`);
    const r = cli(["--profile", file, "--offline"]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr).startsWith(`heirloom-plan: ${file}:`)).toBe(true);
  });
});
