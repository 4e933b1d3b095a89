// `heirloom-plan scaffold DIR`: the guide's reference backend, sized from the plan.
import { join } from "node:path";
import { planCapacity } from "../capacity/plan-capacity.js";
import { EXIT } from "../errors.js";
import type { GuideStatements } from "../guide/reconcile.js";
import { loadCatalogue, loadGuidePrices, readModel } from "../models.js";
import { packageRoot } from "../paths.js";
import { makePlan } from "../plan.js";
import { renderScaffold } from "../scaffold/render.js";
import { num } from "../report/format.js";
import { planWrite, readTemplate, writeFiles } from "../scaffold/write.js";
import { awsBookFor, notify, type PlanCommandOptions } from "./plan-command.js";
import { resolvePlanOptions } from "./plan-options.js";

export async function scaffoldCommand(dir: string, opts: PlanCommandOptions & { dryRun?: boolean }, version: string): Promise<number> {
  const catalogue = loadCatalogue();
  const resolved = await resolvePlanOptions(opts, catalogue);
  const pricing = opts.pricing ?? "both";
  const { stack } = planCapacity(resolved.profile, catalogue);
  const aws = pricing === "guide" ? undefined : await awsBookFor([stack], resolved, opts, pricing);
  const report = makePlan(
    resolved,
    { catalogue, guidePrices: loadGuidePrices(), statements: readModel<GuideStatements>("guide-statements.json") },
    { guide: pricing !== "aws", ...(aws ? { aws } : {}), version },
  );
  const files = renderScaffold(report, readTemplate(join(packageRoot(), "templates", "backend")), catalogue.ec2.types[stack.instanceType].vcpu);
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
