// The built server as a process: settings to fix are one line and a non-zero exit; SIGTERM drains.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { request as httpRequest } from "node:http";
import { createConnection, createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signToken } from "../src/auth.js";
import { PLACEHOLDER_SECRET } from "../src/config.js";
import { SECRET, freePort, makeApp, makeUser, waitFor } from "./helpers.js";

const services = inject("services");
const DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/heirloom_test";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

function start(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ["dist/server.js"], {
    env: { PATH: process.env.PATH, DATABASE_URL, REDIS_URL, JWT_SECRET: SECRET, RATE_LIMIT_PREFIX: `rl:test:server:${Date.now()}:`, ...env },
  });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (d) => (out.stdout += d));
  child.stderr.on("data", (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, out, exited };
}

describe.skipIf(!services)("the server process", () => {
  const children: ChildProcess[] = [];
  beforeAll(() => {
    const r = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
  }, 120_000);
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  });

  it("exits 1 with one line when its port is in use", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const s = start({ PORT: String(port) });
      children.push(s.child);
      expect(await s.exited).toBe(1);
      expect(s.out.stderr).toBe(`heirloom-backend: port ${port} is already in use; stop what runs there or set PORT\n`);
      expect(s.out.stdout).not.toContain("listening");
    } finally {
      blocker.close();
    }
  });

  it("exits 1 with one line for the placeholder secret, and for a database that does not exist", async () => {
    const placeholder = start({ JWT_SECRET: PLACEHOLDER_SECRET, PORT: String(await freePort()) });
    expect(await placeholder.exited).toBe(1);
    expect(placeholder.out.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(placeholder.out.stderr).toContain(`node -e "console.log(require('crypto').randomBytes(32).toString('hex'))"`);
    const missing = start({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/heirloom_no_such_db", PORT: String(await freePort()) });
    expect(await missing.exited).toBe(1);
    expect(missing.out.stderr).toBe(
      `heirloom-backend: the database "heirloom_no_such_db" does not exist; create it with: createdb -h 127.0.0.1 -p 5432 -U postgres heirloom_no_such_db (then npm run db:deploy)\n`,
    );
  });

  it("on SIGTERM finishes the request in flight with Connection: close, takes no new connection, and exits 0", async () => {
    const t = await makeApp();
    const user = await makeUser(t);
    await t.close();
    const port = await freePort();
    const s = start({ PORT: String(port) });
    children.push(s.child);
    expect(await waitFor(() => s.out.stdout.includes("listening"), 10_000)).toBe(true);
    const body = JSON.stringify({ type: "letter", title: "sent across a shutdown" });
    let newConnection = "not tried";
    // A create whose body is still arriving when the signal comes.
    const response = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: "127.0.0.1", port, method: "POST", path: "/api/vault/items", agent: false,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${signToken(user.id, SECRET)}` } },
        (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
        },
      );
      req.on("error", reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        s.child.kill("SIGTERM");
        setTimeout(() => {
          const c = createConnection({ host: "127.0.0.1", port });
          c.on("connect", () => ((newConnection = "accepted"), c.destroy()));
          c.on("error", (e: NodeJS.ErrnoException) => (newConnection = e.code ?? "error"));
        }, 150);
        setTimeout(() => req.end(body.slice(10)), 400);
      }, 200);
    });
    const r = await response;
    expect(r.status).toBe(201);
    expect(JSON.parse(r.body).title).toBe("sent across a shutdown");
    expect(r.connection).toBe("close");
    expect(newConnection).toBe("ECONNREFUSED");
    expect(await s.exited).toBe(0);
    expect(s.out.stdout).toContain("SIGTERM: draining requests");
    expect(s.out.stdout).toContain("shutdown: done");
  });
});
