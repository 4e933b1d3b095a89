// Prometheus metrics: request latency by route and status, cache hits, misses and bypasses (the guide's 80%
// target), every SQL statement sent, database pool use, and the process's own (memory, CPU, event loop).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { CacheCounters } from "./cache.js";
import type { Database } from "./db.js";

export interface Metrics {
  registry: Registry;
  requestDuration: Histogram<"method" | "route" | "status">;
  cache: CacheCounters;
}

/** A registry of this app's own (tests build several apps in one process). */
export function createMetrics(db: Database): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency (the guide's target: under 200 ms)",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [registry],
  });
  const hits = new Counter({ name: "cache_hits_total", help: "list reads served from Redis", registers: [registry] });
  const misses = new Counter({ name: "cache_misses_total", help: "list reads not in Redis, served from the database", registers: [registry] });
  const bypass = new Counter({ name: "cache_bypass_total", help: "list reads served from the database because Redis was unavailable", registers: [registry] });
  const queries = new Counter({ name: "db_queries_total", help: "SQL statements sent to the database (BEGIN and COMMIT included)", registers: [registry] });
  db.onQuery(() => queries.inc());
  const pool = db.pool;
  new Gauge({
    name: "db_pool_connections",
    help: "database pool connections by state",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      this.set({ state: "in_use" }, pool.totalCount - pool.idleCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });
  return { registry, requestDuration, cache: { hit: () => hits.inc(), miss: () => misses.inc(), bypass: () => bypass.inc() } };
}
