// PostgreSQL through Prisma 7's pg driver adapter; the pool is pg's, sized from the plan (guide: 20).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client.js";

export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** Open the pool and the client. A `?connection_limit=` URL parameter would be ignored: the pool's max is the size. */
export function openDatabase(connectionString: string, poolSize: number): Database {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // Pass the pg.Pool itself: PrismaPg ignores a `{ pool }` option.
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}
