// PostgreSQL through Prisma 7's pg driver adapter; the pool is pg's, sized from the plan (guide: 20), with the
// plan's connect and statement timeouts, so that a database that is down or hung fails a request fast (503).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client.js";

export interface DatabaseOptions {
  connectionString: string;
  poolSize: number;
  /** Waiting for a connection (a new one, or a free one from the pool). */
  connectTimeoutMs?: number;
  /** PostgreSQL's statement_timeout, and a client-side limit a little past it for a server that does not answer. */
  statementTimeoutMs?: number;
}

export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  /** Called for every SQL statement sent (BEGIN and COMMIT included): db_queries_total. */
  onQuery(listener: () => void): void;
  close(): Promise<void>;
}

/** Open the pool and the client. A `?connection_limit=` URL parameter would be ignored: the pool's max is the size. */
export function openDatabase({ connectionString, poolSize, connectTimeoutMs = 2000, statementTimeoutMs = 5000 }: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    // Sent as a startup parameter; PgBouncer is told to ignore it (deploy/pgbouncer.ini), the client limit still holds.
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + 1000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  });
  pool.on("error", () => {}); // an idle client lost (the database restarted): the pool replaces it
  const listeners: Array<() => void> = [];
  // Count at the one place every statement passes, whoever sends it (Prisma or our own SQL).
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      for (const l of listeners) l();
      return query(...args);
    };
  });
  // Pass the pg.Pool itself: PrismaPg ignores a `{ pool }` option.
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    onQuery: (listener) => void listeners.push(listener),
    async close() {
      await prisma.$disconnect().catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}

// Connection-level failures, PostgreSQL's "cannot serve now" codes, PgBouncer's (it reports its own errors as
// 08P01), and Prisma's codes for the same.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN",
  "08000", "08001", "08003", "08004", "08006", "08P01", "57P01", "57P02", "57P03", "53300", "57014",
  "P1001", "P1002", "P1008", "P1017", "P2024",
]);
const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|connection terminated|query read timeout|ECONNREFUSED|the database system is (starting up|shutting down|in recovery)|terminating connection|connection error|canceling statement due to statement timeout|server closed the connection|Can't reach database server|pgbouncer cannot connect|server conn crashed|server login has been failing|query_wait_timeout|no more connections allowed/i;

/** Whether an error means the database cannot answer now (a 503 with Retry-After), rather than a bug. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 5) return false;
  const e = err as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === "string" && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.originalCode === "string" && UNAVAILABLE_CODES.has(e.originalCode)) return true;
  if (typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

/** The database named in the URL does not exist (PostgreSQL 3D000): a setup step, said in one line. */
export function missingDatabase(err: unknown, connectionString: string): string | null {
  const code = (err as { code?: string } | null)?.code;
  if (code !== "3D000") return null;
  const url = new URL(connectionString);
  const name = decodeURIComponent(url.pathname.slice(1));
  const args = [url.hostname && `-h ${url.hostname}`, url.port && `-p ${url.port}`, url.username && `-U ${decodeURIComponent(url.username)}`].filter(Boolean).join(" ");
  return `the database "${name}" does not exist; create it with: createdb ${args ? `${args} ` : ""}${name} (then npm run db:deploy)`;
}
