// The checks of docs/planning-model.md section 5: each an id, a level and the numbers it compared (pure).
// Their sentences are made in src/present/messages.ts.
import {
  databaseNeeds,
  dbQpsAt,
  maxConnections,
  memoryGB,
  smallestDatabase,
  smallestFirst,
  usableCacheGB,
  type CapacityPlan,
  type Stack,
} from "./capacity.js";
import { lookup, type Catalogue, type GuideStatements, type InstanceSpec } from "./catalogue.js";
import { monthly, surplusVcpuHours } from "./cost.js";
import type { Check, CheckFactsById, CheckLevel, CostEstimate } from "./facts.js";
import { budgetState } from "./gates.js";
import { compareWithGuide } from "./reconcile.js";
import type { Profile } from "./profile/settings.js";

/** Share of a capacity above which a check warns. */
export const WARN_SHARE = 0.8;

export interface CheckInput {
  profile: Profile;
  capacity: CapacityPlan;
  stack: Stack;
  catalogue: Catalogue;
  /** The estimate the budget is held against (see gates.ts). */
  primary: CostEstimate | undefined;
  guideCost: CostEstimate | undefined;
  statements: GuideStatements;
}

const found = (types: Record<string, InstanceSpec>, name: string): InstanceSpec => {
  const s = lookup(types, name);
  if (!s) throw new Error(`bug: ${name} is not in the catalogue`);
  return s;
};

/** Level of a utilization against a target: ok up to it, warn up to 100%, fail above. */
const byTarget = (utilization: number, target: number): CheckLevel => (utilization <= target ? "ok" : utilization <= 1 ? "warn" : "fail");

/** Run the checks in their fixed order; `budget` only where a budget is set. */
export function runChecks(input: CheckInput): Check[] {
  const checks: Check[] = [throughput(input), dbConnections(input), dbLoad(input), dbMemory(input), cacheMemory(input), instanceMemory(input), burstableCredits(input)];
  if (input.profile.budget.monthlyUSD !== null && input.primary) checks.push(budget(input.primary, input.profile.budget.monthlyUSD));
  checks.push(guide(input));
  return checks;
}

function throughput({ capacity, profile }: CheckInput): Check {
  const { rpsPerInstance, targetUtilization } = profile.backend;
  const capacityRps = capacity.instances * rpsPerInstance;
  const utilization = capacity.peakRps / capacityRps;
  const facts: CheckFactsById["throughput"] = {
    peakRps: capacity.peakRps,
    instances: capacity.instances,
    rpsPerInstance,
    capacityRps,
    utilization,
    targetUtilization,
    neededInstances: Math.max(1, Math.ceil(capacity.peakRps / (rpsPerInstance * targetUtilization) - 1e-9)),
  };
  return { id: "throughput", level: byTarget(utilization, targetUtilization), facts };
}

/** The smallest class meeting every database need of the plan, other than the one in use. */
function largerClass(input: CheckInput): string | null {
  const fit = smallestDatabase(databaseNeeds(input.capacity, input.profile), input.profile, input.catalogue);
  return fit && fit[0] !== input.stack.database.instanceClass ? fit[0] : null;
}

function dbConnections(input: CheckInput): Check {
  const { capacity, stack, catalogue, profile } = input;
  const cls = stack.database.instanceClass;
  const max = maxConnections(found(catalogue.rds.types, cls));
  const share = capacity.dbConnections / max;
  const level: CheckLevel = share > 1 ? "fail" : share > WARN_SHARE ? "warn" : "ok";
  return {
    id: "db-connections",
    level,
    facts: {
      connections: capacity.dbConnections,
      instances: capacity.instances,
      processes: capacity.processes,
      poolSize: profile.backend.poolSize,
      instanceClass: cls,
      maxConnections: max,
      share,
      warnShare: WARN_SHARE,
      largerClass: level === "ok" ? null : largerClass(input),
    },
  };
}

function dbLoad(input: CheckInput): Check {
  const { capacity, stack, catalogue, profile } = input;
  const cls = stack.database.instanceClass;
  const s = found(catalogue.rds.types, cls);
  const utilization = capacity.dbPeakQps / dbQpsAt(s, profile.database.qpsPerVcpu, 1);
  const level = byTarget(utilization, profile.database.targetUtilization);
  return {
    id: "db-load",
    level,
    facts: {
      dbPeakQps: capacity.dbPeakQps,
      instanceClass: cls,
      vcpu: s.vcpu,
      qpsPerVcpu: profile.database.qpsPerVcpu,
      utilization,
      targetUtilization: profile.database.targetUtilization,
      largerClass: level === "ok" ? null : largerClass(input),
    },
  };
}

