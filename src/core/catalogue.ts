// The data of models/ as the core reads it: zod schemas (io parses every file with them) and the types
// inferred from them. Lookups by a name that came from input go through `lookup`, never a bare index,
// so "constructor" or "__proto__" is a type we do not know, not a property of Object.prototype.
import * as z from "zod/mini";

function buildSchemas() {
  const positive = z.number().check(z.positive());

  const InstanceSpecSchema = z.object({
    vcpu: positive,
    memoryGiB: positive,
    /** Burstable (t3, t4g, db.t3...): its baseline CPU share per vCPU, as AWS publishes it. */
    baseline: z.optional(z.number().check(z.gt(0), z.lte(1))),
  });

  const Family = z.object({ source: z.string(), types: z.record(z.string(), InstanceSpecSchema) });

  const CatalogueSchema = z.object({
    $comment: z.optional(z.string()),
    baselineSource: z.optional(z.string()),
    ec2: Family,
    rds: Family,
    elasticache: z.extend(Family, { reservedMemoryFraction: z.number().check(z.gte(0), z.lt(1)), reservedMemorySource: z.string() }),
  });

  const Quote = z.string();
  const GuidePriceDataSchema = z.object({
    $comment: z.optional(z.string()),
    name: z.string(),
    asOf: z.string(),
    prices: z.object({
      ec2: z.object({ instanceType: z.string(), monthlyUSD: positive, quote: Quote }),
      rds: z.object({ instanceClass: z.string(), monthlyUSD: positive, quote: Quote }),
      elasticache: z.object({ nodeType: z.string(), monthlyUSD: positive, quote: Quote }),
      s3: z.object({ usdPerGBMonth: positive, quote: Quote }),
      cloudfront: z.object({ usdPerGB: positive, quote: Quote }),
      alb: z.object({ monthlyUSD: positive, quote: Quote }),
    }),
    reserved: z.object({ multiplier: positive, services: z.array(z.string()), quote: Quote }),
  });

  const FIGURE_IDS = ["dau", "avgRps", "dbConnections", "redisMemoryGB", "storageGB", "dbMemoryGiB", "totalMonthlyUSD"] as const;
  const Figure = z.object({ value: z.number(), unit: z.string(), quote: z.string() });
  const GuideStatementsSchema = z.object({
    $comment: z.optional(z.string()),
    users: positive,
    figures: z.object(Object.fromEntries(FIGURE_IDS.map((id) => [id, Figure])) as Record<(typeof FIGURE_IDS)[number], typeof Figure>),
  });
  return { InstanceSpecSchema, CatalogueSchema, GuidePriceDataSchema, GuideStatementsSchema };
}

let schemas: ReturnType<typeof buildSchemas> | undefined;
/** The schemas, built on first use: models checked at build time are not checked again (io/models.ts). */
export const catalogueSchemas = () => (schemas ??= buildSchemas());
type Schemas = ReturnType<typeof buildSchemas>;

export type InstanceSpec = z.output<Schemas["InstanceSpecSchema"]>;
export type Catalogue = z.output<Schemas["CatalogueSchema"]>;
export type CatalogueFamily = Catalogue["ec2"];
export type GuidePriceData = z.output<Schemas["GuidePriceDataSchema"]>;
export type GuideStatements = z.output<Schemas["GuideStatementsSchema"]>;

/** A catalogue entry by a name from input: own entries only. */
export function lookup<T>(table: Record<string, T>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
