// The report: a plan's result with what it was made from (profile, assumptions and their sources) and the
// catalogue figures of its stack. Still values: its JSON document (docs/cli-contract.md, schemaVersion 2)
// is drawn by src/present/render-json.ts, which adds the sentences.
import { maxConnections, usableCacheGB } from "./capacity.js";
import { lookup, type Catalogue } from "./catalogue.js";
import type { PlanResult } from "./plan.js";
import type { AssumptionSource, Profile } from "./profile/settings.js";

export const SCHEMA_VERSION = 2;

export interface StackSpecs {
  instanceVcpu: number;
  instanceMemoryGiB: number;
  database: { vcpu: number; memoryGiB: number; maxConnections: number };
  cache: { memoryGiB: number; usableGB: number };
}

export interface Report extends PlanResult {
  schemaVersion: typeof SCHEMA_VERSION;
  generator: { name: "heirloom-plan"; version: string };
  profile: { name: string; source: string; description?: string };
  assumptions: Profile;
  assumptionSources: Record<string, AssumptionSource>;
  specs: StackSpecs;
}

export interface ReportMeta {
  version: string;
  profile: Report["profile"];
  assumptions: Profile;
  assumptionSources: Record<string, AssumptionSource>;
}

/** Assemble the report; every number in it is finite (a bug otherwise). */
export function buildReport(meta: ReportMeta, result: PlanResult, catalogue: Catalogue): Report {
  const { stack } = result;
  const ec2 = lookup(catalogue.ec2.types, stack.instanceType);
  const db = lookup(catalogue.rds.types, stack.database.instanceClass);
  const node = lookup(catalogue.elasticache.types, stack.cache.nodeType);
  if (!ec2 || !db || !node) throw new Error("bug: the stack names a type outside the catalogue");
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    generator: { name: "heirloom-plan", version: meta.version },
    profile: meta.profile,
    assumptions: meta.assumptions,
    assumptionSources: meta.assumptionSources,
    ...result,
    specs: {
      instanceVcpu: ec2.vcpu,
      instanceMemoryGiB: ec2.memoryGiB,
      database: { vcpu: db.vcpu, memoryGiB: db.memoryGiB, maxConnections: maxConnections(db) },
      cache: { memoryGiB: node.memoryGiB, usableGB: usableCacheGB(node, catalogue) },
    },
  };
  assertFinite(report, "report");
  return report;
}

/** No NaN or -Infinity anywhere in the report (a bug); the path is spelled out only when there is one. */
function assertFinite(value: unknown, path: string): void {
  const bad = nonFinitePath(value);
  if (bad) throw new Error(`bug: ${[path, ...bad.keys].join(".")} is ${bad.value}`);
}

function nonFinitePath(value: unknown): { keys: string[]; value: number } | undefined {
  if (typeof value === "number") return !Number.isFinite(value) && value !== Infinity ? { keys: [], value } : undefined;
  if (!value || typeof value !== "object") return undefined;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    const bad = nonFinitePath((value as Record<string, unknown>)[k]);
    if (bad) return { keys: [k, ...bad.keys], value: bad.value };
  }
  return undefined;
}
