// The plan's JSON document (docs/cli-contract.md, schemaVersion 2) in zod, from which
// schema/report.schema.json is generated (npm run schema). The assumptions are derived from the settings
// table, so a new setting reaches the schema by itself. Not loaded by a plan: it is for the shipped JSON
// Schema and the tests.
import * as z from "zod/mini";
import { CHECK_IDS, NOT_IN_PRICES_WHYS, RULE_IDS, SERVICE_IDS, TERMS } from "./facts.js";
import { SETTING_ROWS } from "./profile/settings.js";

const finite = z.number().check(z.refine(Number.isFinite, "must be finite"));
const nullableNum = z.nullable(finite);

/** The resolved profile's shape, from the settings table (budget may be null). */
function assumptionsSchema() {
  const groups: Record<string, Record<string, z.core.$ZodType>> = {};
  const top: Record<string, z.core.$ZodType> = {};
  for (const [path, r] of Object.entries(SETTING_ROWS) as [string, { schema: z.core.$ZodType }][]) {
    const [group, key] = path.split(".");
    const value = path === "budget.monthlyUSD" ? z.nullable(finite) : path === "users" ? finite : r.schema;
    if (key === undefined) top[group] = value;
    else (groups[group] ??= {})[key] = value;
  }
  for (const [group, shape] of Object.entries(groups)) top[group] = z.object(shape);
  return z.object(top);
}

const RuleId = z.enum(RULE_IDS);

const Provenance = z.object({
  origin: z.enum(["guide", "live", "cache", "snapshot"]),
  source: z.string(),
  asOf: z.string(),
  sku: z.optional(z.string()),
  confirmed: z.boolean(),
  /** A price reached from another by a rule (no source states it): which rule, the factor, the price it came from. */
  rule: z.optional(
    z.object({
      id: RuleId,
      factor: finite,
      from: z.optional(z.string()),
      source: z.optional(z.string()),
      fromRule: z.optional(z.object({ id: RuleId, factor: finite, from: z.string() })),
    }),
  ),
});

const Line = z.object({
  part: z.string(),
  what: z.string(),
  quantity: finite,
  unit: z.string(),
  price: z.object({ provenance: Provenance }),
  monthlyUSD: finite,
  freeGB: z.optional(finite),
  freeUSD: z.optional(finite),
  source: z.string(),
});

const ServiceCost = z.object({
  monthlyUSD: nullableNum,
  quantity: finite,
  unit: z.string(),
  description: z.string(),
  gap: z.optional(z.string()),
  // why: where the snapshot lists the price as missing (no public source states it, or AWS does not sell it there)
  gapReason: z.optional(z.object({ kind: z.string(), why: z.optional(z.enum(NOT_IN_PRICES_WHYS)) })),
  notInGuide: z.optional(z.literal(true)),
  lines: z.array(Line),
  notes: z.array(z.string()),
});

const Services = z.object(Object.fromEntries(SERVICE_IDS.map((id) => [id, ServiceCost])) as Record<(typeof SERVICE_IDS)[number], typeof ServiceCost>);

const CostReport = z.object({
  services: Services,
  totalMonthlyUSD: finite,
  complete: z.boolean(),
  gaps: z.array(z.enum(SERVICE_IDS)),
  source: z.enum(["guide", "live", "cache", "snapshot"]),
  region: z.string(),
  term: z.enum(TERMS),
  priceDate: z.string(),
  cacheAgeHours: z.optional(finite),
});

const Sizing = z.object({
  component: z.enum(["instances", "database", "cache"]),
  chosen: z.string(),
  rule: z.enum(["peak-rps", "min-instances", "smallest-fit", "nothing-fits"]),
  binding: z.optional(z.array(z.string())),
  needed: z.record(z.string(), finite),
  offered: z.record(z.string(), finite),
  waysOut: z.optional(z.array(z.string())),
  reason: z.string(),
});

