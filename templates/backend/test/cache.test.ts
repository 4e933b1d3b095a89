// The list cache against real Redis: a read that raced a write is never served, concurrent misses share one
// query, and invalidation is one command whatever the keyspace (no SCAN, no KEYS: counted by a Redis of our own).
import { spawnSync, type ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { counter, freePort, makeApp, makeUser, spawnRedisServer, waitFor, type TestApp } from "./helpers.js";

const services = inject("services");
const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0;

describe.skipIf(!services)("list cache", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp();
  });
  afterAll(async () => t.close());

  it("never serves a list loaded before a write that landed while it was loading (the race)", async () => {
    const user = await makeUser(t);
    const query = { limit: 20, offset: 0 };
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // A read misses, takes the version, and loads the old list...
    const racing = t.cache.list(user.id, query, async () => {
      await gate;
      return JSON.stringify({ items: ["old list"] });
    });
    await new Promise((r) => setTimeout(r, 50));
    // ...a write lands and bumps the version...
    await t.cache.invalidateUser(user.id);
    // ...then the read stores what it loaded: under the old version.
    release();
    expect((await racing).outcome).toBe("MISS");
    await new Promise((r) => setTimeout(r, 50)); // the store is not awaited by the read
    const next = await t.cache.list(user.id, query, async () => JSON.stringify({ items: ["new list"] }));
    expect([next.outcome, next.value]).toEqual(["MISS", { items: ["new list"] }]);
    await new Promise((r) => setTimeout(r, 50));
    const hit = await t.cache.list(user.id, query, async () => JSON.stringify({ items: ["not called"] }));
    expect([hit.outcome, hit.value]).toEqual(["HIT", { items: ["new list"] }]);
  });

  it("bumps the versions of writes made before its Redis connection was ready before it uses Redis", async () => {
    const user = await makeUser(t);
    const list = (app: TestApp) => request(app.app).get("/api/vault/items").set("Authorization", user.auth);
    await list(t);
    expect((await list(t)).headers["x-cache"]).toBe("HIT");
    // A new instance takes a write before its connection to Redis is up: the bump waits...
    const fresh = await makeApp({}, { waitForRedis: false });
    try {
      expect(fresh.cache.available).toBe(false);
      expect((await request(fresh.app).post("/api/vault/items").set("Authorization", user.auth).send({ type: "note", title: "early" })).status).toBe(201);
      // ...and is made before the new instance uses Redis: the other instance then sees the write.
      expect(await waitFor(() => fresh.cache.available, 5000)).toBe(true);
      const after = await list(t);
      expect(after.headers["x-cache"]).toBe("MISS");
      expect(after.body.items.map((i: { title: string }) => i.title)).toEqual(["early"]);
    } finally {
      await fresh.close();
    }
  });

  it("makes a write's version bump at once while its breaker is open, so an instance reading Redis sees the write", async () => {
    const user = await makeUser(t);
    const list = () => request(t.app).get("/api/vault/items").set("Authorization", user.auth);
    await list();
    expect((await list()).headers["x-cache"]).toBe("HIT");
    // Another instance whose breaker has opened (as after a command that timed out), for a long interval: its own
    // reads keep to the database...
    const other = await makeApp({ REDIS_BREAKER_OPEN_MS: "30000" });
    try {
      other.cache.trip();
      expect(other.cache.available).toBe(false);
      // ...but a write it takes bumps the version over its connection, which is up, before the answer...
      const created = await request(other.app).post("/api/vault/items").set("Authorization", user.auth).send({ type: "note", title: "while open" });
      expect(created.status).toBe(201);
      expect(other.cache.available).toBe(false);
      // ...so the instance that reads Redis no longer serves the list it cached before the write.
      const after = await list();
      expect(after.headers["x-cache"]).toBe("MISS");
      expect(after.body.items.map((i: { title: string }) => i.title)).toEqual(["while open"]);
    } finally {
      await other.close();
    }
  });

  it("sends one database query for fifty concurrent misses of one key (single-flight)", async () => {
    const user = await makeUser(t);
    await request(t.app).post("/api/vault/items").set("Authorization", user.auth).send({ type: "letter", title: "one" });
    const before = await counter(t, "db_queries_total");
    const replies = await Promise.all(Array.from({ length: 50 }, () => request(t.app).get("/api/vault/items").set("Authorization", user.auth)));
    expect(replies.every((r) => r.status === 200 && r.body.items[0].title === "one")).toBe(true);
    // The misses share one query; on a busy machine a request arriving between the load and the (unawaited)
    // store can miss again: a few, never fifty.
    expect((await counter(t, "db_queries_total")) - before).toBeLessThanOrEqual(3);
  });
});

describe.skipIf(!services || !hasRedisServer)("invalidation on a Redis of the test's own", () => {
  let redis: ChildProcess | undefined;
  let port = 0;
  beforeAll(async () => {
    port = await freePort();
    redis = spawnRedisServer(port);
  });
  afterAll(() => {
    redis?.kill("SIGKILL");
  });

  it("bumps one version per write, with 20,000 unrelated keys present, and never SCANs or KEYS", async () => {
    const admin = new Redis({ port, host: "127.0.0.1", lazyConnect: true, retryStrategy: () => null });
    admin.on("error", () => {});
    expect(await waitFor(async () => admin.connect().then(() => true, () => false), 5000)).toBe(true);
    const t = await makeApp({ REDIS_URL: `redis://127.0.0.1:${port}` });
    try {
      const pipeline = admin.pipeline();
      for (let i = 0; i < 20_000; i++) pipeline.set(`unrelated:${i}`, "x");
      await pipeline.exec();
      await admin.config("RESETSTAT");
      const user = await makeUser(t);
      const list = () => request(t.app).get("/api/vault/items").set("Authorization", user.auth);
      await list();
      expect((await list()).headers["x-cache"]).toBe("HIT");
      for (let i = 0; i < 5; i++) expect((await request(t.app).post("/api/vault/items").set("Authorization", user.auth).send({ type: "note", title: `n${i}` })).status).toBe(201);
      const after = await list();
      expect(after.headers["x-cache"]).toBe("MISS");
      expect(after.body.items).toHaveLength(5);
      const stats = String(await admin.info("commandstats"));
      expect(stats).not.toMatch(/cmdstat_(scan|keys):/);
      expect(Number(await admin.get(`vault:ver:${user.id}`))).toBeGreaterThan(Date.now() - 60_000); // starts from the clock
    } finally {
      await t.close();
      admin.disconnect();
    }
  });
});
