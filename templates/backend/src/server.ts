// Start the server; shut down gracefully on SIGTERM and SIGINT (PM2 sends SIGINT): stop accepting,
// drain requests in flight, close the pool and Redis.
import { createApp } from "./app.js";
import { CacheService } from "./cache.js";
import { loadConfig } from "./config.js";
import { openDatabase } from "./db.js";
import { createMetrics } from "./metrics.js";

const config = loadConfig();
const db = openDatabase(config.databaseUrl, config.poolSize);
const metrics = createMetrics(db.pool);
const cache = new CacheService(config.redisUrl, config.redisCommandTimeoutMs, metrics.cache);
const app = createApp({ config, db, cache, metrics });

const server = app.listen(config.port, () => {
  console.log(`heirloom-backend listening on :${config.port} (pool ${config.poolSize}, cache TTL ${config.cacheTtlSeconds} s)`);
});
// Longer than nginx's upstream keepalive_timeout (60 s), so nginx closes idle connections first.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: draining requests`);
  const force = setTimeout(() => {
    console.error("shutdown: timed out, closing remaining connections");
    server.closeAllConnections();
  }, config.shutdownTimeoutMs);
  force.unref();
  server.close(async () => {
    await Promise.allSettled([db.close(), cache.close()]);
    console.log("shutdown: done");
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
