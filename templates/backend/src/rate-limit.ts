// Rate limiting per the guide (100 requests per 15 minutes per IP on /api/), counted in Redis so that the
// limit holds across instances, and failing open while Redis is away.
import { rateLimit, type IncrementResponse, type Options, type Store } from "express-rate-limit";
import type { Redis } from "ioredis";
import type { CacheService } from "./cache.js";

const INCREMENT = `local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {hits, redis.call('PTTL', KEYS[1])}`;

type RedisWithIncrement = Redis & { heirloomIncrement(key: string, windowMs: string): Promise<[number, number]> };

/**
 * A Redis store of our own rather than rate-limit-redis: that one loads its script once at start, so a Redis
 * that is down then leaves the limiter failing open for good. ioredis re-sends a defined script by itself.
 */
export class RedisRateLimitStore implements Store {
  windowMs = 60_000;
  private readonly redis: RedisWithIncrement;

  constructor(
    redis: Redis,
    readonly prefix = "rl:",
    /** The cache's circuit breaker: while it is open the limiter fails open at once, without waiting on Redis. */
    private readonly breaker?: Pick<CacheService, "available" | "trip">,
  ) {
    if (!("heirloomIncrement" in redis)) redis.defineCommand("heirloomIncrement", { numberOfKeys: 1, lua: INCREMENT });
    this.redis = redis as RedisWithIncrement;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private warned = false;

  async increment(key: string): Promise<IncrementResponse> {
    try {
      if (this.redis.status !== "ready") throw new Error(`Redis is ${this.redis.status}`);
      if (this.breaker && !this.breaker.available) throw new Error("Redis is skipped after a failure (circuit open)");
      const [totalHits, ttl] = await this.redis.heirloomIncrement(this.prefix + key, String(this.windowMs)).catch((err: Error) => {
        this.breaker?.trip();
        throw err;
      });
      this.warned = false;
      return { totalHits, resetTime: new Date(Date.now() + (ttl > 0 ? ttl : this.windowMs)) };
    } catch (err) {
      // Fail open, and say so once an outage rather than once a request.
      if (!this.warned) console.warn(`rate limiting paused: ${(err as Error).message}`);
      this.warned = true;
      return { totalHits: 1, resetTime: new Date(Date.now() + this.windowMs) }; // counted as a first hit: allowed
    }
  }

  async decrement(key: string): Promise<void> {
    await this.redis.decr(this.prefix + key).catch(() => {});
  }

  async resetKey(key: string): Promise<void> {
    await this.redis.del(this.prefix + key).catch(() => {});
  }
}

/** The guide's limiter, on a shared Redis store. */
export function apiRateLimiter(cache: CacheService, config: { windowMs: number; max: number; prefix: string }) {
  return rateLimit({
    windowMs: config.windowMs,
    limit: config.max,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    // Without Redis (REDIS_URL=off) the count is this process's own.
    ...(cache.redis ? { store: new RedisRateLimitStore(cache.redis, config.prefix, cache) } : {}),
    passOnStoreError: true, // belt and braces: the store itself fails open when Redis is away
    message: { error: "too many requests, try again later" },
  });
}
