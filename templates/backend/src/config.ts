// Configuration: the plan's values (heirloom.config.json, written by heirloom-plan) under the environment.
import { readFileSync } from "node:fs";
import { z } from "zod";

const PlanConfig = z.object({
  plan: z.object({ profile: z.string(), users: z.number(), peakRps: z.number(), instances: z.number().int(), instanceType: z.string() }),
  database: z.object({
    poolSize: z.number().int().positive(),
    connectTimeoutMs: z.number().int().positive().default(2000),
    statementTimeoutMs: z.number().int().positive().default(5000),
    /** All instances' pools together, and the database class's max_connections (the plan's check). */
    totalConnections: z.number().int().nonnegative().optional(),
    maxConnections: z.number().int().positive().optional(),
    /** Written when the plan's connections exceed max_connections: the app then reaches PostgreSQL through PgBouncer. */
    pgbouncer: z.object({ port: z.number().int().positive(), defaultPoolSize: z.number().int().positive(), maxClientConn: z.number().int().positive() }).optional(),
  }),
  cache: z.object({
    ttlSeconds: z.number().int().positive(),
    maxmemoryBytes: z.number().int().positive(),
    commandTimeoutMs: z.number().int().positive(),
    breakerOpenMs: z.number().int().positive().default(1000),
  }),
  rateLimit: z.object({ windowMinutes: z.number().positive(), maxRequests: z.number().int().positive() }),
  cluster: z.object({ instances: z.number().int().positive(), processesPerInstance: z.number().int().positive(), port: z.number().int(), upstreamBasePort: z.number().int() }),
  loadTest: z.object({ targetRpsPerInstance: z.number().positive(), durationSeconds: z.number().int().positive() }),
});
export type PlanConfig = z.infer<typeof PlanConfig>;

export interface Config {
  port: number;
  version: string;
  /** Processes serving this instance: 1 for `node dist/server.js`, PM2's instance count under PM2 cluster mode. */
  processes: number;
  databaseUrl: string;
  poolSize: number;
  dbConnectTimeoutMs: number;
  dbStatementTimeoutMs: number;
  /**
   * The list query as a named prepared statement on each connection (PostgreSQL plans it once per connection).
   * Off through a pooler in transaction mode (PgBouncer before 1.21 keeps no statement across transactions): the
   * list is then one call of a PL/pgSQL function sent as a simple query. Default: on unless the plan has PgBouncer.
   */
  preparedStatements: boolean;
  /** null: no Redis (REDIS_URL=off); every list read goes to the database. */
  redisUrl: string | null;
  jwtSecret: string;
  cacheTtlSeconds: number;
  redisCommandTimeoutMs: number;
  redisBreakerOpenMs: number;
  healthTimeoutMs: number;
  rateLimit: { windowMs: number; max: number; prefix: string };
  /** Proxy hops in front of the app whose X-Forwarded-For is believed: 0 (none) unless set; nginx 1, ALB + nginx 2. */
  trustProxy: number;
  /** /metrics answers only with `Authorization: Bearer <METRICS_TOKEN>`; unset, it is a 404. */
  metricsToken: string | null;
  staticDir: string;
  shutdownTimeoutMs: number;
}

/** A setting the operator must fix: the server prints its message as one line and exits. */
export class ConfigError extends Error {}

/** The JWT_SECRET of .env.example: a known secret lets anyone forge tokens, so it is refused. */
export const PLACEHOLDER_SECRET = "change-me-to-a-long-random-string";
const MAKE_SECRET = `node -e "console.log(require('crypto').randomBytes(32).toString('hex'))"`;

