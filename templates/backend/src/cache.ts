// CacheService on Redis, after the guide, made to hold under load and faults:
// - O(1) invalidation: each user's list keys carry that user's cache version, and a write bumps the version
//   (one INCR, whatever the size of the keyspace; no SCAN, no KEYS). A read takes the version first and stores
//   what it loaded under the key built from that version, so a read that raced a write stores under the old
//   version, which nobody reads again: it can never be served after the write.
// - A circuit breaker: after a timeout or an error, Redis is skipped for a short interval (reads go to the
//   database, X-Cache: BYPASS), then one PING probes it in the background; no read waits on a sick Redis.
// - Across instances: a write bumps before it answers whenever its connection is up (breaker open or not), and
//   an instance whose connection was lost keeps to the database for a while after it is back, until the others
//   have reconnected and made the bumps they owe.
// - Single-flight: concurrent misses of one key in this process share one database query.
import { Redis } from "ioredis";

export type CacheOutcome = "HIT" | "MISS" | "BYPASS";
export type CacheState = "up" | "down" | "disabled";

export interface CacheCounters {
  hit(): void;
  miss(): void;
  bypass(): void;
}

export interface CacheOptions {
  commandTimeoutMs: number;
  /** How long Redis is skipped after a failure before a probe. */
  breakerOpenMs?: number;
  ttlSeconds: number;
  counters?: CacheCounters;
}

// Read the user's version and the list stored under it, in one round trip.
const READ = `local v = redis.call('GET', KEYS[1]) or '0'
return {v, redis.call('GET', ARGV[1] .. v .. ARGV[2])}`;
// Bump the user's version. A missing version (new user, or a Redis that restarted empty) starts from the clock
// in milliseconds, so versions never go back to a number that a list stored before the restart still carries.
const BUMP = `if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[1]) end
local v = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return v`;

/** How soon Redis is probed again while a version bump is pending (else every breakerOpenMs). */
const PENDING_PROBE_MS = 100;

/**
 * After a connection to Redis is lost and made again, how long this instance still keeps to the database: every
 * other instance reconnects within it (a retry at most every second, each allowed a second to connect) and makes
 * the version bumps of the writes it took meanwhile, so none of them is read from a list cached before it.
 */
const RECONNECT_SETTLE_MS = 2000;

// The rate limiter's fixed window: count a hit, start the window on the first, answer [hits, ms left].
const HIT = `local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {hits, redis.call('PTTL', KEYS[1])}`;

type ScriptedRedis = Redis & {
  heirloomHit(key: string, windowMs: string): Promise<[number, number]>;
  heirloomRead(versionKey: string, prefix: string, suffix: string): Promise<[string, string | null]>;
  heirloomBump(versionKey: string, base: string, ttlMs: string): Promise<number>;
};

/** Key of a user's cache version. */
export const versionKey = (userId: string) => `vault:ver:${userId}`;
/** The guide's list key with the user's version in it: vault:items:{userId}:v{version}:{type}:{limit}:{offset}. */
export const listKey = (userId: string, version: string, query: ListQueryKey) => `${listPrefix(userId)}${version}${listSuffix(query)}`;
const listPrefix = (userId: string) => `vault:items:${userId}:v`;
export interface ListQueryKey {
  type?: string;
  limit: number;
  offset: number;
}
const listSuffix = ({ type, limit, offset }: ListQueryKey) => `:${type ?? "all"}:${limit}:${offset}`;

/** A list as the cache answers it: the JSON text to send, and its value (parsed only if someone reads it). */
export interface CachedList<T> {
  outcome: CacheOutcome;
  json: string;
  readonly value: T;
}
const cachedList = <T>(outcome: CacheOutcome, json: string): CachedList<T> => ({
  outcome,
  json,
  get value() {
    return JSON.parse(json) as T;
  },
});

