// The scaffold's rendering (pure) and its writing (never destroying anything).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../src/io/profile-load.js";
import { resolveProfile } from "../../src/core/profile/resolve.js";
import { renderScaffold, wantsPgbouncer } from "../../src/present/scaffold-files.js";
import { planWrite, readTemplate, writeFiles } from "../../src/io/scaffold-write.js";
import { ROOT, reportOf, tempDir } from "../helpers.js";

const templateDir = join(ROOT, "templates", "backend");

async function guideReport(flags: Record<string, unknown> = {}) {
  return reportOf(resolveProfile(await loadProfile("guide"), flags));
}

describe("rendering", () => {
  it("the template's plan files are what the guide's plan renders (npm run template:sync keeps them so)", async () => {
    const template = readTemplate(templateDir);
    const files = renderScaffold(await guideReport(), template);
    for (const f of ["heirloom.config.json", "deploy/nginx.conf", "deploy/redis.conf"]) expect(files.get(f), f).toBe(template.get(f));
  });

  it("carries the plan's numbers into the backend's config and deploy files", async () => {
    const report = await guideReport({ users: 5_000_000, backend: { instances: 4, poolSize: 12 }, cache: { ttlSeconds: 90 }, rateLimit: { maxRequests: 300 } });
    const files = renderScaffold(report, readTemplate(templateDir));
    const config = JSON.parse(files.get("heirloom.config.json")!);
    expect(config.database.poolSize).toBe(12);
    expect(config.cache).toEqual({ ttlSeconds: 90, maxmemoryBytes: 10_000_000_000, commandTimeoutMs: 200, breakerOpenMs: 1000 });
    expect(config.database).toMatchObject({ totalConnections: 96, connectTimeoutMs: 2000, statementTimeoutMs: 5000 });
    expect(config.database.pgbouncer).toBeUndefined();
    expect(files.has("deploy/pgbouncer.ini")).toBe(false);
    expect(config.rateLimit).toEqual({ windowMinutes: 15, maxRequests: 300 });
    expect(config.cluster).toEqual({ instances: 4, processesPerInstance: 2, port: 3000, upstreamBasePort: 3001 });
    expect(config.loadTest.targetRpsPerInstance).toBeCloseTo((500_000 * 10 * 3) / 86_400 / 4, 9);
    expect(files.get("deploy/nginx.conf")!.match(/^\s+server 127\.0\.0\.1:\d+ max_fails=3 fail_timeout=5s;$/gm)).toEqual(
      ["3001", "3002", "3003", "3004"].map((p) => `        server 127.0.0.1:${p} max_fails=3 fail_timeout=5s;`),
    );
    expect(files.get("deploy/nginx.conf")).toContain("least_conn;");
    expect(files.get("deploy/redis.conf")).toContain("maxmemory 10000000000\nmaxmemory-policy allkeys-lru");
    expect(JSON.parse(files.get("plan.json")!).capacity.users).toBe(5_000_000);
    expect(files.get("README.md")).toMatch(/\| database pool per process \| 12 \(4 × 2 × 12 = 96 in all; the class allows [\d,]+\) \|/);
    expect(files.has(".gitignore")).toBe(true);
    expect(files.has("_gitignore")).toBe(false);
  });

  it("puts PgBouncer in front when the plan's connections pass the database class's max_connections", async () => {
    const report = await guideReport({ users: 250_000, backend: { instances: 200, poolSize: 50 } });
    const files = renderScaffold(report, readTemplate(templateDir));
    const config = JSON.parse(files.get("heirloom.config.json")!);
    expect(config.database.totalConnections).toBe(20_000); // 200 instances × 2 processes × 50
    expect(config.database.totalConnections).toBeGreaterThan(config.database.maxConnections);
    expect(config.database.pgbouncer).toEqual({ port: 6432, defaultPoolSize: Math.floor(config.database.maxConnections * 0.8), maxClientConn: 22_000 });
    const ini = files.get("deploy/pgbouncer.ini")!;
    expect(ini).toContain("pool_mode = transaction");
    expect(ini).toContain(`default_pool_size = ${config.database.pgbouncer.defaultPoolSize}`);
    expect(ini).toContain("max_client_conn = 22000");
  });

  it("decides on PgBouncer: past max_connections, or when the pgbouncer setting asks for it", async () => {
    expect(wantsPgbouncer(await guideReport({ users: 250_000, backend: { instances: 3, poolSize: 12 } }))).toBe(false);
    expect(wantsPgbouncer(await guideReport({ users: 250_000, backend: { instances: 3, poolSize: 12 }, database: { pgbouncer: true } }))).toBe(true);
    expect(wantsPgbouncer(await guideReport({ users: 250_000, backend: { instances: 200, poolSize: 50 } }))).toBe(true);
    // The setting adds PgBouncer; false never takes it away from a plan that needs it.
    expect(wantsPgbouncer(await guideReport({ users: 250_000, backend: { instances: 200, poolSize: 50 }, database: { pgbouncer: false } }))).toBe(true);
  });

  it("writes deploy/pgbouncer.ini when asked for, with no more server connections than the clients open", async () => {
    const report = await guideReport({ users: 250_000, backend: { instances: 3, poolSize: 12 }, database: { pgbouncer: true } });
    expect(report.assumptions.database.pgbouncer).toBe(true);
    const files = renderScaffold(report, readTemplate(templateDir));
    const config = JSON.parse(files.get("heirloom.config.json")!);
    expect(config.database.totalConnections).toBe(72); // 3 instances × 2 processes × 12
    expect(config.database.pgbouncer).toEqual({ port: 6432, defaultPoolSize: 72, maxClientConn: 80 });
    const ini = files.get("deploy/pgbouncer.ini")!;
    expect(ini).toContain("default_pool_size = 72\n");
    expect(ini).toContain("max_client_conn = 80\n");
    expect(ini).toContain("; The plan's instances open 72 connections (3 × 2 processes × pool 12)");
    expect(ini).toContain("PgBouncer is here because the pgbouncer setting asked for it");
    expect(files.get("README.md")).toContain("| PgBouncer | transaction pooling, 72 server connections for 80 clients | deploy/pgbouncer.ini |");
  });

  it("a tiny cache is raised to Redis's useful minimum, and says so", async () => {
    const files = renderScaffold(await guideReport({ users: 10 }), readTemplate(templateDir));
    expect(files.get("deploy/redis.conf")).toContain("maxmemory 67108864");
    expect(files.get("deploy/redis.conf")).toContain("raised from the plan's 20,000 bytes");
  });

  it("fails on a leftover token", async () => {
    const template = new Map(readTemplate(templateDir));
    template.set("src/x.ts", "export const pool = {{heirloom.poolSize}};\n");
    await expect(guideReport().then((r) => renderScaffold(r, template))).rejects.toThrow("leftover template token {{heirloom.poolSize}} in src/x.ts");
  });
});

