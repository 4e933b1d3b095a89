// The JSON report's schema (cli-contract.md, schemaVersion 1) in zod, from which schema/report.schema.json
// is generated (npm run schema). Not loaded by the CLI: it is for the shipped JSON Schema and the tests.
import * as z from "zod/mini";

const num = z.number();
const finite = z.number().check(z.refine(Number.isFinite, "must be finite"));
const nullableNum = z.nullable(finite);
const SERVICE_IDS = ["ec2", "rds", "elasticache", "s3", "cloudfront", "alb"] as const;

const ServiceCost = z.object({
  monthlyUSD: nullableNum,
  quantity: finite,
  unit: z.string(),
  description: z.string(),
  lines: z.array(z.object({ label: z.string(), monthlyUSD: finite, basis: z.string(), ref: z.optional(z.string()) })),
  gap: z.optional(z.string()),
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
  term: z.enum(["on-demand", "reserved-1yr", "reserved-3yr"]),
  priceDate: z.string(),
  cacheAgeHours: z.optional(finite),
  notes: z.array(z.string()),
});

const Assumptions = z.object({
  users: num,
  traffic: z.object({ dauRatio: num, requestsPerUserPerDay: num, peakFactor: num }),
  backend: z.object({
    instances: z.union([num, z.literal("auto")]),
    instanceType: z.string(),
    rpsPerInstance: num,
    minInstances: num,
    poolSize: num,
    memoryMB: num,
  }),
  database: z.object({ instanceClass: z.string(), multiAz: z.boolean(), storageGB: num, storageType: z.enum(["gp3", "gp2"]), minMemoryGB: num }),
  cache: z.object({ nodeType: z.string(), bytesPerActiveUser: num, ttlSeconds: num }),
  storage: z.object({ perUserGB: num }),
  cdn: z.object({ transferPerUserGB: num }),
  alb: z.object({ lcu: num }),
  rateLimit: z.object({ windowMinutes: num, maxRequests: num }),
  pricing: z.object({ region: z.string(), term: z.enum(["on-demand", "reserved-1yr", "reserved-3yr"]) }),
  budget: z.object({ monthlyUSD: z.nullable(num) }),
});

/** A plan report, schemaVersion 1. */
export const ReportSchema = z.object({
  schemaVersion: z.literal(1),
  generator: z.object({ name: z.literal("heirloom-plan"), version: z.string() }),
  profile: z.object({ name: z.string(), source: z.string(), description: z.optional(z.string()) }),
  assumptions: Assumptions,
  assumptionSources: z.record(z.string(), z.object({ setBy: z.enum(["default", "profile", "flag"]), where: z.string(), basis: z.string() })),
  capacity: z.object({
    users: finite,
    dau: finite,
    requestsPerDay: finite,
    avgRps: finite,
    peakRps: finite,
    instances: finite,
    dbConnections: finite,
    redisMemoryGB: finite,
    storageGB: finite,
    cdnTransferGB: finite,
  }),
  stack: z.object({
    instanceType: z.string(),
    instances: finite,
    instanceMemoryGiB: finite,
    database: z.object({
      instanceClass: z.string(),
      multiAz: z.boolean(),
      storageGB: finite,
      storageType: z.enum(["gp3", "gp2"]),
      vcpu: finite,
      memoryGiB: finite,
      maxConnections: finite,
    }),
    cache: z.object({ nodeType: z.string(), memoryGiB: finite, usableGB: finite }),
    albLcu: finite,
    sizing: z.array(z.object({ component: z.enum(["instances", "database", "cache"]), choice: z.string(), reason: z.string() })),
  }),
  costs: z.object({ guide: z.optional(CostReport), aws: z.optional(CostReport) }),
  checks: z.array(
    z.object({
      id: z.enum(["throughput", "db-connections", "cache-memory", "instance-memory", "budget", "guide"]),
      level: z.enum(["ok", "warn", "fail"]),
      message: z.string(),
    }),
  ),
  budget: z.optional(z.object({ monthlyUSD: finite, pricing: z.enum(["guide", "aws"]), totalMonthlyUSD: finite, pass: z.boolean() })),
  guideReconciliation: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      quote: z.string(),
      stated: finite,
      derived: finite,
      follows: z.boolean(),
      statedText: z.string(),
      derivedText: z.string(),
      note: z.string(),
    }),
  ),
  totalMonthlyCost: finite,
});

/** The JSON Schema (draft 2020-12) of a plan report. */
export function reportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ReportSchema, { io: "output", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: "heirloom-plan/schema/report.schema.json",
    title: "heirloom-plan report, schemaVersion 1",
    description: "The JSON printed by `heirloom-plan --format json` (shared/spec/cli-contract.md). Numbers are numbers, unrounded; monthlyUSD is null only where a price is missing (see gap).",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
}
