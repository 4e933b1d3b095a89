// `heirloom-plan scaffold DIR`: the guide's reference backend, sized from the plan.
import { join } from "node:path";
import { EXIT } from "../core/errors.js";
import { packageRoot } from "../io/paths.js";
import { renderScaffold } from "../present/scaffold-files.js";
import { num } from "../present/format.js";
import { planWrite, readTemplate, writeFiles } from "../io/scaffold-write.js";
import { notify, planReport, type PlanCommandOptions } from "./pipeline.js";

export async function scaffoldCommand(dir: string, opts: PlanCommandOptions & { dryRun?: boolean }, version: string): Promise<number> {
  const { report, resolved } = await planReport(opts, version);
  const files = renderScaffold(report, readTemplate(join(packageRoot(), "templates", "backend")));
  const plan = planWrite(dir, files, Boolean(opts.force));
  if (opts.dryRun) {
    const lines = [...plan.create.map((f) => `create     ${f}`), ...plan.overwrite.map((f) => `overwrite  ${f}`), ...plan.keep.map((f) => `keep       ${f}`)];
    process.stdout.write(`${lines.join("\n")}\n`);
    notify(`dry run: would write ${files.size} files to ${dir} (${plan.overwrite.length} over existing ones); nothing written`);
    return EXIT.ok;
  }
  writeFiles(plan, files);
  process.stdout.write(
    `Wrote ${files.size} files to ${dir}, sized for ${num(resolved.profile.users)} users (${report.capacity.instances} instances, pool ${resolved.profile.backend.poolSize}, cache TTL ${resolved.profile.cache.ttlSeconds} s).\n` +
      `Next:\n  cd ${dir}\n  cp .env.example .env    # set DATABASE_URL, REDIS_URL, JWT_SECRET\n  npm install\n  npm run db:deploy\n  npm run build && npm start\n`,
  );
  return EXIT.ok;
}
