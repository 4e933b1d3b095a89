// Configuration: the plan's values (heirloom.config.json, written by heirloom-plan) under the environment.
import { readFileSync } from "node:fs";
import { z } from "zod";

const PlanConfig = z.object({
  plan: z.object({ profile: z.string(), users: z.number(), peakRps: z.number(), instances: z.number().int(), instanceType: z.string() }),
  database: z.object({ poolSize: z.number().int().positive() }),
  cache: z.object({ ttlSeconds: z.number().int().positive(), maxmemoryBytes: z.number().int().positive(), commandTimeoutMs: z.number().int().positive() }),
  rateLimit: z.object({ windowMinutes: z.number().positive(), maxRequests: z.number().int().positive() }),
  cluster: z.object({ instances: z.number().int().positive(), processesPerInstance: z.number().int().positive(), port: z.number().int(), upstreamBasePort: z.number().int() }),
  loadTest: z.object({ targetRpsPerInstance: z.number().positive(), durationSeconds: z.number().int().positive() }),
});
export type PlanConfig = z.infer<typeof PlanConfig>;

export interface Config {
  port: number;
  databaseUrl: string;
  redisUrl: string;
  jwtSecret: string;
  poolSize: number;
  cacheTtlSeconds: number;
  redisCommandTimeoutMs: number;
  rateLimit: { windowMs: number; max: number; prefix: string };
  /** Proxy hops in front of the app (nginx: 1), for req.ip behind it. */
  trustProxy: number;
  staticDir: string;
  shutdownTimeoutMs: number;
}

/** The plan's values, from heirloom.config.json beside package.json. */
export function loadPlanConfig(path = new URL("../heirloom.config.json", import.meta.url)): PlanConfig {
  return PlanConfig.parse(JSON.parse(readFileSync(path, "utf8")));
}

const int = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number (got ${value})`);
  return n;
};

/** The running configuration: environment first, then the plan's values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, plan: PlanConfig = loadPlanConfig()): Config {
  const jwtSecret = env.JWT_SECRET ?? "";
  if (jwtSecret.length < 16) throw new Error("JWT_SECRET must be set to at least 16 characters (see .env.example)");
  return {
    port: int(env.PORT, plan.cluster.port, "PORT"),
    databaseUrl: env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/heirloom",
    redisUrl: env.REDIS_URL ?? "redis://127.0.0.1:6379",
    jwtSecret,
    poolSize: int(env.DB_POOL_SIZE, plan.database.poolSize, "DB_POOL_SIZE"),
    cacheTtlSeconds: int(env.CACHE_TTL_SECONDS, plan.cache.ttlSeconds, "CACHE_TTL_SECONDS"),
    redisCommandTimeoutMs: int(env.REDIS_COMMAND_TIMEOUT_MS, plan.cache.commandTimeoutMs, "REDIS_COMMAND_TIMEOUT_MS"),
    rateLimit: {
      windowMs: int(env.RATE_LIMIT_WINDOW_MS, Math.round(plan.rateLimit.windowMinutes * 60_000), "RATE_LIMIT_WINDOW_MS"),
      max: int(env.RATE_LIMIT_MAX, plan.rateLimit.maxRequests, "RATE_LIMIT_MAX"),
      prefix: env.RATE_LIMIT_PREFIX ?? "rl:",
    },
    trustProxy: int(env.TRUST_PROXY, 1, "TRUST_PROXY"),
    staticDir: env.STATIC_DIR ?? new URL("../public", import.meta.url).pathname,
    shutdownTimeoutMs: int(env.SHUTDOWN_TIMEOUT_MS, 10_000, "SHUTDOWN_TIMEOUT_MS"),
  };
}
