// The Express application, built from its parts so that tests can give it their own.
import { createHash, timingSafeEqual } from "node:crypto";
import express, { type NextFunction, type Request, type Response } from "express";
import { requireAuth } from "./auth.js";
import { CacheService } from "./cache.js";
import type { Config } from "./config.js";
import { isDatabaseUnavailable, openDatabase, type Database } from "./db.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { apiRateLimiter } from "./rate-limit.js";
import { vaultRouter } from "./routes/vault.js";

export interface AppParts {
  config: Config;
  db: Database;
  cache: CacheService;
  metrics: Metrics;
}

export interface OpenParts extends Omit<AppParts, "config"> {
  /** Close the pool and the Redis connections. */
  close(): Promise<void>;
}

/** The database pool, the metrics and the cache for a configuration, as the server (and the tests) use them. */
export function openParts(config: Config): OpenParts {
  const db = openDatabase({
    connectionString: config.databaseUrl,
    poolSize: config.poolSize,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    statementTimeoutMs: config.dbStatementTimeoutMs,
  });
  const metrics = createMetrics(db);
  const cache = new CacheService(config.redisUrl, {
    commandTimeoutMs: config.redisCommandTimeoutMs,
    breakerOpenMs: config.redisBreakerOpenMs,
    ttlSeconds: config.cacheTtlSeconds,
    counters: metrics.cache,
  });
  return {
    db,
    metrics,
    cache,
    async close() {
      await Promise.allSettled([db.close(), cache.close()]);
    },
  };
}

/** Seconds a client is told to wait when the database is away. */
const RETRY_AFTER_SECONDS = 2;

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    work.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });

const digest = (s: string) => createHash("sha256").update(s).digest();

export function createApp({ config, db, cache, metrics }: AppParts) {
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  // req.ip from this many proxy hops' X-Forwarded-For (0: the socket's address, which no caller can forge).
  app.set("trust proxy", config.trustProxy);
  /** Set by the server on SIGTERM/SIGINT: every response then closes its connection. */
  app.locals.draining = false;

  app.use((req, res, next) => {
    if (app.locals.draining) res.set("Connection", "close");
    const stop = metrics.requestDuration.startTimer();
    res.on("finish", () => {
      const route = req.route ? `${req.baseUrl}${req.route.path}` : req.baseUrl || "unmatched";
      stop({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  });

  app.get("/health", async (_req, res) => {
    const database = await withTimeout(db.pool.query("SELECT 1"), config.healthTimeoutMs).then(
      () => "up" as const,
      () => "down" as const,
    );
    const redis = cache.state;
    const status = database === "up" && redis !== "down" ? "ok" : "degraded";
    res.status(database === "up" ? 200 : 503).json({
      status,
      service: "heirloom-backend",
      version: config.version,
      processes: config.processes,
      dependencies: { database, redis },
    });
  });

  // Prometheus, behind a bearer token (never public: nginx answers 404 for it too). No token set: no /metrics.
  const metricsToken = config.metricsToken ? digest(config.metricsToken) : null;
  app.get("/metrics", async (req, res) => {
    if (!metricsToken) return res.status(404).json({ error: "not found" });
    const given = /^Bearer (.+)$/.exec(req.get("authorization") ?? "")?.[1];
    if (!given || !timingSafeEqual(digest(given), metricsToken)) {
      return res.status(401).set("WWW-Authenticate", 'Bearer realm="metrics"').json({ error: "metrics need the METRICS_TOKEN bearer token" });
    }
    res.set("Content-Type", metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  // The guide's CDN headers for static assets.
  app.use("/static", express.static(config.staticDir, { immutable: true, maxAge: "1y", index: false }));

  app.use("/api/", apiRateLimiter(cache, config.rateLimit));
  // JSON bodies are read by the routes that take one (create, update): a read passes no body parser.
  app.use("/api/vault", requireAuth(config.jwtSecret), vaultRouter(db.prisma, db.pool, cache, { preparedStatements: config.preparedStatements }));

  app.use((_req, res) => res.status(404).json({ error: "not found" }));
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === "entity.parse.failed") return res.status(400).json({ error: "invalid JSON body" });
    if (err.status && err.status < 500) return res.status(err.status).json({ error: err.message });
    if (isDatabaseUnavailable(err)) {
      return res.status(503).set("Retry-After", String(RETRY_AFTER_SECONDS)).json({ error: "the database is unavailable; try again shortly" });
    }
    console.error(err);
    res.status(500).json({ error: "internal error" });
  });
  return app;
}
