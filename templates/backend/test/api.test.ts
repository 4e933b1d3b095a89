// The vault API against the real PostgreSQL and Redis: CRUD, validation, auth, isolation, cache, rate limits.
import request from "supertest";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signToken } from "../src/auth.js";
import { METRICS_TOKEN, SECRET, makeApp, makeUser, type TestApp } from "./helpers.js";

const services = inject("services");

describe.skipIf(!services)("vault API", () => {
  let t: TestApp;
  let alice: Awaited<ReturnType<typeof makeUser>>;
  let bob: Awaited<ReturnType<typeof makeUser>>;
  beforeAll(async () => {
    t = await makeApp();
    alice = await makeUser(t);
    bob = await makeUser(t);
  });
  afterAll(async () => t.close());

  const create = (auth: string, body: object) => request(t.app).post("/api/vault/items").set("Authorization", auth).send(body);
  const list = (auth: string, query = "") => request(t.app).get(`/api/vault/items${query}`).set("Authorization", auth);

  it("creates, reads, updates and deletes an item", async () => {
    const created = await create(alice.auth, { type: "letter", title: "To my daughter", keywords: ["family"], importanceScore: 9, emotionCategory: "love" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: "letter", title: "To my daughter", keywords: ["family"], importanceScore: 9 });
    const id = created.body.id;
    const read = await request(t.app).get(`/api/vault/items/${id}`).set("Authorization", alice.auth);
    expect(read.status).toBe(200);
    expect(read.body.title).toBe("To my daughter");
    const updated = await request(t.app).patch(`/api/vault/items/${id}`).set("Authorization", alice.auth).send({ title: "To my son" });
    expect(updated.status).toBe(200);
    expect(updated.body.title).toBe("To my son");
    expect((await request(t.app).delete(`/api/vault/items/${id}`).set("Authorization", alice.auth)).status).toBe(204);
    expect((await request(t.app).get(`/api/vault/items/${id}`).set("Authorization", alice.auth)).status).toBe(404);
  });

  it("answers 400 with what is wrong", async () => {
    const noTitle = await create(alice.auth, { type: "letter" });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.issues.map((i: { path: string }) => i.path)).toEqual(["title"]);
    expect((await create(alice.auth, { type: "letter", title: "x", importanceScore: 11 })).status).toBe(400);
    expect((await create(alice.auth, { type: "letter", title: "x", extra: 1 })).status).toBe(400);
    expect((await list(alice.auth, "?limit=0")).status).toBe(400);
    expect((await list(alice.auth, "?limit=abc")).status).toBe(400);
    expect((await request(t.app).get("/api/vault/items/not-a-uuid").set("Authorization", alice.auth)).status).toBe(400);
    const badJson = await request(t.app).post("/api/vault/items").set("Authorization", alice.auth).set("Content-Type", "application/json").send("{oops");
    expect(badJson.status).toBe(400);
    expect(badJson.body.error).toBe("invalid JSON body");
    // Bodies are read by create and update only, up to 1 MB each.
    const id = (await create(alice.auth, { type: "note", title: "n" })).body.id;
    const big = JSON.stringify({ title: "x".repeat(1_100_000) });
    for (const r of [
      request(t.app).post("/api/vault/items").set("Authorization", alice.auth).set("Content-Type", "application/json").send(big),
      request(t.app).patch(`/api/vault/items/${id}`).set("Authorization", alice.auth).set("Content-Type", "application/json").send(big),
    ]) {
      const answer = await r;
      expect([answer.status, answer.body.error]).toEqual([413, "request entity too large"]);
    }
    const badPatch = await request(t.app).patch(`/api/vault/items/${id}`).set("Authorization", alice.auth).set("Content-Type", "application/json").send("{oops");
    expect([badPatch.status, badPatch.body.error]).toEqual([400, "invalid JSON body"]);
  });

  it("needs a valid bearer token", async () => {
    expect((await request(t.app).get("/api/vault/items")).status).toBe(401);
    expect((await list("Bearer nonsense")).status).toBe(401);
  });

  it("remembers a verified token only until it expires", async () => {
    const signed = signToken(alice.id, SECRET, 2); // valid for 1 to 2 s
    const { exp } = JSON.parse(Buffer.from(signed.split(".")[1], "base64url").toString()) as { exp: number }; // expired from exp * 1000 ms on
    const token = `Bearer ${signed}`;
    expect((await list(token)).status).toBe(200);
    expect((await list(token)).status).toBe(200); // the remembered one
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 20));
    expect((await list(token)).status).toBe(401);
  });

  it("keeps each user to their own vault: another user's item is a 404", async () => {
    const mine = await create(alice.auth, { type: "photo", title: "Alice's" });
    const id = mine.body.id;
    expect((await request(t.app).get(`/api/vault/items/${id}`).set("Authorization", bob.auth)).status).toBe(404);
    expect((await request(t.app).patch(`/api/vault/items/${id}`).set("Authorization", bob.auth).send({ title: "mine now" })).status).toBe(404);
    expect((await request(t.app).delete(`/api/vault/items/${id}`).set("Authorization", bob.auth)).status).toBe(404);
    expect((await list(bob.auth)).body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect((await request(t.app).get(`/api/vault/items/${id}`).set("Authorization", alice.auth)).body.title).toBe("Alice's");
  });

  it("serves a second list read from the cache", async () => {
    const carol = await makeUser(t);
    await create(carol.auth, { type: "video", title: "first" });
    const first = await list(carol.auth, "?type=video&limit=5");
    expect(first.headers["x-cache"]).toBe("MISS");
    const second = await list(carol.auth, "?type=video&limit=5");
    expect(second.headers["x-cache"]).toBe("HIT");
    expect(second.body).toEqual(first.body);
    const [key] = await t.cache.redis!.keys(`vault:items:${carol.id}:v*:video:5:0`); // a test may use KEYS; the app never does
    expect(await t.cache.redis!.ttl(key)).toBeGreaterThan(55);
  });

  it("lists each item exactly as it reads alone (the list's SQL writes the JSON), newest first, filtered by type", async () => {
    const erin = await makeUser(t);
    const full = { type: "letter", title: "full", content: "text \"quoted\"\n\t\u0001 \\ / ü \u2028 🙂", thumbnailUrl: "https://example.com/t.png", mediaUrl: "http://example.com/m.mp4", emotionCategory: "joy", importanceScore: 7, keywords: ["a", "b c"], scheduledDelivery: "2030-01-02T03:04:05.600Z" };
    const made = [(await create(erin.auth, full)).body, (await create(erin.auth, { type: "note", title: "bare" })).body];
    const alone = await Promise.all(made.map(async (m) => (await request(t.app).get(`/api/vault/items/${m.id}`).set("Authorization", erin.auth)).body));
    expect(alone[0]).toMatchObject({ ...full, scheduledDelivery: "2030-01-02T03:04:05.600Z" });
    const miss = await list(erin.auth);
    expect(miss.headers["x-cache"]).toBe("MISS");
    expect(miss.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(miss.body).toEqual({ items: [alone[1], alone[0]], limit: 20, offset: 0 });
    expect(miss.text).toBe(JSON.stringify(miss.body)); // PostgreSQL's JSON is byte for byte what JSON.stringify writes
    await new Promise((r) => setTimeout(r, 50)); // the store is not awaited by the read
    const hit = await list(erin.auth);
    expect([hit.headers["x-cache"], hit.headers["content-type"], hit.text]).toEqual(["HIT", "application/json; charset=utf-8", miss.text]);
    expect((await list(erin.auth, "?type=letter&limit=1")).body).toEqual({ items: [alone[0]], limit: 1, offset: 0 });
    expect((await list(erin.auth, "?offset=1")).body.items).toEqual([alone[0]]);
    // An update rewrites the item's list text too (a trigger): the list still equals the item read alone.
    const patched = await request(t.app).patch(`/api/vault/items/${made[0].id}`).set("Authorization", erin.auth).send({ content: "new \"text\"", scheduledDelivery: null, keywords: [] });
    expect(patched.status).toBe(200);
    const after = await list(erin.auth);
    expect(after.text).toBe(JSON.stringify({ items: [alone[1], patched.body], limit: 20, offset: 0 }));
  });

  it("answers a list byte for byte the same as a prepared statement and through the function PgBouncer needs", async () => {
    const fay = await makeUser(t);
    for (const [i, type] of ["letter", "note", "letter"].entries()) await create(fay.auth, { type, title: `item ${i}`, content: `"${i}" ü 🙂` });
    // Without a cache, so that each answer is the database's.
    const prepared = await makeApp({ REDIS_URL: "off", DB_PREPARED_STATEMENTS: "on" });
    const simple = await makeApp({ REDIS_URL: "off", DB_PREPARED_STATEMENTS: "off" });
    try {
      for (const query of ["", "?type=letter", "?type=letter&limit=1&offset=1", "?type=none", "?offset=5"]) {
        const [a, b] = await Promise.all([prepared, simple].map((app) => request(app.app).get(`/api/vault/items${query}`).set("Authorization", fay.auth)));
        expect([a.status, a.headers["x-cache"]]).toEqual([200, "BYPASS"]);
        expect(b.text).toBe(a.text);
      }
      const all = await request(prepared.app).get("/api/vault/items").set("Authorization", fay.auth);
      expect(all.body.items.map((i: { title: string }) => i.title)).toEqual(["item 2", "item 1", "item 0"]);
    } finally {
      await Promise.all([prepared.close(), simple.close()]);
    }
  });

  it("never serves a stale read after a create, an update or a delete", async () => {
    const dave = await makeUser(t);
    const a = await create(dave.auth, { type: "letter", title: "a" });
    await list(dave.auth);
    expect((await list(dave.auth)).headers["x-cache"]).toBe("HIT");

    await create(dave.auth, { type: "letter", title: "b" });
    const afterCreate = await list(dave.auth);
    expect(afterCreate.headers["x-cache"]).toBe("MISS");
    expect(afterCreate.body.items.map((i: { title: string }) => i.title)).toEqual(["b", "a"]);
    expect((await list(dave.auth)).headers["x-cache"]).toBe("HIT");

    await request(t.app).patch(`/api/vault/items/${a.body.id}`).set("Authorization", dave.auth).send({ title: "a2" });
    expect((await list(dave.auth)).body.items.map((i: { title: string }) => i.title)).toEqual(["b", "a2"]);

    await request(t.app).delete(`/api/vault/items/${a.body.id}`).set("Authorization", dave.auth);
    expect((await list(dave.auth)).body.items.map((i: { title: string }) => i.title)).toEqual(["b"]);
  });

  it("/health reports the database and the cache", async () => {
    const health = await request(t.app).get("/health");
    expect(health.status).toBe(200);
    expect(health.body).toEqual({
      status: "ok",
      service: "heirloom-backend",
      version: "0.1.0",
      processes: 1,
      dependencies: { database: "up", redis: "up" },
    });
  });

  it("/metrics counts cache hits and misses, latency by route, and the pool", async () => {
    const erin = await makeUser(t);
    await list(erin.auth);
    await list(erin.auth);
    expect((await request(t.app).get("/metrics")).status).toBe(401);
    expect((await request(t.app).get("/metrics").set("Authorization", "Bearer wrong")).status).toBe(401);
    const text = (await request(t.app).get("/metrics").set("Authorization", `Bearer ${METRICS_TOKEN}`)).text;
    expect(Number(/^cache_hits_total (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(/^cache_misses_total (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.2",method="GET",route="\/api\/vault\/items",status="200"\}/);
    expect(text).toMatch(/^db_pool_connections\{state="in_use"\} \d+/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^process_cpu_seconds_total [\d.]+/m);
    expect(text).toMatch(/^db_queries_total [1-9]\d*/m);
    expect(text).toMatch(/^cache_bypass_total \d+/m);
  });

  it("/metrics is a 404 when METRICS_TOKEN is not set", async () => {
    const open = await makeApp({ METRICS_TOKEN: "" });
    try {
      expect((await request(open.app).get("/metrics")).status).toBe(404);
    } finally {
      await open.close();
    }
  });

  it("serves static files with the guide's CDN cache headers", async () => {
    const r = await request(t.app).get("/static/robots.txt");
    expect(r.status).toBe(200);
    expect(r.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });
});

describe.skipIf(!services)("rate limiting", () => {
  it("answers 429 after the limit, and the limit holds across instances sharing Redis", async () => {
    const prefix = `rl:test:shared:${Date.now()}:`;
    const one = await makeApp({ RATE_LIMIT_MAX: "5", RATE_LIMIT_PREFIX: prefix });
    const two = await makeApp({ RATE_LIMIT_MAX: "5", RATE_LIMIT_PREFIX: prefix });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await request(i % 2 ? two.app : one.app).get("/api/vault/items")).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      const limited = await request(one.app).get("/api/vault/items");
      expect(limited.status).toBe(429);
      expect(limited.headers["ratelimit-policy"]).toBe("5;w=900");
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
