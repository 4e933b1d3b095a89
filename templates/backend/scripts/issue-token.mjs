// Create (or find) a user and print a bearer token for them: `npm run token -- someone@example.com`.
// Needs a build (npm run build), DATABASE_URL and JWT_SECRET.
import { signToken } from "../dist/auth.js";
import { loadConfig } from "../dist/config.js";
import { openDatabase } from "../dist/db.js";

const email = process.argv[2];
if (!email || !email.includes("@")) {
  console.error("usage: npm run token -- EMAIL");
  process.exit(2);
}
const config = loadConfig();
const db = openDatabase(config.databaseUrl, 1);
const user = await db.prisma.user.upsert({ where: { email }, create: { email }, update: {}, select: { id: true } });
console.log(signToken(user.id, config.jwtSecret, "30d"));
await db.close();
