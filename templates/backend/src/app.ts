// The Express application, built from its parts so that tests can give it their own.
import express, { type NextFunction, type Request, type Response } from "express";
import { requireAuth } from "./auth.js";
import type { CacheService } from "./cache.js";
import type { Config } from "./config.js";
import type { Database } from "./db.js";
import type { Metrics } from "./metrics.js";
import { apiRateLimiter } from "./rate-limit.js";
import { vaultRouter } from "./routes/vault.js";

export interface AppParts {
  config: Config;
  db: Database;
  cache: CacheService;
  metrics: Metrics;
}

export function createApp({ config, db, cache, metrics }: AppParts) {
  const app = express();
  app.disable("x-powered-by");
  // nginx in front: req.ip is the client's address, for the rate limiter.
  app.set("trust proxy", config.trustProxy);

  app.use((req, res, next) => {
    const stop = metrics.requestDuration.startTimer();
    res.on("finish", () => {
      const route = req.route ? `${req.baseUrl}${req.route.path}` : req.baseUrl || "unmatched";
      stop({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  });

  app.get("/health", async (_req, res) => {
    const database = await db.prisma
      .$queryRaw`SELECT 1 AS ok`.then(() => "up" as const)
      .catch(() => "down" as const);
    const cacheStatus = cache.ready ? "up" : "down";
    const status = database === "up" ? (cacheStatus === "up" ? "ok" : "degraded") : "down";
    res.status(database === "up" ? 200 : 503).json({ status, database, cache: cacheStatus });
  });

  app.get("/metrics", async (_req, res) => {
    res.set("Content-Type", metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  // The guide's CDN headers for static assets.
  app.use("/static", express.static(config.staticDir, { immutable: true, maxAge: "1y", index: false }));

  app.use("/api/", apiRateLimiter(cache.redis, config.rateLimit));
  app.use(express.json({ limit: "1mb" }));
  app.use("/api/vault", requireAuth(config.jwtSecret), vaultRouter(db.prisma, cache, config.cacheTtlSeconds));

  app.use((_req, res) => res.status(404).json({ error: "not found" }));
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === "entity.parse.failed") return res.status(400).json({ error: "invalid JSON body" });
    if (err.status && err.status < 500) return res.status(err.status).json({ error: err.message });
    console.error(err);
    res.status(500).json({ error: "internal error" });
  });
  return app;
}