const GateState = z.enum(["within", "over", "cannot-check"]);

/** A plan report, schemaVersion 2. */
export const ReportSchema = z.object({
  schemaVersion: z.literal(2),
  generator: z.object({ name: z.literal("heirloom-plan"), version: z.string() }),
  summary: z.object({
    users: finite,
    stack: z.object({
      instances: finite,
      instanceType: z.string(),
      processes: finite,
      databaseClass: z.string(),
      multiAz: z.boolean(),
      cacheNode: z.string(),
      cacheEngine: z.enum(["redis", "valkey"]),
    }),
    totalMonthlyUSD: nullableNum,
    complete: z.boolean(),
    pricing: z.nullable(z.enum(["guide", "aws"])),
    gaps: z.array(z.enum(SERVICE_IDS)),
    budget: z.nullable(z.object({ monthlyUSD: finite, state: GateState })),
    failingChecks: z.array(z.enum(CHECK_IDS)),
  }),
  profile: z.object({ name: z.string(), source: z.string(), description: z.optional(z.string()) }),
  assumptions: assumptionsSchema(),
  assumptionSources: z.record(z.string(), z.object({ setBy: z.enum(["default", "profile", "flag"]), where: z.string(), basis: z.string() })),
  capacity: z.object({
    users: finite,
    dau: finite,
    requestsPerDay: finite,
    requestsPerMonth: finite,
    avgRps: finite,
    peakRps: finite,
    instances: finite,
    processes: finite,
    dbConnections: finite,
    redisMemoryGB: finite,
    storageGB: finite,
    cdnTransferGB: finite,
    dbPeakQps: finite,
    dbWorkingSetGB: finite,
    egressGB: finite,
    albLcu: finite,
    albLcuDimensions: z.object({ newConnections: finite, activeConnections: finite, processedBytes: finite }),
    logsGB: finite,
    backendCpuShare: finite,
  }),
  stack: z.object({
    instanceType: z.string(),
    instances: finite,
    processes: finite,
    rootVolumeGB: finite,
    database: z.object({ instanceClass: z.string(), multiAz: z.boolean(), storageGB: finite, storageType: z.enum(["gp3", "gp2"]) }),
    cache: z.object({ nodeType: z.string(), engine: z.enum(["redis", "valkey"]) }),
    albLcu: finite,
    sizing: z.array(Sizing),
    specs: z.object({
      instanceVcpu: finite,
      instanceMemoryGiB: finite,
      database: z.object({ vcpu: finite, memoryGiB: finite, maxConnections: finite }),
      cache: z.object({ memoryGiB: finite, usableGB: finite }),
    }),
  }),
  costs: z.object({ guide: z.optional(CostReport), aws: z.optional(CostReport) }),
  notIncluded: z.array(z.string()),
  checks: z.array(z.object({ id: z.enum(CHECK_IDS), level: z.enum(["ok", "warn", "fail"]), facts: z.record(z.string(), z.unknown()), message: z.string() })),
  budget: z.optional(z.object({ monthlyUSD: finite, pricing: z.enum(["guide", "aws"]), totalMonthlyUSD: finite, pass: z.nullable(z.boolean()), state: GateState })),
  guideReconciliation: z.optional(
    z.array(z.object({ id: z.string(), quote: z.string(), stated: finite, derived: finite, follows: z.boolean(), why: z.record(z.string(), z.union([finite, z.string()])) })),
  ),
  totalMonthlyCost: nullableNum,
});

/** The JSON Schema (draft 2020-12) of a plan report. */
export function reportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ReportSchema, { io: "output", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: "heirloom-plan/schema/report.schema.json",
    title: "heirloom-plan report, schemaVersion 2",
    description:
      "The JSON printed by `heirloom-plan --format json` (docs/cli-contract.md). Numbers are numbers, unrounded; monthlyUSD is null only where a price is missing (see gap) or the guide's book does not cover the service (notInGuide).",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
}
