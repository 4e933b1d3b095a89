// A saved plan report (JSON, schemaVersion 1 or 2) as `diff` reads it: checked with a schema, then reduced
// to the facts a comparison needs. Pure: io/report-file.ts reads the file and hands the parsed JSON here.
import * as z from "zod/mini";
import { SERVICE_IDS, type ServiceId } from "./facts.js";

const money = z.number().check(z.refine((n) => Number.isFinite(n) && n >= 0, "must be a finite amount of at least $0"));
const count = z.number().check(z.refine((n) => Number.isFinite(n) && n >= 0, "must be a finite number of at least 0"));

const Line = z.object({
  monthlyUSD: z.optional(z.number()),
  basis: z.optional(z.string()),
  part: z.optional(z.string()),
  what: z.optional(z.string()),
  price: z.optional(z.object({ usd: z.optional(z.number()), per: z.optional(z.string()), tiers: z.optional(z.array(z.object({ usdPerGB: z.number() }))) })),
});

const Service = z.object({ monthlyUSD: z.nullable(money), lines: z.optional(z.array(Line)) });

const Cost = z.object({
  services: z.record(z.string(), Service),
  totalMonthlyUSD: money,
  complete: z.boolean(),
  gaps: z.optional(z.array(z.string())),
  source: z.string(),
  region: z.optional(z.string()),
  term: z.optional(z.string()),
  priceDate: z.optional(z.string()),
});

export const ReportDocumentSchema = z.object({
  schemaVersion: z.union([z.literal(1), z.literal(2)]),
  profile: z.object({ name: z.string(), source: z.optional(z.string()) }),
  assumptions: z.record(z.string(), z.unknown()),
  capacity: z.object({
    users: count,
    storageGB: count,
    cdnTransferGB: count,
    egressGB: z.optional(count),
    logsGB: z.optional(count),
  }),
  stack: z.object({
    instances: count,
    instanceType: z.string(),
    database: z.object({ instanceClass: z.string(), multiAz: z.boolean(), storageGB: count }),
    cache: z.object({ nodeType: z.string(), engine: z.optional(z.string()) }),
    albLcu: z.optional(count),
  }),
  costs: z.object({ guide: z.optional(Cost), aws: z.optional(Cost) }),
  totalMonthlyCost: z.nullable(money),
});
export type ReportDocument = z.output<typeof ReportDocumentSchema>;

export interface SideCost {
  services: Record<ServiceId, { monthlyUSD: number | null; priced: boolean; prices: string }>;
  totalMonthlyUSD: number;
  complete: boolean;
  gaps: string[];
  source: string;
  region: string;
  term: string;
  priceDate: string;
}

/** What a comparison needs of one report. */
export interface DiffSide {
  schemaVersion: 1 | 2;
  profile: string;
  users: number;
  assumptions: Record<string, unknown>;
  stack: ReportDocument["stack"];
  capacity: ReportDocument["capacity"];
  costs: { guide?: SideCost; aws?: SideCost };
}

/** A problem with a report's numbers that its schema cannot see: a total that is not its services' sum. */
export function documentProblem(doc: ReportDocument): string | undefined {
  for (const book of ["guide", "aws"] as const) {
    const cost = doc.costs[book];
    if (!cost) continue;
    const sum = Object.values(cost.services).reduce((s, x) => s + (x.monthlyUSD ?? 0), 0);
    if (Math.abs(sum - cost.totalMonthlyUSD) > 0.005 + 1e-9 * sum) return `costs.${book}.totalMonthlyUSD is ${cost.totalMonthlyUSD}, but its services add up to ${sum}`;
    if (!cost.complete && (cost.gaps ?? []).length === 0 && !Object.values(cost.services).some((s) => s.monthlyUSD === null)) {
      return `costs.${book} says it is incomplete but names no gap`;
    }
  }
  return undefined;
}

/** The prices behind a service, as text to compare (a change of price is a driver). */
function pricesOf(lines: z.output<typeof Line>[] | undefined): string {
  return (lines ?? [])
    .map((l) => l.basis ?? (l.price?.tiers ? l.price.tiers.map((t) => t.usdPerGB).join("/") : `${l.price?.usd ?? ""}/${l.price?.per ?? ""}`))
    .join("; ");
}

function sideCost(cost: z.output<typeof Cost>, region: string, term: string): SideCost {
  const services = Object.fromEntries(
    SERVICE_IDS.map((id) => {
      const s = cost.services[id];
      return [id, { monthlyUSD: s?.monthlyUSD ?? null, priced: s !== undefined, prices: pricesOf(s?.lines) }];
    }),
  ) as SideCost["services"];
  return {
    services,
    totalMonthlyUSD: cost.totalMonthlyUSD,
    complete: cost.complete,
    gaps: cost.gaps ?? [],
    source: cost.source,
    region: cost.region ?? region,
    term: cost.term ?? term,
    priceDate: cost.priceDate ?? "",
  };
}

/** Reduce a checked document to the facts of a comparison. */
export function toDiffSide(doc: ReportDocument): DiffSide {
  const pricing = (doc.assumptions.pricing ?? {}) as { region?: string; term?: string };
  const region = pricing.region ?? "us-east-1";
  const term = pricing.term ?? "on-demand";
  const costs: DiffSide["costs"] = {};
  if (doc.costs.guide) costs.guide = sideCost(doc.costs.guide, region, term);
  if (doc.costs.aws) costs.aws = sideCost(doc.costs.aws, region, term);
  return { schemaVersion: doc.schemaVersion, profile: doc.profile.name, users: doc.capacity.users, assumptions: doc.assumptions, stack: doc.stack, capacity: doc.capacity, costs };
}
