// The vault API: list (cached), create (idempotent), read, update, delete. Every input validated with zod; each
// user reaches only their own vault's items (another user's item is a 404); queries select only what they return.
// The two hot paths, list and create, are one SQL statement each (see the README's "SQL per request").
import { randomUUID } from "node:crypto";
import { Router, json, type Request, type Response } from "express";
import pg from "pg";
import { z } from "zod";
import type { CacheService } from "../cache.js";
import type { PrismaClient } from "../generated/prisma/client.js";

const ITEM_FIELDS = {
  id: true,
  type: true,
  title: true,
  content: true,
  thumbnailUrl: true,
  mediaUrl: true,
  emotionCategory: true,
  importanceScore: true,
  keywords: true,
  scheduledDelivery: true,
  createdAt: true,
  updatedAt: true,
} as const;

// The same columns in SQL. Timestamps are stored without a time zone, in UTC (as Prisma writes them), with
// millisecond precision: formatted in SQL exactly as JSON.stringify writes a Date ("2026-11-26T07:25:43.123Z"),
// so that a list is not parsed into Date objects only to be turned back into the same strings.
const iso = (column: string) => `to_char(i."${column}", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "${column}"`;
const ITEM_COLUMNS = `i."id", i."type", i."title", i."content", i."thumbnailUrl", i."mediaUrl", i."emotionCategory",
  i."importanceScore", i."keywords", ${iso("scheduledDelivery")}, ${iso("createdAt")}, ${iso("updatedAt")}`;

const ListQuery = z.object({
  type: z.string().min(1).max(50).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const DEFAULT_LIST = { success: true, data: ListQuery.parse({}) } as const;

// Links are shown to people: only http: and https: (no javascript:, data:, file:).
const WebLink = z
  .string()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
    } catch {
      return false;
    }
  }, "must be an http: or https: URL")
  .nullable()
  .optional();

const ItemFields = z.object({
  type: z.string().trim().min(1).max(50),
  title: z.string().trim().min(1).max(200),
  content: z.string().max(100_000).nullable().optional(),
  thumbnailUrl: WebLink,
  mediaUrl: WebLink,
  emotionCategory: z.string().max(50).nullable().optional(),
  importanceScore: z.number().int().min(0).max(10).optional(),
  keywords: z.array(z.string().min(1).max(50)).max(20).optional(),
  scheduledDelivery: z.iso.datetime().nullable().optional(),
});
const CreateItem = ItemFields.strict();
const UpdateItem = ItemFields.partial().strict().refine((v) => Object.keys(v).length > 0, { message: "nothing to update" });
const ItemId = z.uuid();
// Printable ASCII, as the IETF draft's examples; a UUID is the usual choice.
const IdempotencyKey = z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces");

function invalid(res: Response, error: z.ZodError) {
  return res.status(400).json({
    error: "invalid request",
    issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}

const toDate = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));

// List: the user's vault joined in the filter, served by the (vaultId, createdAt DESC) index, answered as one JSON
// array that goes out as it is: each item's text (ITEM_COLUMNS' keys and formats) is kept in its row by a trigger
// (20261128000000_vault_item_list_json). Planned once per connection, in one of two ways:
// - a named prepared statement (PostgreSQL keeps its plan on the connection; 0.06 ms of its CPU a list against
//   0.08-0.11 ms for the function below, measured with npm run bench);
// - through PgBouncer in transaction mode, where a statement prepared on one server connection is unknown on the
//   next: a PL/pgSQL function whose plan each connection keeps (20261127000000_vault_list_function), sent as one
//   simple-protocol Query message, the user's id (from a verified token) and the type (validated) as escaped
//   literals, limit and offset as validated integers.
const LIST_PAGE = `SELECT '[' || COALESCE(string_agg(t."listJson", ',' ORDER BY t."createdAt" DESC), '') || ']' AS "items"
FROM (
  SELECT i."listJson", i."createdAt"
  FROM "VaultItem" i JOIN "Vault" v ON v."id" = i."vaultId"
  WHERE v."userId" = $1 AND ($4::text IS NULL OR i."type" = $4)
  ORDER BY i."createdAt" DESC
  LIMIT $2 OFFSET $3
) t`;
const listQuery = (prepared: boolean, userId: string, limit: number, offset: number, type: string | undefined): pg.QueryConfig | string =>
  prepared
    ? { name: "vault-items-list", text: LIST_PAGE, values: [userId, limit, offset, type ?? null] }
    : `SELECT "vault_items_list"(${pg.escapeLiteral(userId)}, ${limit}, ${offset}, ${type === undefined ? "NULL" : pg.escapeLiteral(type)}) AS "items"`;

/** Send JSON text as it is: head and body go out in one write (res.json would also copy the text into a Buffer). */
function sendJsonText(res: Response, json: string) {
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.end(json);
}

