// Generate the Prisma client without downloading engines (see README, "Offline Prisma").
// Every prisma CLI command first fetches the schema engine; pointing PRISMA_SCHEMA_ENGINE_BINARY at any
// existing file skips that, and `generate` needs no engine with the @prisma/adapter-pg driver adapter.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
if (!existsSync(new URL("../node_modules/prisma", import.meta.url))) process.exit(0); // production install without dev deps
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], { cwd: root, env, stdio: "inherit" });
process.exit(r.status ?? 1);
