// Class: the scaffold writes only inside its folder, never over what is not ours, and a killed --force
// update is undone by the next run (issue 14); an existing project keeps the user's code (issue 11).
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, cli } from "../helpers.js";

let root: string;
let project: string;
/** A pristine scaffold, copied for each case. */
const fresh = (name: string) => {
  const dir = join(root, name);
  cpSync(project, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
};
const scaffold = (dir: string, ...more: string[]) => cli(["scaffold", dir, "--offline", "--pricing", "guide", ...more], { timeout: 30_000 });

/** Every file under a folder with its text (links as "-> target"), for before/after comparisons. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      const st = lstatSync(full);
      if (st.isDirectory()) walk(full);
      else out[relative(dir, full)] = st.isSymbolicLink() ? "-> link" : st.isFile() ? readFileSync(full, "utf8") : "special";
    }
  };
  walk(dir);
  return out;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "hp-hostile-scaffold-"));
  project = join(root, "pristine");
  const r = scaffold(project);
  if (r.status !== 0) throw new Error(r.stderr);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("paths that leave the folder or are not files are refused: one line, exit 2, nothing changed", () => {
  const outside = () => {
    const dir = join(root, `outside-${Math.random().toString(36).slice(2)}`);
    mkdirSync(dir);
    return dir;
  };
  // Each member: how to break a fresh project, and the line the scaffold answers with.
  const members: [string, (dir: string) => string, (dir: string, what: string) => string][] = [
    ["a folder on the way linked outside (empty)", (d) => { const o = outside(); rmSync(join(d, "deploy"), { recursive: true }); symlinkSync(o, join(d, "deploy")); return o; }, (d, o) => `${d}: deploy is a symbolic link to ${o}, outside the folder; the scaffold writes only inside ${d}; move the link away first`],
    ["a folder on the way linked outside (holding files)", (d) => { const o = outside(); writeFileSync(join(o, "nginx.conf"), "theirs\n"); rmSync(join(d, "deploy"), { recursive: true }); symlinkSync(o, join(d, "deploy")); return o; }, (d, o) => `${d}: deploy is a symbolic link to ${o}, outside the folder; the scaffold writes only inside ${d}; move the link away first`],
    ["a nested folder linked outside", (d) => { const o = outside(); rmSync(join(d, "src/routes"), { recursive: true }); symlinkSync(o, join(d, "src/routes")); return o; }, (d, o) => `${d}: src/routes is a symbolic link to ${o}, outside the folder; the scaffold writes only inside ${d}; move the link away first`],
    ["a folder linked through a relative path outside", (d) => { const o = outside(); rmSync(join(d, "deploy"), { recursive: true }); symlinkSync(relative(d, o), join(d, "deploy")); return o; }, (d, o) => `${d}: deploy is a symbolic link to ${o}, outside the folder; the scaffold writes only inside ${d}; move the link away first`],
    ["a broken link on the way", (d) => { rmSync(join(d, "deploy"), { recursive: true }); symlinkSync(join(d, "gone"), join(d, "deploy")); return ""; }, (d) => `${d}: deploy is a broken symbolic link; move it away first`],
    ["a link loop on the way", (d) => { rmSync(join(d, "deploy"), { recursive: true }); symlinkSync("deploy", join(d, "deploy")); return ""; }, (d) => `${d}: deploy is a symbolic link loop; move it away first`],
    ["a FIFO where a file goes", (d) => { rmSync(join(d, "plan.json")); execFileSync("mkfifo", [join(d, "plan.json")]); return ""; }, (d) => `${d}: plan.json is a FIFO (named pipe) where the scaffold writes a file; move it away first`],
    ["a device where a file goes", (d) => { rmSync(join(d, "deploy/redis.conf")); execFileSync("mknod", [join(d, "deploy/redis.conf"), "c", "1", "3"]); return ""; }, (d) => `${d}: deploy/redis.conf is a character device where the scaffold writes a file; move it away first`],
    ["a folder where a file goes", (d) => { rmSync(join(d, "plan.json")); mkdirSync(join(d, "plan.json")); return ""; }, (d) => `${d}: plan.json is a folder where the scaffold needs a file; move it away first`],
    ["a file where a folder goes", (d) => { rmSync(join(d, "deploy"), { recursive: true }); writeFileSync(join(d, "deploy"), "a file"); return ""; }, (d) => `${d}: deploy is a file where the scaffold needs a folder; move it away first`],
  ];

  it.each(members)("%s", (name, breakIt, line) => {
    const dir = fresh(`case-${members.findIndex((m) => m[0] === name)}`);
    const where = breakIt(dir);
    const before = snapshot(dir);
    const outsideBefore = where ? snapshot(where) : {};
    // src/ is the user's on an existing project: only --all writes there.
    const modes = name.startsWith("a nested folder") ? [["--force", "--all"]] : [["--force"], ["--force", "--all"]];
    for (const extra of modes) {
      const r = scaffold(dir, "--users", "5m", ...extra);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`heirloom-plan: ${line(dir, where)}\n`);
      expect(snapshot(dir)).toEqual(before);
      if (where) expect(snapshot(where)).toEqual(outsideBefore);
    }
  });

  it("a target that is a broken link, a file, or under a file, and a missing parent", () => {
    const cases: [string, string][] = [];
    const broken = join(root, "broken-target");
    symlinkSync(join(root, "nowhere"), broken);
    cases.push([broken, `${broken}: a broken symbolic link; make the folder it points to, or give another folder`]);
    const file = join(root, "a-file");
    writeFileSync(file, "x");
    cases.push([file, `${file}: exists and is a file, not a folder`]);
    cases.push([join(file, "sub"), `${join(file, "sub")}: a part of the path is a file, not a folder`]);
    cases.push([join(root, "no", "such", "parent"), `${join(root, "no", "such", "parent")}: its parent folder does not exist`]);
    const fifo = join(root, "fifo-target");
    execFileSync("mkfifo", [fifo]);
    cases.push([fifo, `${fifo}: exists and is a FIFO (named pipe), not a folder`]);
    for (const [target, line] of cases) {
      const r = scaffold(target, "--force");
      expect(r.status, target).toBe(2);
      expect(r.stderr).toBe(`heirloom-plan: ${line}\n`);
    }
    expect(readFileSync(file, "utf8")).toBe("x");
  });
});

// Permissions mean nothing to root: these run the binary as the unprivileged user nobody.
describe.skipIf(process.getuid?.() !== 0)("folders that cannot be written (as nobody): one line, exit 2, never exit 70", () => {
  const asNobody = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args, "--offline", "--pricing", "guide"], {
      uid: 65534,
      gid: 65534,
      encoding: "utf8",
      timeout: 30_000,
      env: { PATH: process.env.PATH, NO_COLOR: "1", HOME: root, XDG_CACHE_HOME: join(root, "nobody-cache"), AWS_SHARED_CREDENTIALS_FILE: "/nonexistent", AWS_CONFIG_FILE: "/nonexistent", AWS_EC2_METADATA_DISABLED: "true" },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const nobodyOwns = (dir: string) => execFileSync("chown", ["-R", "65534:65534", dir]);

  it("a new folder under a read-only parent", () => {
    chmodSync(root, 0o755);
    const parent = join(root, "read-only");
    mkdirSync(parent, { mode: 0o555 });
    const r = asNobody(["scaffold", join(parent, "new")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`heirloom-plan: ${join(parent, "new")}: its parent folder is not writable (permission denied)\n`);
  });

  it("an existing project that is read-only", () => {
    chmodSync(root, 0o755);
    const dir = fresh("read-only-project");
    chmodSync(dir, 0o555);
    const r = asNobody(["scaffold", dir, "--force"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`heirloom-plan: ${dir}: the folder is not writable (permission denied)\n`);
  });

  it("a project whose deploy/ folder is read-only: rolled back, the journal removed", () => {
    chmodSync(root, 0o755);
    const dir = fresh("read-only-deploy");
    nobodyOwns(dir);
    chmodSync(join(dir, "deploy"), 0o555);
    const before = snapshot(dir);
    const r = asNobody(["scaffold", dir, "--force", "--users", "5m"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`heirloom-plan: ${dir}: could not write the scaffold (permission denied); nothing was changed\n`);
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(join(dir, "heirloom-scaffold-journal"))).toBe(false);
  });
});

describe("links that stay inside the folder are followed to where they lead", () => {
  it("a folder linked to another folder of the project", () => {
    const dir = fresh("inside-link");
    cpSync(join(dir, "deploy"), join(dir, "ops"), { recursive: true });
    rmSync(join(dir, "deploy"), { recursive: true });
    symlinkSync("ops", join(dir, "deploy"));
    const r = scaffold(dir, "--force", "--users", "5m", "--instances", "4");
    expect(r.status, r.stderr).toBe(0);
    expect(lstatSync(join(dir, "deploy")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "ops/nginx.conf"), "utf8").match(/server 127\.0\.0\.1:\d+ /g)).toHaveLength(4);
  });

  it("a file that is a link is replaced itself (with --force), never followed", () => {
    const dir = fresh("file-link");
    const theirs = join(root, "theirs-plan.json");
    writeFileSync(theirs, "theirs\n");
    rmSync(join(dir, "plan.json"));
    symlinkSync(theirs, join(dir, "plan.json"));
    expect(scaffold(dir, "--force").status).toBe(0);
    expect(lstatSync(join(dir, "plan.json")).isFile()).toBe(true);
    expect(readFileSync(theirs, "utf8")).toBe("theirs\n");
  });
});

describe("an existing project: --force rewrites only what the plan decides (issue 11)", () => {
  it("keeps the user's src/*.ts, package.json and README text; --all rewrites them", () => {
    const dir = fresh("resize");
    writeFileSync(join(dir, "src/app.ts"), "// mine\n");
    writeFileSync(join(dir, "package.json"), '{ "name": "mine" }\n');
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    writeFileSync(join(dir, "README.md"), `# My service\n\n${readme}\nMy own notes.\n`);
    const r = scaffold(dir, "--force", "--users", "5m", "--instances", "4");
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, "src/app.ts"), "utf8")).toBe("// mine\n");
    expect(readFileSync(join(dir, "package.json"), "utf8")).toBe('{ "name": "mine" }\n');
    const after = readFileSync(join(dir, "README.md"), "utf8");
    expect(after.startsWith("# My service\n")).toBe(true);
    expect(after.endsWith("My own notes.\n")).toBe(true);
    expect(after).toContain("5,000,000 users");
    expect(JSON.parse(readFileSync(join(dir, "heirloom.config.json"), "utf8")).cluster.instances).toBe(4);
    expect(readFileSync(join(dir, "deploy/nginx.conf"), "utf8").match(/server 127\.0\.0\.1:\d+ /g)).toHaveLength(4);
    expect(scaffold(dir, "--force", "--all").status).toBe(0);
    expect(readFileSync(join(dir, "src/app.ts"), "utf8")).not.toBe("// mine\n");
  });
});

describe("another run's journal", () => {
  it("a journal whose run is alive is left alone: one line, exit 2", () => {
    const dir = fresh("alive-journal");
    mkdirSync(join(dir, "heirloom-scaffold-journal"));
    writeFileSync(join(dir, "heirloom-scaffold-journal", "pid"), String(process.pid)); // this test runner: alive
    const before = snapshot(dir);
    const r = scaffold(dir, "--force");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`heirloom-plan: ${dir}: another heirloom-plan scaffold (pid ${process.pid}) is writing this folder; wait for it\n`);
    expect(snapshot(dir)).toEqual(before);
  });

  it("a README without the plan block is left as it is, and says so", () => {
    const dir = fresh("own-readme");
    writeFileSync(join(dir, "README.md"), "# Mine, no markers\n");
    const r = scaffold(dir, "--force", "--users", "5m");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("README.md has no <!-- heirloom:plan --> block, left as it is");
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("# Mine, no markers\n");
  });
});

describe("a --force update killed part-way is undone by the next run", () => {
  it.each([[1], [3], [20]])("killed after %i files moved in, then run again", (after) => {
    const dir = fresh(`killed-${after}`);
    writeFileSync(join(dir, "NOTES.md"), "mine\n");
    writeFileSync(join(dir, "src/app.ts"), "// mine\n");
    const before = snapshot(dir);
    const killed = cli(["scaffold", dir, "--offline", "--pricing", "guide", "--force", "--all", "--users", "5m", "--instances", "4"], { env: { HEIRLOOM_TEST_SCAFFOLD_KILL_AFTER: String(after) } });
    expect(killed.status).toBe(null); // died of SIGKILL
    expect(existsSync(join(dir, "heirloom-scaffold-journal", "journal.json"))).toBe(true);
    expect(snapshot(dir)).not.toEqual(before);

    // A dry run only says so.
    const dry = scaffold(dir, "--force", "--dry-run");
    expect(dry.status).toBe(0);
    expect(dry.stderr).toContain(`heirloom-plan: ${dir}: an earlier scaffold was interrupted; the next run without --dry-run puts its files back first\n`);

    // The next run puts everything back first, then does its own work (here: the plan's files only).
    const again = scaffold(dir, "--force", "--users", "2m", "--instances", "3");
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain(`heirloom-plan: ${dir}: an earlier scaffold --force was interrupted; its 50 files were put back as they were before it\n`);
    expect(existsSync(join(dir, "heirloom-scaffold-journal"))).toBe(false);
    const now = snapshot(dir);
    for (const [path, text] of Object.entries(before)) {
      if (["plan.json", "heirloom.config.json", "deploy/nginx.conf", "deploy/redis.conf", "README.md"].includes(path)) continue;
      expect(now[path], path).toBe(text);
    }
    expect(Object.keys(now).sort()).toEqual(Object.keys(before).sort());
    expect(JSON.parse(now["heirloom.config.json"]).cluster.instances).toBe(3);
    // Nothing hidden left beside or inside the project.
    expect(readdirSync(root).filter((n) => n.includes(".heirloom-"))).toEqual([]);
  });
});
