// Rate limiting per the guide (100 requests per 15 minutes per IP on /api/), counted in Redis so that the limit
// holds across instances, and failing open while Redis is away (the cache's circuit breaker decides, so no
// request waits on a sick Redis). A fixed window per client address: one INCR a request, sent in the same write
// as the other Redis commands of that tick (auto-pipelining). Headers after the IETF draft (draft-7 shape):
// `RateLimit-Policy: 100;w=900` and `RateLimit: limit=100, remaining=42, reset=311`.
import type { NextFunction, Request, Response } from "express";
import type { CacheService } from "./cache.js";

export interface RateLimitConfig {
  windowMs: number;
  max: number;
  /** Redis key prefix (tests give each app its own). */
  prefix: string;
}

/** The guide's limiter: `max` requests per `windowMs` per client address (req.ip: see TRUST_PROXY). */
export function apiRateLimiter(cache: CacheService, config: RateLimitConfig) {
  const policy = `${config.max};w=${Math.ceil(config.windowMs / 1000)}`;
  // Without Redis (REDIS_URL=off) the count is this process's own.
  const local = new Map<string, { hits: number; resetAt: number }>();
  let paused = false;
  const countLocally = (key: string): [number, number] => {
    const now = Date.now();
    let entry = local.get(key);
    if (!entry || entry.resetAt <= now) {
      if (local.size > 100_000) for (const [k, e] of local) if (e.resetAt <= now) local.delete(k);
      entry = { hits: 0, resetAt: now + config.windowMs };
      local.set(key, entry);
    }
    return [++entry.hits, entry.resetAt - now];
  };
  const answer = ([hits, ttlMs]: [number, number], res: Response, next: NextFunction) => {
    const reset = Math.max(0, Math.ceil(ttlMs / 1000));
    res.setHeader("RateLimit-Policy", policy);
    res.setHeader("RateLimit", `limit=${config.max}, remaining=${Math.max(0, config.max - hits)}, reset=${reset}`);
    if (hits > config.max) {
      res.setHeader("Retry-After", String(reset));
      return res.status(429).json({ error: "too many requests, try again later" });
    }
    next();
  };
  // Not an async function: without Redis a request goes on in the same tick, with no promise to settle.
  return (req: Request, res: Response, next: NextFunction) => {
    const key = `${config.prefix}${req.ip ?? "unknown"}`;
    if (!cache.redis) return answer(countLocally(key), res, next);
    return cache.countHit(key, config.windowMs).then((counted) => {
      if (counted === null) {
        // Fail open, and say so once an outage rather than once a request.
        if (!paused) console.warn("rate limiting paused: Redis is unavailable");
        paused = true;
        return next();
      }
      paused = false;
      answer(counted, res, next);
    }, next);
  };
}
