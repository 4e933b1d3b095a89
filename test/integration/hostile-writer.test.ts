// Class: writes over what is not ours (issue 14). Every file the tool writes goes through one writer; each
// member below is tried through each flag that writes a file, on the built binary.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, cli } from "../helpers.js";

let dir: string;
let base: string;
let socketServer: Server;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hp-hostile-writer-"));
  // A saved report, for diff.
  const r = cli(["--users", "1m", "--offline", "--format", "json"]);
  base = join(dir, "base.json");
  writeFileSync(base, r.stdout);
  execFileSync("mkfifo", [join(dir, "fifo")]);
  // A device node of our own in the temporary folder (never a real /dev entry): the null device's numbers,
  // so that even a writer that followed it would harm nothing.
  execFileSync("mknod", [join(dir, "device"), "c", "1", "3"]);
  mkdirSync(join(dir, "folder"));
  writeFileSync(join(dir, "victim.txt"), "not ours\n");
  symlinkSync(join(dir, "victim.txt"), join(dir, "link"));
  symlinkSync(join(dir, "nowhere.txt"), join(dir, "broken-link"));
  writeFileSync(join(dir, "existing.txt"), "the user's\n");
  socketServer = createServer();
  await new Promise<void>((resolve) => socketServer.listen(join(dir, "socket"), resolve));
});

afterAll(() => {
  socketServer?.close();
  rmSync(dir, { recursive: true, force: true });
});

// Every command that writes a file, with the flag that names it.
const WRITERS: [string, (out: string) => string[], string][] = [
  ["plan --output", (out) => ["--users", "1m", "--offline", "--format", "json", "--output", out], "--output"],
  ["sweep --chart", (out) => ["sweep", "--users", "10k,100k", "--offline", "--pricing", "guide", "--format", "json", "--chart", out], "--chart"],
  ["sweep --output", (out) => ["sweep", "--users", "10k,100k", "--offline", "--pricing", "guide", "--format", "json", "--output", out], "--output"],
  ["diff --output", (out) => ["diff", base, base, "--format", "json", "--output", out], "--output"],
  ["prices pull --output", (out) => ["prices", "pull", "--users", "1m", "--output", out], "--output"],
];

const run = (args: string[]) => cli(args, { timeout: 20_000 });

describe.each(WRITERS)("%s", (_name, args, flag) => {
  // --chart needs a .svg name: the members get one where the flag asks for it.
  const named = (base: string) => (flag === "--chart" ? `${base}.svg` : base);
  const member = (what: string) => {
    const p = join(dir, named(what));
    return p;
  };

  beforeAll(() => {
    if (flag !== "--chart") return;
    // The same members under .svg names.
    execFileSync("mkfifo", [join(dir, "fifo.svg")]);
    execFileSync("mknod", [join(dir, "device.svg"), "c", "1", "3"]);
    mkdirSync(join(dir, "folder.svg"));
    symlinkSync(join(dir, "victim.txt"), join(dir, "link.svg"));
    symlinkSync(join(dir, "nowhere.txt"), join(dir, "broken-link.svg"));
  });

  it.each([
    ["a FIFO", "fifo", "is a FIFO (named pipe), not a regular file; nothing written"],
    ["a device", "device", "is a character device, not a regular file; nothing written"],
    ["a folder", "folder", "is a folder, not a regular file; nothing written"],
  ])("refuses %s, even with --force", (_what, name, why) => {
    for (const force of [false, true]) {
      const out = member(name);
      const r = run([...args(out), ...(force ? ["--force"] : [])]);
      expect(r.status).toBe(2);
      // Notices (prices, a diff's warnings) may come first; the refusal is the one error line.
      const lines = r.stderr.split("\n").filter((l) => !l.includes("AWS prices") && !l.startsWith("heirloom-plan: warning:"));
      expect(lines).toEqual([`heirloom-plan: ${flag} ${out}: ${why}`, ""]);
      expect(lstatSync(out).isFile()).toBe(false);
    }
  });

  it("refuses a socket, even with --force", () => {
    if (flag === "--chart") return; // a socket named .svg adds nothing
    const out = join(dir, "socket");
    const r = run([...args(out), "--force"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`heirloom-plan: ${flag} ${out}: is a socket, not a regular file; nothing written\n`);
  });

  it("refuses a symbolic link and a broken one without --force", () => {
    for (const name of ["link", "broken-link"]) {
      const out = member(name);
      const r = run(args(out));
      expect(r.status).toBe(2);
      const broken = name === "broken-link" ? "broken " : "";
      expect(r.stderr).toContain(`heirloom-plan: ${flag} ${out}: is a ${broken}symbolic link; use --force to replace the link itself (what it points to is not touched)\n`);
      expect(lstatSync(out).isSymbolicLink()).toBe(true);
    }
    expect(readFileSync(join(dir, "victim.txt"), "utf8")).toBe("not ours\n");
  });

  it("refuses an existing file without --force", () => {
    const out = join(dir, named("existing-2"));
    writeFileSync(out, "the user's\n");
    const r = run(args(out));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`heirloom-plan: ${flag} ${out}: the file exists; use --force to replace it\n`);
    expect(readFileSync(out, "utf8")).toBe("the user's\n");
  });

  it("refuses a path through a file", () => {
    const out = join(dir, "victim.txt", named("x"));
    const r = run(args(out));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`heirloom-plan: ${flag} ${out}: a part of the path is a file, not a folder\n`);
  });
});