describe("writing", () => {
  const files = new Map([
    ["package.json", "{}\n"],
    ["src/app.ts", "app\n"],
  ]);
  it("creates a new folder whole", () => {
    const dir = join(tempDir("hp-w-"), "backend");
    writeFiles(planWrite(dir, files, false), files);
    expect(readFileSync(join(dir, "src/app.ts"), "utf8")).toBe("app\n");
  });
  it("refuses a non-empty folder and lists the conflicts; --force overwrites only template files", () => {
    const dir = tempDir("hp-w-");
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src/app.ts"), "mine\n");
    writeFileSync(join(dir, "notes.txt"), "keep me\n");
    expect(() => planWrite(dir, files, false)).toThrow(`${dir}: the folder is not empty (2 files); would overwrite src/app.ts; use --force`);
    const plan = planWrite(dir, files, true);
    expect(plan).toMatchObject({ create: ["package.json"], overwrite: ["src/app.ts"], keep: ["notes.txt"] });
    writeFiles(plan, files);
    expect(readFileSync(join(dir, "src/app.ts"), "utf8")).toBe("app\n");
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("keep me\n");
  });
  it("a folder where a template file goes is refused even with --force", () => {
    const dir = tempDir("hp-w-");
    mkdirSync(join(dir, "src/app.ts"), { recursive: true });
    writeFileSync(join(dir, "src/app.ts/inside"), "x");
    expect(() => planWrite(dir, files, true)).toThrow(`${dir}: src/app.ts is a folder where the scaffold needs a file; move it away first`);
    expect(existsSync(join(dir, "src/app.ts/inside"))).toBe(true);
  });
  it("a failure part-way puts back what was there", () => {
    const dir = tempDir("hp-w-");
    writeFileSync(join(dir, "package.json"), "mine\n");
    const plan = planWrite(dir, files, true);
    // After planning, a file appears where src/ must be: package.json is moved aside and replaced, then src/app.ts cannot be made.
    writeFileSync(join(dir, "src"), "a file where a folder must go");
    expect(() => writeFiles(plan, files)).toThrow(/could not write the scaffold .*; nothing was changed/);
    expect(readFileSync(join(dir, "package.json"), "utf8")).toBe("mine\n");
    expect(readFileSync(join(dir, "src"), "utf8")).toBe("a file where a folder must go");
    expect(existsSync(join(dir, "heirloom-scaffold-journal"))).toBe(false);
  });
});