export class CacheService {
  /** null when the app runs without Redis (REDIS_URL=off). */
  readonly redis: Redis | null;
  /**
   * Version bumps go on a connection of their own with a longer timeout (2 s at least): a write waits longer for its
   * bump rather than leave it pending (while pending, another instance may still serve the older list).
   */
  private readonly writer: Redis | null;
  private readonly opts: Required<Omit<CacheOptions, "counters">> & { counters?: CacheCounters };
  /** Open until Redis is proven: connected, and the versions of writes made meanwhile bumped. */
  private tripped = true;
  private recovering = false;
  private probeTimer: NodeJS.Timeout | null = null;
  private probeAt = 0;
  /** Users whose version could not be bumped while Redis was away: bumped first when it is back. */
  private readonly pendingBumps = new Set<string>();
  /** Until when the breaker stays open after a lost connection came back (RECONNECT_SETTLE_MS). */
  private settleUntil = 0;
  private readonly flights = new Map<string, Promise<string>>();
  private closed = false;

  constructor(url: string | null, options: CacheOptions) {
    this.opts = { breakerOpenMs: 1000, ...options };
    if (url === null) {
      this.redis = null;
      this.writer = null;
      return;
    }
    const connect = (commandTimeout: number) => {
      const redis = new Redis(url, {
        // Fail fast instead of queueing while Redis is away: the request goes to the database.
        enableOfflineQueue: false,
        commandTimeout,
        maxRetriesPerRequest: 0,
        connectTimeout: 1000,
        // Keep trying to come back, at most every second.
        retryStrategy: (times) => Math.min(times * 100, 1000),
        // Commands of concurrent requests issued in one tick go out in one write: fewer syscalls per request.
        enableAutoPipelining: true,
      });
      redis.defineCommand("heirloomRead", { numberOfKeys: 1, lua: READ });
      redis.defineCommand("heirloomBump", { numberOfKeys: 1, lua: BUMP });
      redis.defineCommand("heirloomHit", { numberOfKeys: 1, lua: HIT });
      redis.on("error", () => {}); // reported through /health and X-Cache, not as crashes
      // Connected (at start, or again): make the bumps missed meanwhile, then use Redis (after a lost or failed
      // connection, once the other instances have had time to make theirs). Lost: the breaker opens.
      let lost = false;
      redis.on("ready", () => {
        if (lost) this.settleUntil = Math.max(this.settleUntil, Date.now() + RECONNECT_SETTLE_MS);
        lost = false;
        void this.recover();
      });
      redis.on("close", () => {
        lost = true;
        this.trip();
      });
      return redis;
    };
    this.redis = connect(options.commandTimeoutMs);
    this.writer = connect(Math.max(2000, options.commandTimeoutMs * 10));
  }

  /** Whether Redis is to be used now: connected, and the breaker closed. */
  get available(): boolean {
    return this.redis !== null && this.redis.status === "ready" && this.writer?.status === "ready" && !this.tripped;
  }

  get state(): CacheState {
    if (this.redis === null) return "disabled";
    return this.available ? "up" : "down";
  }

