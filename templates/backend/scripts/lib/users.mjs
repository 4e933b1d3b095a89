// What the token script and the load test share: the app's configuration (a setting to fix is one line and an
// exit), and users made or found by email, each with a bearer token, on the database reached directly.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { secretKey, signToken } from "../../dist/auth.js";
import { ConfigError, loadConfig } from "../../dist/config.js";
import { missingDatabase } from "../../dist/db.js";
import { loadDotEnv } from "../../dist/env.js";

/** The app's configuration (.env read first); a setting to fix is `name: message` on stderr and exit `code`. */
export function scriptConfig(name, code) {
  loadDotEnv();
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`${name}: ${err.message}`);
    process.exit(code);
  }
}

/** A token for each email, in order, its user made or found (batches of 1,000, one statement each). */
export async function tokensFor(name, config, emails, expiresIn) {
  const client = new pg.Client({ connectionString: process.env.DIRECT_DATABASE_URL || config.databaseUrl });
  try {
    await client.connect();
  } catch (err) {
    console.error(`${name}: ${missingDatabase(err, config.databaseUrl) ?? `cannot reach the database: ${err.message}`}`);
    process.exit(1);
  }
  const key = secretKey(config.jwtSecret);
  const tokens = [];
  try {
    for (let i = 0; i < emails.length; i += 1000) {
      const batch = emails.slice(i, i + 1000);
      const { rows } = await client.query(
        `INSERT INTO "User" ("id", "email") SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT ("email") DO UPDATE SET "email" = EXCLUDED."email" RETURNING "id", "email"`,
        [batch.map(() => randomUUID()), batch],
      );
      const ids = new Map(rows.map((r) => [r.email, r.id]));
      for (const email of batch) tokens.push(signToken(ids.get(email), key, expiresIn));
    }
  } finally {
    await client.end();
  }
  return tokens;
}
