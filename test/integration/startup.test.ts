// How the built CLI starts: from one CommonJS file with the V8 code cache the build made for it, used only
// when it was made from that very file; and a plan loads nothing it does not run (the AWS SDK, autocannon,
// child processes).
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../helpers.js";

const dir = tempDir("hp-startup-");

/** Load the CLI the way bin/heirloom-plan.cjs does, from a copy of the package at `root`; report whether V8 took the cache. */
function loadFrom(root: string): { cacheUsed: boolean } {
  const code = `const { load } = require(${JSON.stringify(join(root, "bin", "heirloom-plan.cjs"))}); process.stdout.write(JSON.stringify({ cacheUsed: load().cacheUsed }));`;
  const r = spawnSync(process.execPath, ["-e", code], { encoding: "utf8", timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { cacheUsed: boolean };
}

/** A copy of the installed package's files. */
function copyPackage(name: string): string {
  const root = join(dir, name);
  for (const sub of ["bin", "dist", "models", "profiles", "package.json"]) cpSync(join(ROOT, sub), join(root, sub), { recursive: true });
  return root;
}

describe("the built CLI", () => {
  it("is one ASCII CommonJS file with a build id, and the code cache made for it is used", () => {
    const source = readFileSync(join(ROOT, "dist", "cli.cjs"), "latin1");
    expect(/[^\x00-\x7f]/.test(source)).toBe(false);
    const id = /\n\/\/# hp-build=([0-9a-f]{32})\n$/.exec(source)?.[1];
    expect(id).toBeDefined();
    expect(readFileSync(join(ROOT, "dist", "cli.cjs.cache")).subarray(0, 64).toString("latin1")).toContain(`hp-build=${id}`);
    expect(loadFrom(ROOT).cacheUsed).toBe(true);
  });

  it("ignores a cache made for another build of the file, even of the same length (V8 checks only the length)", () => {
    const root = copyPackage("other-build");
    const file = join(root, "dist", "cli.cjs");
    const source = readFileSync(file, "latin1");
    // Another build: the same length, one character and the id changed.
    const changed = source.replace(/hp-build=([0-9a-f])/, (_, c: string) => `hp-build=${c === "0" ? "1" : "0"}`);
    expect(changed.length).toBe(source.length);
    writeFileSync(file, changed, "latin1");
    expect(loadFrom(root).cacheUsed).toBe(false);
    // And it still runs, compiled from its source.
    const r = spawnSync(process.execPath, [join(root, "bin", "heirloom-plan.cjs"), "--users", "1m", "--format", "json", "--offline"], { encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { summary: { users: number } }).summary.users).toBe(1_000_000);
  });

  it("runs without its cache file", () => {
    const root = copyPackage("no-cache");
    rmSync(join(root, "dist", "cli.cjs.cache"));
    expect(loadFrom(root).cacheUsed).toBe(false);
  });

  it("checks a model file edited since the build in full: a damaged one is one line, exit 2", () => {
    const root = copyPackage("edited-model");
    const file = join(root, "models", "catalogue.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"vcpu": 2,', '"vcpu": -2,'));
    const r = spawnSync(process.execPath, [join(root, "bin", "heirloom-plan.cjs"), "--users", "1m", "--offline"], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^heirloom-plan: models\/catalogue\.json is damaged \(ec2\.types\.[\w.]+\.vcpu: .+\); reinstall the package$/)]);
    // The build kept the text it checked; the unedited install plans.
    expect(JSON.parse(readFileSync(join(ROOT, "dist", "models.json"), "utf8"))["catalogue.json"]).toBe(readFileSync(join(ROOT, "models", "catalogue.json"), "utf8"));
  });

  it("does not load the AWS SDK, autocannon or child processes for a plan", () => {
    const hook = join(dir, "record.cjs");
    const out = join(dir, "loaded.json");
    writeFileSync(
      hook,
      `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify({ files: Object.keys(require.cache), builtins: process.moduleLoadList })));`,
    );
    const env = { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: dir, AWS_EC2_METADATA_DISABLED: "true", AWS_ACCESS_KEY_ID: "", AWS_PROFILE: "" };
    const r = spawnSync(process.execPath, ["--require", hook, join(ROOT, "bin", "heirloom-plan.cjs"), "--users", "1000000", "--format", "json"], { encoding: "utf8", env, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const { files, builtins } = JSON.parse(readFileSync(out, "utf8")) as { files: string[]; builtins: string[] };
    expect(files.filter((f) => /node_modules[\\/](@aws-sdk|@smithy|autocannon)/.test(f))).toEqual([]);
    expect(builtins).not.toContain("NativeModule child_process");
  });
});
