// Bearer tokens for users, made (or found) by email. Needs a build (npm run build), DATABASE_URL and JWT_SECRET
// (from .env or the environment).
//   npm run token -- someone@example.com         one token
//   npm run token -- --count 500 [--prefix load]  users load0001@example.test … load0500@example.test, one token a line
import { parseArgs } from "node:util";
import { scriptConfig, tokensFor } from "./lib/users.mjs";

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

const config = scriptConfig("token", 1);
const tokens = await tokensFor("token", config, emails, values.expires);
process.stdout.write(`${tokens.join("\n")}\n`);
