// The report: the JSON shape of cli-contract.md (schemaVersion 1), built from the pure core's values.
import type { CapacityPlan, SizingNote, Stack } from "./capacity.js";
import { maxConnections, usableCacheGB } from "./capacity.js";
import type { Check } from "./checks.js";
import type { CostEstimate, ServiceCost } from "./cost.js";
import type { ReconciliationRow } from "./reconcile.js";
import type { Catalogue } from "../io/models.js";
import type { PriceOrigin, ServiceId } from "./pricing/price-book.js";
import type { Term } from "./profile/schema.js";
import type { AssumptionSource, Profile } from "./profile/settings.js";

export const SCHEMA_VERSION = 1;

export interface CostReport {
  services: Record<ServiceId, ServiceCost>;
  totalMonthlyUSD: number;
  /** False where a service has no price (see `gaps`): the total is then a lower bound. */
  complete: boolean;
  gaps: ServiceId[];
  source: PriceOrigin;
  region: string;
  term: Term;
  priceDate: string;
  cacheAgeHours?: number;
  notes: string[];
}

export interface StackReport {
  instanceType: string;
  instances: number;
  instanceMemoryGiB: number;
  database: Stack["database"] & { vcpu: number; memoryGiB: number; maxConnections: number };
  cache: { nodeType: string; memoryGiB: number; usableGB: number };
  albLcu: number;
  sizing: SizingNote[];
}

export interface Report {
  schemaVersion: 1;
  generator: { name: "heirloom-plan"; version: string };
  profile: { name: string; source: string; description?: string };
  assumptions: Profile;
  assumptionSources: Record<string, AssumptionSource>;
  capacity: CapacityPlan;
  stack: StackReport;
  costs: { guide?: CostReport; aws?: CostReport };
  checks: Check[];
  budget?: { monthlyUSD: number; pricing: "guide" | "aws"; totalMonthlyUSD: number; pass: boolean };
  guideReconciliation: ReconciliationRow[];
  /** The total of the pricing in use (AWS's where present), for recipes written against Infracost's JSON. */
  totalMonthlyCost: number;
}

export interface ReportInput {
  version: string;
  profile: Report["profile"];
  assumptions: Profile;
  assumptionSources: Record<string, AssumptionSource>;
  capacity: CapacityPlan;
  stack: Stack;
  catalogue: Catalogue;
  guide?: CostEstimate;
  aws?: CostEstimate;
  checks: Check[];
  reconciliation: ReconciliationRow[];
}

/** The estimate budgets and totalMonthlyCost refer to: AWS's where it was priced, else the guide's. */
export function primaryEstimate(guide?: CostEstimate, aws?: CostEstimate): CostEstimate | undefined {
  return aws ?? guide;
}

function costReport(e: CostEstimate): CostReport {
  const r: CostReport = {
    services: e.services,
    totalMonthlyUSD: e.totalMonthlyUSD,
    complete: e.complete,
    gaps: e.gaps,
    source: e.source.origin,
    region: e.source.region,
    term: e.source.term,
    priceDate: e.source.asOf,
    notes: e.source.notes,
  };
  if (e.source.ageHours !== undefined) r.cacheAgeHours = e.source.ageHours;
  return r;
}

/** Assemble the report; every number in it is finite (a bug otherwise). */
export function buildReport(input: ReportInput): Report {
  const { catalogue, stack } = input;
  const db = catalogue.rds.types[stack.database.instanceClass];
  const node = catalogue.elasticache.types[stack.cache.nodeType];
  const primary = primaryEstimate(input.guide, input.aws);
  const costs: Report["costs"] = {};
  if (input.guide) costs.guide = costReport(input.guide);
  if (input.aws) costs.aws = costReport(input.aws);
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    generator: { name: "heirloom-plan", version: input.version },
    profile: input.profile,
    assumptions: input.assumptions,
    assumptionSources: input.assumptionSources,
    capacity: input.capacity,
    stack: {
      instanceType: stack.instanceType,
      instances: stack.instances,
      instanceMemoryGiB: catalogue.ec2.types[stack.instanceType].memoryGiB,
      database: { ...stack.database, vcpu: db.vcpu, memoryGiB: db.memoryGiB, maxConnections: maxConnections(db) },
      cache: { nodeType: stack.cache.nodeType, memoryGiB: node.memoryGiB, usableGB: usableCacheGB(node, catalogue) },
      albLcu: stack.albLcu,
      sizing: stack.sizing,
    },
    costs,
    checks: input.checks,
    guideReconciliation: input.reconciliation,
    totalMonthlyCost: primary?.totalMonthlyUSD ?? 0,
  };
  const budgetUSD = input.assumptions.budget.monthlyUSD;
  if (budgetUSD !== null && primary) {
    report.budget = {
      monthlyUSD: budgetUSD,
      pricing: primary.book,
      totalMonthlyUSD: primary.totalMonthlyUSD,
      pass: primary.complete && primary.totalMonthlyUSD <= budgetUSD,
    };
  }
  assertFinite(report, "report");
  return report;
}

function assertFinite(value: unknown, path: string): void {
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`bug: ${path} is ${value}`);
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) assertFinite(v, `${path}.${k}`);
  }
}
