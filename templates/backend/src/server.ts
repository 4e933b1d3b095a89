// Start the server. Settings the operator must fix (a placeholder secret, a missing database, a port in use)
// are one line on stderr and a non-zero exit. SIGTERM and SIGINT (PM2's signal) drain: stop accepting, answer
// `Connection: close` on open keep-alive connections, let requests in flight finish within the grace period,
// then close the pool and Redis.
import { loadDotEnv } from "./env.js";
import { createApp, openParts } from "./app.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { isDatabaseUnavailable, missingDatabase } from "./db.js";

function fail(message: string): never {
  console.error(`heirloom-backend: ${message}`);
  process.exit(1);
}

loadDotEnv();
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
const parts = openParts(config);
const { db, cache } = parts;
// A database that is not there is a setup step: say it in one line. One that is down is served as 503s.
try {
  await db.pool.query("SELECT 1");
} catch (err) {
  const missing = missingDatabase(err, config.databaseUrl);
  if (missing) fail(missing);
  if (!isDatabaseUnavailable(err)) fail(`cannot use the database: ${(err as Error).message}`);
  console.warn(`heirloom-backend: the database does not answer yet (${(err as Error).message}); requests get 503 until it does`);
}
// A moment for Redis to connect, so that /health and the first requests see it; without it the app serves anyway.
await cache.whenAvailable(2000);
const app = createApp({ config, ...parts });

const server = app.listen(config.port);
server.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EADDRINUSE") fail(`port ${config.port} is already in use; stop what runs there or set PORT`);
  if (err.code === "EACCES") fail(`port ${config.port} needs privileges; use a port above 1023`);
  fail(`cannot listen on port ${config.port}: ${err.message}`);
});
server.on("listening", () => {
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
  app.locals.draining = true; // every response from now on says Connection: close
  const force = setTimeout(() => {
    console.error(`shutdown: requests still running after ${config.shutdownTimeoutMs} ms, closing their connections`);
    server.closeAllConnections();
  }, config.shutdownTimeoutMs);
  force.unref();
  // Stop accepting; idle keep-alive connections are closed now, busy ones after their response.
  server.close(async () => {
    clearTimeout(force);
    await parts.close();
    console.log("shutdown: done");
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