// Create in one statement: the user's vault found (or made, the first time), the item inserted, and a repeat of
// an Idempotency-Key inserting nothing. A user who no longer exists fails the vault's foreign key.
const CREATE_SQL = `WITH found AS (
  SELECT "id" FROM "Vault" WHERE "userId" = $1
), made AS (
  INSERT INTO "Vault" ("id", "userId") SELECT $2, $1 WHERE NOT EXISTS (SELECT 1 FROM found)
  ON CONFLICT ("userId") DO NOTHING RETURNING "id"
), vault AS (
  SELECT "id" FROM found UNION ALL SELECT "id" FROM made
), item AS (
  INSERT INTO "VaultItem" ("id", "vaultId", "type", "title", "content", "thumbnailUrl", "mediaUrl", "emotionCategory",
    "importanceScore", "keywords", "scheduledDelivery", "idempotencyKey", "createdAt", "updatedAt")
  SELECT $3, vault."id", $4, $5, $6, $7, $8, $9, $10, $11, $12::timestamptz AT TIME ZONE 'UTC', $13, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' FROM vault
  ON CONFLICT ("vaultId", "idempotencyKey") DO NOTHING
  RETURNING *
)
SELECT ${ITEM_COLUMNS}, false AS "replayed" FROM item i
UNION ALL
SELECT ${ITEM_COLUMNS}, true AS "replayed" FROM "VaultItem" i JOIN vault ON i."vaultId" = vault."id"
WHERE $13::text IS NOT NULL AND i."idempotencyKey" = $13 AND NOT EXISTS (SELECT 1 FROM item)`;

/** A JSON body of up to 1 MB, for the routes that take one. */
const jsonBody = json({ limit: "1mb" });

export function vaultRouter(prisma: PrismaClient, pool: pg.Pool, cache: CacheService, { preparedStatements }: { preparedStatements: boolean }): Router {
  const router = Router();
  const userOf = (req: Request) => req.userId!;

  router.get("/items", async (req, res) => {
    // No query string (the usual first page): the defaults, without zod.
    const query = req.url.includes("?") ? ListQuery.safeParse(req.query) : DEFAULT_LIST;
    if (!query.success) return invalid(res, query.error);
    const { type, limit, offset } = query.data;
    const userId = userOf(req);
    const listed = await cache.list(userId, query.data, async () => {
      const { rows } = await pool.query<{ items: string }>(listQuery(preparedStatements, userId, limit, offset, type));
      // limit and offset are validated integers: written into the JSON as they are.
      return `{"items":${rows[0].items},"limit":${limit},"offset":${offset}}`;
    });
    res.set("X-Cache", listed.outcome);
    sendJsonText(res, listed.json);
  });

  router.post("/items", jsonBody, async (req, res) => {
    const input = CreateItem.safeParse(req.body ?? {});
    if (!input.success) return invalid(res, input.error);
    const keyHeader = req.get("idempotency-key");
    const key = keyHeader === undefined ? null : IdempotencyKey.safeParse(keyHeader);
    if (key && !key.success) return res.status(400).json({ error: "invalid request", issues: [{ path: "Idempotency-Key", message: key.error.issues[0].message }] });
    const userId = userOf(req);
    const d = input.data;
    const params = [
      userId, randomUUID(), randomUUID(), d.type, d.title, d.content ?? null, d.thumbnailUrl ?? null, d.mediaUrl ?? null,
      d.emotionCategory ?? null, d.importanceScore ?? 0, d.keywords ?? [], d.scheduledDelivery ?? null, key ? key.data : null,
    ];
    let rows: Array<Record<string, unknown>>;
    try {
      ({ rows } = await pool.query(CREATE_SQL, params));
      // Two first creates of one user at once: the one that lost the vault's insert sees no vault in its
      // snapshot and inserts nothing. Once the winner commits the vault is there; through PgBouncer the
      // winner may not have committed yet, so a few short waits (the only time a create takes more than one).
      for (let attempt = 1; rows.length === 0 && attempt <= 5; attempt++) {
        if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
        ({ rows } = await pool.query(CREATE_SQL, params));
      }
    } catch (err) {
      if ((err as { code?: string }).code === "23503") return res.status(401).json({ error: "unknown user" });
      throw err;
    }
    if (rows.length === 0) throw new Error("create returned no row");
    const { replayed, ...item } = rows[0];
    if (!replayed) await cache.invalidateUser(userId);
    if (replayed) res.set("Idempotent-Replayed", "true");
    res.status(201).json(item);
  });

  router.get("/items/:id", async (req, res) => {
    const id = ItemId.safeParse(req.params.id);
    if (!id.success) return invalid(res, id.error);
    const item = await prisma.vaultItem.findFirst({ where: { id: id.data, vault: { userId: userOf(req) } }, select: ITEM_FIELDS });
    if (!item) return res.status(404).json({ error: "not found" });
    res.json(item);
  });

  router.patch("/items/:id", jsonBody, async (req, res) => {
    const id = ItemId.safeParse(req.params.id);
    if (!id.success) return invalid(res, id.error);
    const input = UpdateItem.safeParse(req.body ?? {});
    if (!input.success) return invalid(res, input.error);
    const userId = userOf(req);
    const { scheduledDelivery, ...rest } = input.data;
    const { count } = await prisma.vaultItem.updateMany({
      where: { id: id.data, vault: { userId } },
      data: { ...rest, ...(scheduledDelivery !== undefined ? { scheduledDelivery: toDate(scheduledDelivery) } : {}) },
    });
    if (count === 0) return res.status(404).json({ error: "not found" });
    await cache.invalidateUser(userId);
    res.json(await prisma.vaultItem.findUnique({ where: { id: id.data }, select: ITEM_FIELDS }));
  });

  router.delete("/items/:id", async (req, res) => {
    const id = ItemId.safeParse(req.params.id);
    if (!id.success) return invalid(res, id.error);
    const userId = userOf(req);
    const { count } = await prisma.vaultItem.deleteMany({ where: { id: id.data, vault: { userId } } });
    if (count === 0) return res.status(404).json({ error: "not found" });
    await cache.invalidateUser(userId);
    res.status(204).end();
  });

  return router;
}
