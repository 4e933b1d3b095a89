// Fast failure: a database that refuses or does not answer is a 503 with Retry-After, and /health says which
// dependency is down within its own timeout. Auth pins HS256. The placeholder secret is refused.
import { createServer, type Server, type Socket } from "node:net";
import jwt from "jsonwebtoken";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signToken } from "../src/auth.js";
import { ConfigError, PLACEHOLDER_SECRET, loadConfig, loadPlanConfig } from "../src/config.js";
import { SECRET, makeApp } from "./helpers.js";

const services = inject("services");

describe.skipIf(!services)("the database away", () => {
  let silent: Server;
  const sockets: Socket[] = [];
  let silentPort = 0;
  beforeAll(async () => {
    // Accepts connections and never answers: a hung PostgreSQL.
    silent = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(() => {
    for (const s of sockets) s.destroy();
    silent.close();
  });

  for (const [name, url] of [
    ["refusing connections", "postgresql://postgres@127.0.0.1:1/none"],
    ["not answering", () => `postgresql://postgres@127.0.0.1:${silentPort}/none`],
  ] as const) {
    it(`${name}: 503 with Retry-After, and /health names the database`, async () => {
      const t = await makeApp({ DATABASE_URL: typeof url === "string" ? url : url(), DB_CONNECT_TIMEOUT_MS: "300", HEALTH_TIMEOUT_MS: "500" });
      try {
        const auth = `Bearer ${signToken("00000000-0000-4000-8000-000000000000", SECRET)}`;
        const list = await request(t.app).get("/api/vault/items").set("Authorization", auth);
        expect(list.status).toBe(503);
        expect(list.headers["retry-after"]).toBe("2");
        const create = await request(t.app).post("/api/vault/items").set("Authorization", auth).send({ type: "note", title: "x" });
        expect(create.status).toBe(503);
        const health = await request(t.app).get("/health");
        expect(health.status).toBe(503);
        expect(health.body).toMatchObject({ status: "degraded", service: "heirloom-backend", dependencies: { database: "down", redis: "up" } });
      } finally {
        await t.close();
      }
    });
  }
});

describe.skipIf(!services)("tokens", () => {
  it("accepts HS256 only: alg none, another HMAC and another secret are 401", async () => {
    const t = await makeApp();
    try {
      const sub = "00000000-0000-4000-8000-000000000001";
      const none = jwt.sign({ sub }, "", { algorithm: "none" });
      const hs512 = jwt.sign({ sub }, SECRET, { algorithm: "HS512" });
      const forged = jwt.sign({ sub }, PLACEHOLDER_SECRET, { algorithm: "HS256" });
      for (const token of [none, hs512, forged]) {
        expect((await request(t.app).get("/api/vault/items").set("Authorization", `Bearer ${token}`)).status).toBe(401);
      }
      expect((await request(t.app).get("/api/vault/items").set("Authorization", `Bearer ${signToken(sub, SECRET)}`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe("configuration", () => {
  it("refuses the placeholder JWT_SECRET of .env.example with one line that says how to make one", () => {
    expect(() => loadConfig({ JWT_SECRET: PLACEHOLDER_SECRET })).toThrow(ConfigError);
    expect(() => loadConfig({ JWT_SECRET: PLACEHOLDER_SECRET })).toThrow(/placeholder.*randomBytes\(32\)/);
  });

  it("counts the processes serving the instance for /health: 1, or what PM2 or the ecosystem file says", () => {
    expect(loadConfig({ JWT_SECRET: SECRET }).processes).toBe(1);
    expect(loadConfig({ JWT_SECRET: SECRET, instances: "4" }).processes).toBe(4);
    expect(loadConfig({ JWT_SECRET: SECRET, instances: "max" }).processes).toBe(1);
    expect(loadConfig({ JWT_SECRET: SECRET, instances: "max", HEIRLOOM_PROCESSES: "2" }).processes).toBe(2);
  });

  it("prepares the list statement unless the plan puts PgBouncer in front, or DB_PREPARED_STATEMENTS says", () => {
    const plan = loadPlanConfig();
    const bounced = { ...plan, database: { ...plan.database, pgbouncer: { port: 6432, defaultPoolSize: 20, maxClientConn: 400 } } };
    expect(loadConfig({ JWT_SECRET: SECRET }, { ...plan, database: { ...plan.database, pgbouncer: undefined } }).preparedStatements).toBe(true);
    expect(loadConfig({ JWT_SECRET: SECRET }, bounced).preparedStatements).toBe(false);
    expect(loadConfig({ JWT_SECRET: SECRET, DB_PREPARED_STATEMENTS: "on" }, bounced).preparedStatements).toBe(true);
    expect(loadConfig({ JWT_SECRET: SECRET, DB_PREPARED_STATEMENTS: "off" }).preparedStatements).toBe(false);
    expect(() => loadConfig({ JWT_SECRET: SECRET, DB_PREPARED_STATEMENTS: "yes" })).toThrow("DB_PREPARED_STATEMENTS must be on or off (got yes)");
  });

  it("trusts no proxy unless told", () => {
    expect(loadConfig({ JWT_SECRET: SECRET }).trustProxy).toBe(0);
    expect(loadConfig({ JWT_SECRET: SECRET, TRUST_PROXY: "2" }).trustProxy).toBe(2);
  });
});
