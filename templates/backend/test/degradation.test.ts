// Graceful degradation: with Redis unreachable or paused, requests are served from the database and nothing
// fails; when it comes back, the service reconnects by itself.
import { spawnSync, type ChildProcess } from "node:child_process";
import request from "supertest";
import { afterAll, describe, expect, inject, it } from "vitest";
import { counter, freePort, makeApp, makeUser, spawnRedisServer, waitFor } from "./helpers.js";

const services = inject("services");
const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0;

describe.skipIf(!services)("Redis unreachable (a closed port)", () => {
  it("serves everything from the database, with X-Cache: BYPASS", async () => {
    const t = await makeApp({ REDIS_URL: "redis://127.0.0.1:1" });
    try {
      const user = await makeUser(t);
      const created = await request(t.app).post("/api/vault/items").set("Authorization", user.auth).send({ type: "letter", title: "no cache" });
      expect(created.status).toBe(201);
      const listed = await request(t.app).get("/api/vault/items").set("Authorization", user.auth);
      expect(listed.status).toBe(200);
      expect(listed.headers["x-cache"]).toBe("BYPASS");
      expect(listed.body.items.map((i: { title: string }) => i.title)).toEqual(["no cache"]);
      const health = await request(t.app).get("/health");
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: "degraded", dependencies: { database: "up", redis: "down" } });
      expect(await counter(t, "cache_bypass_total")).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});

describe.skipIf(!services || !hasRedisServer)("Redis paused mid-test (a redis-server of the test's own)", () => {
  let redis: ChildProcess | undefined;
  afterAll(() => {
    redis?.kill("SIGCONT");
    redis?.kill("SIGKILL");
  });

  it("bypasses while paused, then reconnects and caches again", async () => {
    const port = await freePort();
    redis = spawnRedisServer(port);
    const t = await makeApp({ REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_COMMAND_TIMEOUT_MS: "200" });
    try {
      expect(await waitFor(() => t.cache.available, 5000)).toBe(true);
      const user = await makeUser(t);
      await request(t.app).post("/api/vault/items").set("Authorization", user.auth).send({ type: "letter", title: "kept" });
      const get = () => request(t.app).get("/api/vault/items").set("Authorization", user.auth);
      expect((await get()).headers["x-cache"]).toBe("MISS");
      expect((await get()).headers["x-cache"]).toBe("HIT");

      redis.kill("SIGSTOP"); // Redis stops answering: commands time out after REDIS_COMMAND_TIMEOUT_MS
      const paused = await get();
      expect(paused.status).toBe(200);
      expect(paused.headers["x-cache"]).toBe("BYPASS");
      expect(paused.body.items.map((i: { title: string }) => i.title)).toEqual(["kept"]);
      // The breaker is open: later requests skip Redis instead of waiting for it again.
      expect(t.cache.available).toBe(false);
      expect((await get()).headers["x-cache"]).toBe("BYPASS");
      // A write while Redis is frozen: its version bump waits for Redis, and is made before Redis is used again.
      const during = await request(t.app).post("/api/vault/items").set("Authorization", user.auth).send({ type: "letter", title: "while frozen" });
      expect(during.status).toBe(201);

      redis.kill("SIGCONT");
      expect(await waitFor(() => t.cache.available, 8000)).toBe(true);
      const after = await get();
      expect(after.headers["x-cache"]).toBe("MISS"); // not the list cached before the write
      expect(after.body.items.map((i: { title: string }) => i.title)).toEqual(["while frozen", "kept"]);
      expect((await get()).headers["x-cache"]).toBe("HIT");
    } finally {
      await t.close();
    }
  });
});

describe.skipIf(!services || !hasRedisServer)("Redis killed and started again (a redis-server of the test's own)", () => {
  let redis: ChildProcess | undefined;
  afterAll(() => {
    redis?.kill("SIGKILL");
  });

  it("keeps to the database for a moment after reconnecting, while a write taken meanwhile is bumped, then caches again", async () => {
    const port = await freePort();
    redis = spawnRedisServer(port);
    const env = { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_COMMAND_TIMEOUT_MS: "200" };
    const a = await makeApp(env);
    const b = await makeApp(env);
    try {
      expect(await waitFor(() => a.cache.available && b.cache.available, 8000)).toBe(true);
      const user = await makeUser(b);
      const get = () => request(b.app).get("/api/vault/items").set("Authorization", user.auth);
      expect((await get()).headers["x-cache"]).toBe("MISS");
      expect((await get()).headers["x-cache"]).toBe("HIT");

      const gone = new Promise((r) => redis!.once("exit", r));
      redis.kill("SIGKILL");
      await gone;
      expect(await waitFor(() => !a.cache.available && !b.cache.available, 5000)).toBe(true);
      // A write while Redis is away: acknowledged, its version bump owed until A reconnects.
      const during = await request(a.app).post("/api/vault/items").set("Authorization", user.auth).send({ type: "letter", title: "while away" });
      expect(during.status).toBe(201);

      redis = spawnRedisServer(port);
      // B's connections are up again, but B keeps to the database until every instance has had time to reconnect.
      const connected = (t: typeof b) => t.cache.redis?.status === "ready";
      expect(await waitFor(() => connected(b), 8000)).toBe(true);
      expect(b.cache.available).toBe(false);
      const settling = await get();
      expect(settling.headers["x-cache"]).toBe("BYPASS");
      expect(settling.body.items.map((i: { title: string }) => i.title)).toEqual(["while away"]);

      expect(await waitFor(() => a.cache.available && b.cache.available, 10_000)).toBe(true);
      const after = await get();
      expect(after.headers["x-cache"]).toBe("MISS");
      expect(after.body.items.map((i: { title: string }) => i.title)).toEqual(["while away"]);
      expect((await get()).headers["x-cache"]).toBe("HIT");
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