/** The plan's values, from heirloom.config.json beside package.json. */
export function loadPlanConfig(path = new URL("../heirloom.config.json", import.meta.url)): PlanConfig {
  return PlanConfig.parse(JSON.parse(readFileSync(path, "utf8")));
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

const onOff = (value: string | undefined, fallback: boolean, name: string): boolean => {
  if (value === undefined || value === "") return fallback;
  if (value === "on" || value === "off") return value === "on";
  throw new ConfigError(`${name} must be on or off (got ${value})`);
};

const int = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a whole number (got ${value})`);
  return n;
};

/** The running configuration: environment first, then the plan's values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, plan: PlanConfig = loadPlanConfig()): Config {
  const jwtSecret = env.JWT_SECRET ?? "";
  if (jwtSecret === PLACEHOLDER_SECRET || /change-?me/i.test(jwtSecret)) {
    throw new ConfigError(`JWT_SECRET is still the placeholder of .env.example; put a random one in .env, made with: ${MAKE_SECRET}`);
  }
  if (jwtSecret.length < 16) throw new ConfigError(`JWT_SECRET must be at least 16 characters; make one with: ${MAKE_SECRET}`);
  const redisUrl = env.REDIS_URL === undefined ? "redis://127.0.0.1:6379" : env.REDIS_URL;
  return {
    port: int(env.PORT, plan.cluster.port, "PORT"),
    version: packageVersion(),
    // ecosystem.config.cjs sets HEIRLOOM_PROCESSES; PM2 also puts the app's `instances` in each worker's
    // environment (a number, or "max"/-1, which say nothing here).
    processes: int(env.HEIRLOOM_PROCESSES, /^[1-9]\d*$/.test(env.instances ?? "") ? Number(env.instances) : 1, "HEIRLOOM_PROCESSES") || 1,
    databaseUrl: env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/heirloom",
    poolSize: int(env.DB_POOL_SIZE, plan.database.poolSize, "DB_POOL_SIZE"),
    dbConnectTimeoutMs: int(env.DB_CONNECT_TIMEOUT_MS, plan.database.connectTimeoutMs, "DB_CONNECT_TIMEOUT_MS"),
    dbStatementTimeoutMs: int(env.DB_STATEMENT_TIMEOUT_MS, plan.database.statementTimeoutMs, "DB_STATEMENT_TIMEOUT_MS"),
    preparedStatements: onOff(env.DB_PREPARED_STATEMENTS, plan.database.pgbouncer === undefined, "DB_PREPARED_STATEMENTS"),
    redisUrl: redisUrl === "" || redisUrl === "off" ? null : redisUrl,
    jwtSecret,
    cacheTtlSeconds: int(env.CACHE_TTL_SECONDS, plan.cache.ttlSeconds, "CACHE_TTL_SECONDS"),
    redisCommandTimeoutMs: int(env.REDIS_COMMAND_TIMEOUT_MS, plan.cache.commandTimeoutMs, "REDIS_COMMAND_TIMEOUT_MS"),
    redisBreakerOpenMs: int(env.REDIS_BREAKER_OPEN_MS, plan.cache.breakerOpenMs, "REDIS_BREAKER_OPEN_MS"),
    healthTimeoutMs: int(env.HEALTH_TIMEOUT_MS, 1000, "HEALTH_TIMEOUT_MS"),
    rateLimit: {
      windowMs: int(env.RATE_LIMIT_WINDOW_MS, Math.round(plan.rateLimit.windowMinutes * 60_000), "RATE_LIMIT_WINDOW_MS"),
      max: int(env.RATE_LIMIT_MAX, plan.rateLimit.maxRequests, "RATE_LIMIT_MAX"),
      prefix: env.RATE_LIMIT_PREFIX ?? "rl:",
    },
    trustProxy: int(env.TRUST_PROXY, 0, "TRUST_PROXY"),
    metricsToken: env.METRICS_TOKEN ? env.METRICS_TOKEN : null,
    staticDir: env.STATIC_DIR ?? new URL("../public", import.meta.url).pathname,
    shutdownTimeoutMs: int(env.SHUTDOWN_TIMEOUT_MS, 10_000, "SHUTDOWN_TIMEOUT_MS"),
  };
}