describe("with --force, a link is replaced itself and what it points to is untouched", () => {
  it.each([["link"], ["broken-link"]])("%s", (name) => {
    const out = join(dir, `${name}-forced.json`);
    symlinkSync(join(dir, name === "link" ? "victim.txt" : "nowhere-2.txt"), out);
    const r = run(["--users", "1m", "--offline", "--format", "json", "--output", out, "--force"]);
    expect(r.status).toBe(0);
    expect(lstatSync(out).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(out, "utf8")).schemaVersion).toBeTypeOf("number");
    expect(readFileSync(join(dir, "victim.txt"), "utf8")).toBe("not ours\n");
    expect(existsSync(join(dir, "nowhere-2.txt"))).toBe(false);
  });

  it("a regular file keeps its permissions", () => {
    const out = join(dir, "mode.json");
    writeFileSync(out, "old", { mode: 0o640 });
    expect(run(["--users", "1m", "--offline", "--format", "json", "--output", out, "--force"]).status).toBe(0);
    expect(lstatSync(out).mode & 0o777).toBe(0o640);
  });
});

describe("two writers racing for the same new file: exactly one succeeds", () => {
  const spawnWriter = (out: string) =>
    new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent", AWS_CONFIG_FILE: "/nonexistent", AWS_EC2_METADATA_DISABLED: "true" };
      delete env.AWS_ACCESS_KEY_ID;
      delete env.AWS_PROFILE;
      const child = spawn(process.execPath, [BIN, "--users", "1m", "--offline", "--pricing", "guide", "--format", "json", "--output", out], { env });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (status) => resolve({ status, stderr }));
    });

  it.each([[1], [2], [3]])("round %i", async (round) => {
    const out = join(dir, `race-${round}.json`);
    const results = await Promise.all([spawnWriter(out), spawnWriter(out)]);
    expect(results.map((r) => r.status).sort()).toEqual([0, 2]);
    const loser = results.find((r) => r.status === 2)!;
    expect(loser.stderr).toMatch(new RegExp(`^heirloom-plan: --output ${out}: (the file exists; use --force to replace it|appeared while this run was writing it \\(another run\\?\\); left as it is)\\n$`));
    expect(JSON.parse(readFileSync(out, "utf8")).schemaVersion).toBeTypeOf("number");
  });
});

describe("temporary files", () => {
  // The writer's own temporary paths are removed when the process is ended by a signal, which it then dies of.
  it.each([["SIGTERM"], ["SIGINT"], ["SIGHUP"]] as const)("removed on %s", async (signal) => {
    const { build } = await import("esbuild");
    const script = join(dir, `signal-${signal}.mjs`);
    const entry = join(dir, `signal-${signal}.ts`);
    const output = new URL("../../src/io/output.ts", import.meta.url).pathname;
    writeFileSync(entry, `import { mkdirSync } from "node:fs";\nimport { track } from ${JSON.stringify(output)};\nconst p = process.argv[2];\nmkdirSync(p);\ntrack(p);\nprocess.stdout.write("ready\\n");\nsetInterval(() => {}, 1000);\n`);
    await build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", outfile: script, logLevel: "silent" });
    const pending = join(dir, `pending-${signal}.tmp`);
    const child = spawn(process.execPath, [script, pending], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    expect(existsSync(pending)).toBe(true);
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, sig) => resolve(sig)));
    child.kill(signal);
    expect(await ended).toBe(signal);
    expect(existsSync(pending)).toBe(false);
    rmSync(script);
    rmSync(entry);
  });

  it("a temporary file left by a killed run is removed by the next write to that folder", () => {
    const sub = join(dir, "stale");
    mkdirSync(sub);
    // The pid of a process that has ended.
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    const stale = join(sub, `.out.json.heirloom-${dead}-0badc0de.tmp`);
    writeFileSync(stale, "half a report");
    expect(run(["--users", "1m", "--offline", "--format", "json", "--output", join(sub, "out.json")]).status).toBe(0);
    expect(readdirSync(sub)).toEqual(["out.json"]);
  });

  it("no run above left one behind", () => {
    const left = readdirSync(dir).filter((n) => n.includes(".heirloom-"));
    expect(left).toEqual([]);
  });

  it("the links tried above still point where they did", () => {
    expect(readlinkSync(join(dir, "link"))).toBe(join(dir, "victim.txt"));
    expect(readlinkSync(join(dir, "broken-link"))).toBe(join(dir, "nowhere.txt"));
  });
});
