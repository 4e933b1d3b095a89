// Bearer tokens for users, made (or found) by email. Needs a build (npm run build), DATABASE_URL and JWT_SECRET
// (from .env or the environment).
//   npm run token -- someone@example.com         one token
//   npm run token -- --count 500 [--prefix load]  users load0001@example.test … load0500@example.test, one token a line
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { secretKey, signToken } from "../dist/auth.js";
import { ConfigError, loadConfig } from "../dist/config.js";
import { loadDotEnv } from "../dist/env.js";
import { missingDatabase } from "../dist/db.js";

const usage = "usage: npm run token -- EMAIL | npm run token -- --count N [--prefix P]";
let args;
try {
  args = parseArgs({ allowPositionals: true, options: { count: { type: "string" }, prefix: { type: "string", default: "user" }, expires: { type: "string", default: "30d" } } });
} catch (err) {
  console.error(`${err.message}\n${usage}`);
  process.exit(2);
}
const { values, positionals } = args;
let emails;
if (values.count !== undefined) {
  const n = Number(values.count);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) {
    console.error(`--count must be a whole number from 1 to 1,000,000 (got ${values.count})\n${usage}`);
    process.exit(2);
  }
  const width = Math.max(4, String(n).length);
  emails = Array.from({ length: n }, (_, i) => `${values.prefix}${String(i + 1).padStart(width, "0")}@example.test`);
} else if (positionals.length === 1 && positionals[0].includes("@")) {
  emails = [positionals[0]];
} else {
  console.error(usage);
  process.exit(2);
}

loadDotEnv();
let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`token: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
const client = new pg.Client({ connectionString: process.env.DIRECT_DATABASE_URL || config.databaseUrl });
try {
  await client.connect();
} catch (err) {
  console.error(`token: ${missingDatabase(err, config.databaseUrl) ?? `cannot reach the database: ${err.message}`}`);
  process.exit(1);
}
const key = secretKey(config.jwtSecret);
const out = [];
try {
  // Batches of 1,000: one statement each, users made or found by email.
  for (let i = 0; i < emails.length; i += 1000) {
    const batch = emails.slice(i, i + 1000);
    const { rows } = await client.query(
      `INSERT INTO "User" ("id", "email") SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT ("email") DO UPDATE SET "email" = EXCLUDED."email" RETURNING "id", "email"`,
      [batch.map(() => randomUUID()), batch],
    );
    const ids = new Map(rows.map((r) => [r.email, r.id]));
    for (const email of batch) out.push(signToken(ids.get(email), key, values.expires));
  }
} finally {
  await client.end();
}
process.stdout.write(`${out.join("\n")}\n`);
