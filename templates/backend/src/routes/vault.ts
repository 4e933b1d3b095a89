// The vault API: list (cached), create, read, update, delete. Every input validated with zod; each user
// reaches only their own vault's items (another user's item is a 404); queries select only what they return.
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { listKey, userPattern, type CacheService } from "../cache.js";
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

const ListQuery = z.object({
  type: z.string().min(1).max(50).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const ItemFields = z.object({
  type: z.string().trim().min(1).max(50),
  title: z.string().trim().min(1).max(200),
  content: z.string().max(100_000).nullable().optional(),
  thumbnailUrl: z.url().max(2048).nullable().optional(),
  mediaUrl: z.url().max(2048).nullable().optional(),
  emotionCategory: z.string().max(50).nullable().optional(),
  importanceScore: z.number().int().min(0).max(10).optional(),
  keywords: z.array(z.string().min(1).max(50)).max(20).optional(),
  scheduledDelivery: z.iso.datetime().nullable().optional(),
});
const CreateItem = ItemFields.strict();
const UpdateItem = ItemFields.partial().strict().refine((v) => Object.keys(v).length > 0, { message: "nothing to update" });
const ItemId = z.uuid();

function invalid(res: Response, error: z.ZodError) {
  return res.status(400).json({
    error: "invalid request",
    issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}

const toDate = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));

export function vaultRouter(prisma: PrismaClient, cache: CacheService, ttlSeconds: number): Router {
  const router = Router();
  const userOf = (req: Request) => req.userId!;

  router.get("/items", async (req, res) => {
    const query = ListQuery.safeParse(req.query);
    if (!query.success) return invalid(res, query.error);
    const { type, limit, offset } = query.data;
    const userId = userOf(req);
    const key = listKey(userId, type, limit, offset);
    const cached = await cache.get<unknown>(key);
    if (cached.outcome === "HIT") return res.set("X-Cache", "HIT").json(cached.value);
    // One query: the user's vault joined in the filter, no N+1.
    const items = await prisma.vaultItem.findMany({
      where: { vault: { userId }, ...(type ? { type } : {}) },
      orderBy: { createdAt: "desc" },
      take: limit,
      skip: offset,
      select: ITEM_FIELDS,
    });
    const body = { items, limit, offset };
    if (cached.outcome === "MISS") await cache.set(key, body, ttlSeconds);
    res.set("X-Cache", cached.outcome).json(body);
  });

  router.post("/items", async (req, res) => {
    const input = CreateItem.safeParse(req.body ?? {});
    if (!input.success) return invalid(res, input.error);
    const userId = userOf(req);
    const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) return res.status(401).json({ error: "unknown user" });
    const vault = await prisma.vault.upsert({ where: { userId }, create: { userId }, update: {}, select: { id: true } });
    const { scheduledDelivery, ...rest } = input.data;
    const item = await prisma.vaultItem.create({
      data: { ...rest, scheduledDelivery: toDate(scheduledDelivery), vaultId: vault.id },
      select: ITEM_FIELDS,
    });
    await cache.invalidate(userPattern(userId));
    res.status(201).json(item);
  });

  router.get("/items/:id", async (req, res) => {
    const id = ItemId.safeParse(req.params.id);
    if (!id.success) return invalid(res, id.error);
    const item = await prisma.vaultItem.findFirst({ where: { id: id.data, vault: { userId: userOf(req) } }, select: ITEM_FIELDS });
    if (!item) return res.status(404).json({ error: "not found" });
    res.json(item);
  });

  router.patch("/items/:id", async (req, res) => {
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
    await cache.invalidate(userPattern(userId));
    res.json(await prisma.vaultItem.findUnique({ where: { id: id.data }, select: ITEM_FIELDS }));
  });

  router.delete("/items/:id", async (req, res) => {
    const id = ItemId.safeParse(req.params.id);
    if (!id.success) return invalid(res, id.error);
    const userId = userOf(req);
    const { count } = await prisma.vaultItem.deleteMany({ where: { id: id.data, vault: { userId } } });
    if (count === 0) return res.status(404).json({ error: "not found" });
    await cache.invalidate(userPattern(userId));
    res.status(204).end();
  });

  return router;
}
