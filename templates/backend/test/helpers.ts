// Build a real app on the real PostgreSQL and Redis of this machine, as the server does.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { createApp, openParts } from "../src/app.js";
import { signToken } from "../src/auth.js";
import { loadConfig, loadPlanConfig, type Config } from "../src/config.js";

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
  const parts = openParts(config);
  if (config.redisUrl && waitForRedis) await parts.cache.whenAvailable(5000);
  return { app: createApp({ config, ...parts }), config, ...parts };
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

/** A port nobody listens on now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A redis-server of the test's own on `port`, keeping nothing on disk (so one started again is empty). */
export function spawnRedisServer(port: number) {
  return spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
}
