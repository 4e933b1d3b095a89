// Build a real app on the real PostgreSQL and Redis of this machine, as the server does.
import { randomUUID } from "node:crypto";
import { createApp } from "../src/app.js";
import { signToken } from "../src/auth.js";
import { CacheService } from "../src/cache.js";
import { loadConfig, loadPlanConfig, type Config } from "../src/config.js";
import { openDatabase } from "../src/db.js";
import { createMetrics } from "../src/metrics.js";

export const SECRET = "test-secret-0123456789abcdef";
export const METRICS_TOKEN = "test-metrics-token";

export function testConfig(overrides: NodeJS.ProcessEnv = {}): Config {
  return loadConfig(
    {
      DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/heirloom_test",
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      JWT_SECRET: SECRET,
      METRICS_TOKEN,
      // Each app counts its own rate-limit keys, so tests do not see each other's requests.
      RATE_LIMIT_PREFIX: `rl:test:${randomUUID()}:`,
      RATE_LIMIT_MAX: "10000",
      // Generous on a shared, busy machine: a command timing out opens the breaker and turns hits into bypasses.
      // The tests of timeouts set their own.
      REDIS_COMMAND_TIMEOUT_MS: "2000",
      ...overrides,
    },
    loadPlanConfig(),
  );
}

export type TestApp = Awaited<ReturnType<typeof makeApp>>;

export async function makeApp(overrides: NodeJS.ProcessEnv = {}, { waitForRedis = true } = {}) {
  const config = testConfig(overrides);
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
  if (config.redisUrl && waitForRedis) await cache.whenAvailable(5000);
  const app = createApp({ config, db, cache, metrics });
  return {
    app,
    config,
    db,
    cache,
    metrics,
    async close() {
      await Promise.allSettled([db.close(), cache.close()]);
    },
  };
}

/** A user of its own for a test, with a bearer token. */
export async function makeUser(t: TestApp) {
  const user = await t.db.prisma.user.create({ data: { email: `${randomUUID()}@test.example` }, select: { id: true } });
  return { id: user.id, auth: `Bearer ${signToken(user.id, SECRET)}` };
}

/** The value of a counter in the app's metrics. */
export async function counter(t: TestApp, name: string): Promise<number> {
  const metric = await t.metrics.registry.getSingleMetric(name)?.get();
  return metric?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
}

export async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
