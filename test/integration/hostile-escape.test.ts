// Class: strings from input reach every medium escaped for it (issue 14): a profile's file name carrying
// newlines with directives, escape sequences, carriage returns, bidi overrides and HTML, through the scaffold's
// generated files (nginx -t where nginx is installed), the terminal (table, stderr) and markdown.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers.js";

// Profile file names (no "/", which a file name cannot hold); each tries to get something past its medium.
const HOSTILE: [string, string][] = [
  ["nginx directive after a newline", "evil\nlocation x { return 200; }\n"],
  ["nginx include after a newline", "evil\ninclude passwd;"],
  ["redis directive after a newline", "evil\nslaveof 203.0.113.1 6379\nrename-command CONFIG \"\""],
  ["a carriage return", "evil\rserver_name hijacked;"],
  ["terminal escape sequences", "evil\u001b[2J\u001b]0;title\u0007\u001b[31mred"],
  ["bidi override", "evil\u202eexe.yaml"],
  ["HTML and markdown", "evil <img src=x onerror=alert(1)> **bold** [link](javascript:alert(1)) | pipe"],
  ["C1 controls and DEL", "evil\u009b31m\u007f"],
];

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let dir: string;
let plain: { nginx: string; redis: string };
const nginxAvailable = spawnSync("nginx", ["-v"]).status === 0;

/** Non-comment lines of a config: the directives. */
const directives = (text: string) => text.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));

function profileNamed(name: string): string {
  const sub = mkdtempSync(join(dir, "p-"));
  const file = join(sub, `${name}.yaml`);
  writeFileSync(file, "users: 1m\n");
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hp-hostile-escape-"));
  const out = join(dir, "plain");
  const r = cli(["scaffold", out, "--profile", profileNamed("plain"), "--offline"]);
  if (r.status !== 0) throw new Error(r.stderr);
  plain = { nginx: readFileSync(join(out, "deploy/nginx.conf"), "utf8"), redis: readFileSync(join(out, "deploy/redis.conf"), "utf8") };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(HOSTILE)("a profile named with %s", (_what, name) => {
  let file: string;
  beforeAll(() => {
    file = profileNamed(name);
  });

  it("reaches the scaffold's files escaped for each", () => {
    const out = join(mkdtempSync(join(dir, "s-")), "backend");
    const r = cli(["scaffold", out, "--profile", file, "--offline"]);
    expect(r.status, r.stderr).toBe(0);
    const nginx = readFileSync(join(out, "deploy/nginx.conf"), "utf8");
    const redis = readFileSync(join(out, "deploy/redis.conf"), "utf8");
    // The same directives as with a plain name: nothing injected.
    expect(directives(nginx)).toEqual(directives(plain.nginx));
    expect(directives(redis)).toEqual(directives(plain.redis));
    for (const text of [nginx, redis]) expect(text).not.toMatch(CONTROL);
    if (nginxAvailable) {
      mkdirSync(join(out, "logs"), { recursive: true });
      const t = spawnSync("nginx", ["-t", "-p", out, "-c", join(out, "deploy/nginx.conf"), "-g", `pid ${join(out, "nginx.pid")}; error_log ${join(out, "logs/error.log")};`], { encoding: "utf8" });
      expect(t.status, t.stderr).toBe(0);
    }
    // README: markdown with no raw HTML or control character from the name.
    const readme = readFileSync(join(out, "README.md"), "utf8");
    const sized = readme.split("\n").find((l) => l.startsWith("This backend was sized"))!;
    expect(sized).not.toMatch(CONTROL);
    expect(sized).not.toMatch(/<img/);
    if (name.includes("[link]")) expect(sized).toContain("\\[link\\](javascript"); // no link: its brackets are escaped
    // JSON files stay JSON.
    expect(JSON.parse(readFileSync(join(out, "plan.json"), "utf8")).profile.name).not.toMatch(CONTROL);
    expect(JSON.parse(readFileSync(join(out, "heirloom.config.json"), "utf8")).plan.profile).not.toMatch(CONTROL);
    // The terminal: what the scaffold printed.
    expect(r.stdout + r.stderr).not.toMatch(CONTROL);
  });

  it("reaches the terminal as text, never as control characters (table, with and without colour, and stderr)", () => {
    for (const env of [{}, { NO_COLOR: undefined, FORCE_COLOR: "1" }]) {
      const r = cli(["--profile", file, "--offline"], { env });
      expect(r.status).toBe(0);
      // Our colour is the only escape sequence: SGR (ESC [ ... m).
      const withoutColour = r.stdout.replace(/\u001b\[[0-9;]*m/g, "");
      expect(withoutColour).not.toMatch(CONTROL);
      expect(r.stderr).not.toMatch(CONTROL);
    }
  });

  it("reaches markdown, CSV and a sweep without control characters; JSON stays JSON", () => {
    for (const args of [["--format", "markdown"], ["--format", "csv"], ["sweep", "--users", "10k,1m", "--format", "markdown"], ["sweep", "--users", "10k,1m"]]) {
      const r = cli([...args, "--profile", file, "--offline"]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(CONTROL);
    }
    const json = cli(["--profile", file, "--offline", "--format", "json"]);
    expect(JSON.parse(json.stdout).profile.source).toBe(JSON.parse(json.stdout).profile.source);
  });

  it("an error that quotes the name is still one line", () => {
    const missing = `${file}.missing.yaml`;
    const r = cli(["--profile", missing, "--offline"]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")).toHaveLength(2);
    expect(r.stderr).not.toMatch(CONTROL);
  });
});

it("nginx is here to check the configs (the checks above run without it, weaker)", () => {
  if (!nginxAvailable) return;
  expect(execFileSync("nginx", ["-v"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })).toBeDefined();
});
