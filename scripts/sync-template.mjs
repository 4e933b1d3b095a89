// Re-render the template's plan-derived files for the guide's plan, so that the template stands on its own
// with the values a `scaffold --profile guide` gives. test/unit/scaffold.test.ts checks they are in step.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const out = join(mkdtempSync(join(tmpdir(), "heirloom-sync-")), "backend");
const r = spawnSync(process.execPath, ["bin/heirloom-plan.cjs", "scaffold", out, "--profile", "guide", "--offline"], { stdio: "inherit" });
if (r.status !== 0) process.exit(r.status ?? 1);
for (const f of ["heirloom.config.json", "deploy/nginx.conf", "deploy/redis.conf", "README.md"]) copyFileSync(join(out, f), join("templates/backend", f));
rmSync(out, { recursive: true, force: true });
console.log("templates/backend: heirloom.config.json, deploy/nginx.conf, deploy/redis.conf and the README's plan block re-rendered");
