// CacheService on Redis, after the guide: cached list reads, pattern invalidation on writes, and graceful
// degradation: when Redis is down or slow, reads go to the database and nothing fails; it reconnects by itself.
import { Redis } from "ioredis";

export type CacheOutcome = "HIT" | "MISS" | "BYPASS";

export interface CacheCounters {
  hit(): void;
  miss(): void;
  bypass(): void;
}

export class CacheService {
  readonly redis: Redis;

  constructor(url: string, commandTimeoutMs: number, private readonly counters?: CacheCounters) {
    this.redis = new Redis(url, {
      // Fail fast instead of queueing while Redis is away: the request goes to the database.
      enableOfflineQueue: false,
      commandTimeout: commandTimeoutMs,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      // Keep trying to come back, at most every 2 s.
      retryStrategy: (times) => Math.min(times * 100, 2000),
    });
    this.redis.on("error", () => {}); // reported through /health and X-Cache, not as crashes
  }

  get ready(): boolean {
    return this.redis.status === "ready";
  }

  /** A cached JSON value, or a miss, or a bypass when Redis cannot answer. */
  async get<T>(key: string): Promise<{ outcome: CacheOutcome; value?: T }> {
    if (!this.ready) {
      this.counters?.bypass();
      return { outcome: "BYPASS" };
    }
    try {
      const text = await this.redis.get(key);
      if (text === null) {
        this.counters?.miss();
        return { outcome: "MISS" };
      }
      this.counters?.hit();
      return { outcome: "HIT", value: JSON.parse(text) as T };
    } catch {
      this.counters?.bypass();
      return { outcome: "BYPASS" };
    }
  }

  /** Store a JSON value for ttlSeconds; a failure only costs a later miss. */
  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    if (!this.ready) return;
    await this.redis.set(key, JSON.stringify(value), "EX", ttlSeconds).catch(() => {});
  }

  /** Delete every key matching a pattern with SCAN (never KEYS, which blocks Redis). */
  async invalidate(pattern: string): Promise<number> {
    if (!this.ready) return 0;
    let deleted = 0;
    try {
      let cursor = "0";
      do {
        const [next, keys] = await this.redis.scan(cursor, "MATCH", pattern, "COUNT", 200);
        cursor = next;
        if (keys.length) deleted += await this.redis.del(...keys);
      } while (cursor !== "0");
    } catch {
      // Redis went away mid-scan: entries left behind expire with their TTL.
    }
    return deleted;
  }

  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}

/** The guide's key: vault:items:{userId}:{type}:{limit}:{offset}. */
export const listKey = (userId: string, type: string | undefined, limit: number, offset: number) => `vault:items:${userId}:${type ?? "all"}:${limit}:${offset}`;
export const userPattern = (userId: string) => `vault:items:${userId}:*`;
