// Load .env when there is one (Node's own parser, 20.12+); variables already set in the environment win.
// `node --env-file=.env` would fail outright when the file is missing, so the scripts use this instead.
import { existsSync } from "node:fs";

/** Read `.env` from the working directory into process.env, if it exists. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
