// checks(plan, estimate, budget): each with a stable id, a level and one sentence with its numbers. Pure.
// planning-model.md section 5.
import { maxConnections, smallestFirst, usableCacheGB, type CapacityPlan, type Stack } from "./capacity.js";
import type { CostEstimate } from "./cost.js";
import { compareWithGuide, type GuideStatements } from "./reconcile.js";
import type { Catalogue } from "../io/models.js";
import type { Profile } from "./profile/settings.js";
import { num, usd } from "../present/format.js";

export type CheckLevel = "ok" | "warn" | "fail";
export const CHECK_IDS = ["throughput", "db-connections", "cache-memory", "instance-memory", "budget", "guide"] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface Check {
  id: CheckId;
  level: CheckLevel;
  message: string;
}

export interface CheckInput {
  profile: Profile;
  capacity: CapacityPlan;
  stack: Stack;
  catalogue: Catalogue;
  /** The estimate the budget is held against (AWS's where there is one). */
  primary: CostEstimate | undefined;
  guideCost: CostEstimate | undefined;
  statements: GuideStatements;
}

/** Share of a capacity above which a check warns. */
const WARN_SHARE = 0.8;

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** Run the checks of section 5 in their fixed order; `budget` only where a budget is set. */
export function runChecks(input: CheckInput): Check[] {
  const checks = [throughput(input), dbConnections(input), cacheMemory(input), instanceMemory(input)];
  if (input.profile.budget.monthlyUSD !== null) checks.push(budget(input, input.profile.budget.monthlyUSD));
  checks.push(guide(input));
  return checks;
}

function throughput({ capacity, profile }: CheckInput): Check {
  const perInstance = profile.backend.rpsPerInstance;
  const ceiling = capacity.instances * perInstance;
  const share = capacity.peakRps / ceiling;
  const head = `peak ${num(capacity.peakRps)} RPS on ${num(capacity.instances)} instances × ${num(perInstance)} RPS = ${num(ceiling)} RPS (${percent(share)})`;
  if (capacity.peakRps <= ceiling) return { id: "throughput", level: "ok", message: head };
  const needed = Math.ceil(capacity.peakRps / perInstance);
  return { id: "throughput", level: "fail", message: `${head}: needs ${num(needed)} instances (--instances ${needed} or --instances auto)` };
}

function dbConnections({ capacity, stack, catalogue, profile }: CheckInput): Check {
  const cls = stack.database.instanceClass;
  const max = maxConnections(catalogue.rds.types[cls]);
  const share = capacity.dbConnections / max;
  const head = `${num(capacity.dbConnections)} connections (${num(capacity.instances)} instances × pool ${profile.backend.poolSize}) of ${cls}'s max_connections ${num(max)} (${percent(share)})`;
  const wayOut = "put RDS Proxy or PgBouncer in front, use a larger class, or fewer connections per instance";
  if (share > 1) return { id: "db-connections", level: "fail", message: `${head}: ${wayOut}` };
  if (share > WARN_SHARE) return { id: "db-connections", level: "warn", message: `${head}, over ${percent(WARN_SHARE)}: ${wayOut}` };
  return { id: "db-connections", level: "ok", message: head };
}

function cacheMemory({ capacity, stack, catalogue }: CheckInput): Check {
  const node = stack.cache.nodeType;
  const spec = catalogue.elasticache.types[node];
  const usable = usableCacheGB(spec, catalogue);
  const reserved = percent(catalogue.elasticache.reservedMemoryFraction);
  const head = `${num(capacity.redisMemoryGB)} GB of cache on ${node}: ${num(usable)} GB usable (${num(spec.memoryGiB)} GiB less ${reserved} reserved)`;
  if (capacity.redisMemoryGB <= usable) return { id: "cache-memory", level: "ok", message: head };
  const fit = smallestFirst(catalogue.elasticache.types).find(([, s]) => usableCacheGB(s, catalogue) >= capacity.redisMemoryGB);
  const way = fit ? `the smallest node that holds it is ${fit[0]} (${num(fit[1].memoryGiB)} GiB)` : "no single node holds it: shard the cache (cluster mode)";
  return { id: "cache-memory", level: "fail", message: `${head}: does not fit; ${way}` };
}

function instanceMemory({ stack, catalogue, profile }: CheckInput): Check {
  const spec = catalogue.ec2.types[stack.instanceType];
  const availableMB = spec.memoryGiB * 1024;
  const head = `${num(profile.backend.memoryMB)} MB per backend process on ${stack.instanceType} with ${num(spec.memoryGiB)} GiB (${num(availableMB)} MB)`;
  if (profile.backend.memoryMB <= availableMB) return { id: "instance-memory", level: "ok", message: head };
  return { id: "instance-memory", level: "fail", message: `${head}: does not fit; choose a larger --instance-type` };
}

function budget({ primary }: CheckInput, budgetUSD: number): Check {
  if (!primary) return { id: "budget", level: "fail", message: `no cost estimate to hold against the ${usd(budgetUSD)} budget` };
  const on = primary.book === "aws" ? `AWS prices (${primary.source.origin})` : "the guide's prices";
  if (!primary.complete) {
    return {
      id: "budget",
      level: "fail",
      message: `cannot hold ${usd(budgetUSD)}: no price on ${on} for ${primary.gaps.join(", ")}; the priced services alone come to ${usd(primary.totalMonthlyUSD)}`,
    };
  }
  const total = primary.totalMonthlyUSD;
  const share = total / budgetUSD;
  const head = `${usd(total)} a month on ${on} against a budget of ${usd(budgetUSD)}`;
  if (total > budgetUSD) return { id: "budget", level: "fail", message: `${head}: over by ${usd(total - budgetUSD)}` };
  return { id: "budget", level: "ok", message: `${head} (${Number.isFinite(share) ? percent(share) : "0%"})` };
}

function guide({ capacity, stack, catalogue, guideCost, statements }: CheckInput): Check {
  if (capacity.users !== statements.users) {
    return {
      id: "guide",
      level: "ok",
      message: `the guide states figures for ${num(statements.users)} users only; this plan is for ${num(capacity.users)} (see the reconciliation)`,
    };
  }
  const dbMemory = catalogue.rds.types[stack.database.instanceClass].memoryGiB;
  const complete = guideCost?.complete === true;
  const rows = compareWithGuide(statements, capacity, stack, dbMemory, complete ? guideCost.totalMonthlyUSD : null, complete ? guideCost.services.s3.monthlyUSD : null);
  const off = rows.filter((r) => !r.follows);
  if (off.length === 0) return { id: "guide", level: "ok", message: `every figure the guide states follows from this plan (${rows.length} compared)` };
  const list = off.map((r) => `${r.label} ${r.statedText} vs ${r.derivedText}`).join("; ");
  return { id: "guide", level: "warn", message: `${off.length} of the guide's ${rows.length} stated figures ${off.length === 1 ? "differs" : "differ"} from this plan by more than 5%: ${list}` };
}