function dbMemory(input: CheckInput): Check {
  const { capacity, stack, catalogue } = input;
  const cls = stack.database.instanceClass;
  const gb = memoryGB(found(catalogue.rds.types, cls));
  const share = capacity.dbWorkingSetGB / gb;
  const level: CheckLevel = share <= 1 ? "ok" : "warn";
  return { id: "db-memory", level, facts: { workingSetGB: capacity.dbWorkingSetGB, instanceClass: cls, memoryGB: gb, share, largerClass: level === "ok" ? null : largerClass(input) } };
}

function cacheMemory({ capacity, stack, catalogue }: CheckInput): Check {
  const node = stack.cache.nodeType;
  const s = found(catalogue.elasticache.types, node);
  const usableGB = usableCacheGB(s, catalogue);
  const fits = capacity.redisMemoryGB <= usableGB;
  const fit = fits ? undefined : smallestFirst(catalogue.elasticache.types).find(([, c]) => usableCacheGB(c, catalogue) >= capacity.redisMemoryGB);
  return {
    id: "cache-memory",
    level: fits ? "ok" : "fail",
    facts: {
      redisMemoryGB: capacity.redisMemoryGB,
      nodeType: node,
      memoryGiB: s.memoryGiB,
      usableGB,
      reservedShare: catalogue.elasticache.reservedMemoryFraction,
      share: capacity.redisMemoryGB / usableGB,
      fitsIn: fits ? node : (fit?.[0] ?? null),
    },
  };
}

function instanceMemory({ stack, catalogue, profile, capacity }: CheckInput): Check {
  const s = found(catalogue.ec2.types, stack.instanceType);
  const availableMB = s.memoryGiB * 1024;
  const neededMB = capacity.processes * profile.backend.memoryMB;
  return {
    id: "instance-memory",
    level: neededMB <= availableMB ? "ok" : "fail",
    facts: { processes: capacity.processes, memoryMB: profile.backend.memoryMB, neededMB, instanceType: stack.instanceType, availableMB },
  };
}

function burstableCredits({ stack, catalogue, capacity, primary }: CheckInput): Check {
  const s = found(catalogue.ec2.types, stack.instanceType);
  const baseline = s.baseline ?? 0;
  const burstable = s.baseline !== undefined;
  const surplus = burstable ? surplusVcpuHours(capacity.backendCpuShare, baseline, s.vcpu, capacity.instances) : 0;
  const credits = primary?.services.ec2.lines.find((l) => l.part === "cpu-credits");
  const unpriced = primary?.services.ec2.monthlyUSD === null;
  const monthlyUSD = surplus === 0 ? 0 : credits && !unpriced ? credits.monthlyUSD : null;
  const facts: CheckFactsById["burstable-credits"] = { instanceType: stack.instanceType, burstable, backendCpuShare: capacity.backendCpuShare, baseline, surplusVcpuHours: surplus, monthlyUSD };
  return { id: "burstable-credits", level: burstable && capacity.backendCpuShare > baseline ? "warn" : "ok", facts };
}

function budget(primary: CostEstimate, budgetUSD: number): Check {
  const state = budgetState(primary, budgetUSD);
  return {
    id: "budget",
    level: state === "within" ? "ok" : state === "over" ? "fail" : "warn",
    facts: { budgetUSD, totalUSD: primary.totalMonthlyUSD, book: primary.book, origin: primary.source.origin, complete: primary.complete, gaps: primary.gaps, state },
  };
}

function guide({ capacity, stack, catalogue, guideCost, statements }: CheckInput): Check {
  const applies = capacity.users === statements.users;
  const base = { users: capacity.users, statedUsers: statements.users, applies };
  if (!applies) return { id: "guide", level: "ok", facts: { ...base, compared: 0, differing: [] } };
  const dbMemory = found(catalogue.rds.types, stack.database.instanceClass).memoryGiB;
  const complete = guideCost?.complete === true;
  const rows = compareWithGuide(statements, capacity, stack, dbMemory, complete ? guideCost.totalMonthlyUSD : null, complete ? guideCost.services.s3.monthlyUSD : null);
  const differing = rows.filter((r) => !r.follows).map((r) => ({ id: r.id, stated: r.stated, derived: r.derived }));
  return { id: "guide", level: differing.length ? "warn" : "ok", facts: { ...base, compared: rows.length, differing } };
}

export { monthly };