  /** Wait until Redis is usable, or `ms` have passed (at start, so that the first requests use the cache). */
  async whenAvailable(ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    while (this.redis && !this.available && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return this.available;
  }

  /**
   * Open the breaker after a Redis failure: skip Redis, probe it in the background after the interval; sooner
   * (PENDING_PROBE_MS) while a write's version bump is pending, since until it is made another instance may still
   * serve the list from before that write.
   */
  trip(): void {
    if (this.redis === null || this.closed) return;
    this.tripped = true;
    this.scheduleProbe();
  }

  private scheduleProbe(delayMs?: number): void {
    const delay = delayMs ?? (this.pendingBumps.size > 0 ? Math.min(PENDING_PROBE_MS, this.opts.breakerOpenMs) : this.opts.breakerOpenMs);
    const at = Date.now() + delay;
    if (this.probeTimer && this.probeAt <= at) return;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeAt = at;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      void this.recover();
    }, delay);
    this.probeTimer.unref();
  }

  /**
   * Close the breaker once Redis answers, every version bump missed meanwhile is made, and the settling time after a
   * reconnection is over; else try again later.
   */
  private async recover(): Promise<void> {
    if (this.closed || this.recovering || !this.redis || !this.writer) return;
    this.recovering = true;
    try {
      await Promise.all([this.redis.ping(), this.writer.ping()]);
      if (await this.flushPendingBumps()) {
        const settling = this.settleUntil - Date.now();
        if (settling <= 0) {
          this.tripped = false;
          return;
        }
        this.tripped = true;
        this.scheduleProbe(settling);
        return;
      }
    } catch {
      // still away
    } finally {
      this.recovering = false;
    }
    this.trip();
  }

  /**
   * The user's list for a query, as JSON text (`load` gives it so): from Redis when it is there (HIT, sent as Redis
   * holds it); else loaded once for all concurrent callers and stored under the version read before loading (MISS);
   * from the database alone while Redis is away (BYPASS).
   */
  async list<T = unknown>(userId: string, query: ListQueryKey, load: () => Promise<string>): Promise<CachedList<T>> {
    const redis = this.redis as ScriptedRedis | null;
    if (!redis || !this.available) return this.bypass(load);
    let version: string;
    try {
      const [v, text] = await redis.heirloomRead(versionKey(userId), listPrefix(userId), listSuffix(query));
      if (text !== null) {
        this.opts.counters?.hit();
        return cachedList("HIT", text);
      }
      version = v;
    } catch {
      this.trip();
      return this.bypass(load);
    }
    this.opts.counters?.miss();
    const key = listKey(userId, version, query);
    let flight = this.flights.get(key);
    if (!flight) {
      flight = load().then((json) => {
        // Not awaited by the caller: the response does not wait for the store.
        if (this.available) redis.set(key, json, "EX", this.opts.ttlSeconds).catch(() => this.trip());
        return json;
      });
      this.flights.set(key, flight);
      const forget = () => this.flights.delete(key);
      flight.then(forget, forget);
    }
    return cachedList("MISS", await flight);
  }

  private async bypass<T>(load: () => Promise<string>): Promise<CachedList<T>> {
    // No single-flight here: without a version to key on, sharing a query begun before a write could serve
    // a list older than that write.
    this.opts.counters?.bypass();
    return cachedList("BYPASS", await load());
  }

  /** The rate limiter's count for a key: [hits in the window, ms left], or null while Redis is not to be used. */
  async countHit(key: string, windowMs: number): Promise<[number, number] | null> {
    const redis = this.redis as ScriptedRedis | null;
    if (!redis || !this.available) return null;
    try {
      return await redis.heirloomHit(key, String(windowMs));
    } catch {
      this.trip();
      return null;
    }
  }

  /**
   * After a write: bump the user's version, so every list cached for them is out of reach. Made whenever the
   * writer's connection is up, breaker open or not: the breaker only says this instance skips Redis for its reads,
   * while another instance may already be reading it again (and would serve the list from before this write).
   */
  async invalidateUser(userId: string): Promise<void> {
    const redis = this.writer as ScriptedRedis | null;
    if (!redis) return;
    if (redis.status !== "ready") {
      this.pendingBumps.add(userId);
      if (this.tripped && !this.closed) this.scheduleProbe();
      return;
    }
    try {
      await redis.heirloomBump(versionKey(userId), String(Date.now()), String(this.versionTtlMs));
    } catch {
      // The command may still run when Redis answers again; bumping twice is harmless.
      this.pendingBumps.add(userId);
      this.trip();
    }
  }

  /** Versions outlive every list stored under them (the lists' TTL), then go. */
  private get versionTtlMs(): number {
    return Math.max(3_600_000, this.opts.ttlSeconds * 10_000);
  }

  private async flushPendingBumps(): Promise<boolean> {
    const redis = this.writer as ScriptedRedis | null;
    if (!redis) return true;
    // Until none is left: a write that comes while these are sent adds its own (the breaker is still open), and
    // the caller closes the breaker in the same tick as the last check, so none is left behind.
    while (this.pendingBumps.size) {
      const [userId] = this.pendingBumps;
      try {
        await redis.heirloomBump(versionKey(userId), String(Date.now()), String(this.versionTtlMs));
        this.pendingBumps.delete(userId);
      } catch {
        return false;
      }
    }
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    await Promise.all(
      [this.redis, this.writer].map(async (r) => {
        if (!r) return;
        try {
          await r.quit();
        } catch {
          r.disconnect();
        }
      }),
    );
  }
}
