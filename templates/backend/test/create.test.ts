// Creating items: one SQL statement, Idempotency-Key retries that never make a second row, links that can
// only be http(s), and a user's first creates racing for their vault.
import { randomUUID } from "node:crypto";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { counter, makeApp, makeUser, type TestApp } from "./helpers.js";

const services = inject("services");

describe.skipIf(!services)("POST /api/vault/items", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp();
  });
  afterAll(async () => t.close());
  const create = (auth: string, body: object, key?: string) => {
    const r = request(t.app).post("/api/vault/items").set("Authorization", auth);
    return (key ? r.set("Idempotency-Key", key) : r).send(body);
  };
  const rows = async (userId: string) =>
    (await t.db.pool.query(`SELECT i.id FROM "VaultItem" i JOIN "Vault" v ON v.id = i."vaultId" WHERE v."userId" = $1`, [userId])).rowCount;

  it("is one SQL statement (the vault made on the first), and a cached list read is none", async () => {
    const user = await makeUser(t);
    let before = await counter(t, "db_queries_total");
    expect((await create(user.auth, { type: "letter", title: "first" })).status).toBe(201);
    expect((await counter(t, "db_queries_total")) - before).toBe(1);
    before = await counter(t, "db_queries_total");
    expect((await create(user.auth, { type: "letter", title: "second", keywords: ["a"], scheduledDelivery: "2030-01-02T03:04:05.678Z" })).body).toMatchObject({
      title: "second",
      keywords: ["a"],
      scheduledDelivery: "2030-01-02T03:04:05.678Z",
    });
    expect((await counter(t, "db_queries_total")) - before).toBe(1);
    before = await counter(t, "db_queries_total");
    await request(t.app).get("/api/vault/items").set("Authorization", user.auth);
    expect((await counter(t, "db_queries_total")) - before).toBe(1);
    before = await counter(t, "db_queries_total");
    await new Promise((r) => setTimeout(r, 50));
    expect((await request(t.app).get("/api/vault/items").set("Authorization", user.auth)).headers["x-cache"]).toBe("HIT");
    expect((await counter(t, "db_queries_total")) - before).toBe(0);
  });

  it("answers a retry with the same Idempotency-Key with the first result, never a second row", async () => {
    const user = await makeUser(t);
    const key = randomUUID();
    const first = await create(user.auth, { type: "letter", title: "once" }, key);
    expect(first.status).toBe(201);
    const again = await create(user.auth, { type: "letter", title: "once" }, key);
    expect(again.status).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.body).toEqual(first.body);
    // Retries at once, as a client that timed out would send them.
    const burst = await Promise.all(Array.from({ length: 8 }, () => create(user.auth, { type: "letter", title: "burst" }, "burst-key")));
    expect(burst.every((r) => r.status === 201)).toBe(true);
    expect(new Set(burst.map((r) => r.body.id)).size).toBe(1);
    expect(await rows(user.id)).toBe(2);
    // Keys are per user: another user's same key is their own item.
    const other = await makeUser(t);
    expect((await create(other.auth, { type: "letter", title: "theirs" }, key)).body.id).not.toBe(first.body.id);
  });

  it("makes one vault when a new user's first creates race", async () => {
    const user = await makeUser(t);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => create(user.auth, { type: "note", title: `r${i}` })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(await rows(user.id)).toBe(6);
    expect((await t.db.pool.query(`SELECT 1 FROM "Vault" WHERE "userId" = $1`, [user.id])).rowCount).toBe(1);
  });

  it("refuses links that are not http: or https:", async () => {
    const user = await makeUser(t);
    for (const url of ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "ftp://x.example/a"]) {
      const r = await create(user.auth, { type: "link", title: "x", mediaUrl: url });
      expect(r.status).toBe(400);
      expect(r.body.issues[0].path).toBe("mediaUrl");
    }
    expect((await create(user.auth, { type: "link", title: "x", thumbnailUrl: "https://cdn.example/a.png" })).status).toBe(201);
  });

  it("answers 401 for a token of a user who no longer exists, and 400 for a bad key", async () => {
    const user = await makeUser(t);
    await t.db.prisma.user.delete({ where: { id: user.id } });
    expect((await create(user.auth, { type: "note", title: "ghost" })).status).toBe(401);
    const alive = await makeUser(t);
    expect((await create(alive.auth, { type: "note", title: "x" }, "has space")).status).toBe(400);
  });
});
