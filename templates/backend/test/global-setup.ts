// Before the tests: PostgreSQL and Redis must answer (under CI they must; elsewhere the tests say so and skip),
// the test database exists, and the migrations are applied with the same script as `npm run db:deploy`.
import { spawnSync } from "node:child_process";
import { createConnection } from "node:net";
import pg from "pg";

export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/heirloom_test";
export const TEST_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname || "127.0.0.1", port: Number(port) || defaultPort });
    socket.setTimeout(1500);
    socket.on("connect", () => (socket.destroy(), resolve(true)));
    socket.on("error", () => resolve(false));
    socket.on("timeout", () => (socket.destroy(), resolve(false)));
  });
}

export default async function setup({ provide }: { provide: (key: string, value: unknown) => void }) {
  const [pgUp, redisUp] = await Promise.all([reachable(TEST_DATABASE_URL, 5432), reachable(TEST_REDIS_URL, 6379)]);
  if (!pgUp || !redisUp) {
    const missing = [!pgUp && `PostgreSQL (${TEST_DATABASE_URL})`, !redisUp && `Redis (${TEST_REDIS_URL})`].filter(Boolean).join(" and ");
    if (process.env.CI === "true") throw new Error(`CI: ${missing} must be running for these tests`);
    console.warn(`\nSKIPPING the backend tests: ${missing} not reachable. Start them, or set DATABASE_URL / REDIS_URL.\n`);
    provide("services", false);
    return;
  }
  const url = new URL(TEST_DATABASE_URL);
  const name = url.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(TEST_DATABASE_URL), { pathname: "/postgres" }).toString() });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  await admin.end();
  const r = spawnSync(process.execPath, ["scripts/migrate-deploy.mjs"], { env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`db:deploy failed: ${r.stderr || r.stdout}`);
  provide("services", true);
}

declare module "vitest" {
  export interface ProvidedContext {
    services: boolean;
  }
}
