// What the guide states against what its own assumptions give (planning-model.md section 4). Pure.
import { planCapacity, type CapacityPlan, type Stack } from "./capacity.js";
import { estimateCost } from "./cost.js";
import type { Catalogue, GuidePriceData } from "../io/models.js";
import { guidePriceBook } from "./pricing/guide-book.js";
import { defaultProfile } from "./profile/settings.js";
import { gb, num, usd } from "../present/format.js";

export type GuideFigureId = "dau" | "avgRps" | "dbConnections" | "redisMemoryGB" | "storageGB" | "dbMemoryGiB" | "totalMonthlyUSD";

export interface GuideStatements {
  users: number;
  figures: Record<GuideFigureId, { value: number; unit: string; quote: string }>;
}

export interface ReconciliationRow {
  id: GuideFigureId;
  label: string;
  quote: string;
  stated: number;
  derived: number;
  /** Within 5% of what the assumptions give. */
  follows: boolean;
  statedText: string;
  derivedText: string;
  note: string;
}

/** A figure "follows" when it is within 5% of what the assumptions give (section 5, check `guide`). */
export const GUIDE_TOLERANCE = 0.05;

const LABEL: Record<GuideFigureId, string> = {
  dau: "daily active users",
  avgRps: "requests per second",
  dbConnections: "database connections",
  redisMemoryGB: "Redis memory",
  storageGB: "storage",
  dbMemoryGiB: "database server memory",
  totalMonthlyUSD: "total cost per month",
};

const TEXT: Record<GuideFigureId, (n: number) => string> = {
  dau: (n) => num(n),
  avgRps: (n) => `${num(n)} RPS`,
  dbConnections: (n) => num(n),
  redisMemoryGB: (n) => `${num(n)} GB`,
  storageGB: (n) => gb(n),
  dbMemoryGiB: (n) => `${num(n)} GiB`,
  totalMonthlyUSD: (n) => usd(n),
};

/** Why a figure does not follow, for the rows the spec explains. */
function explain(id: GuideFigureId, derived: number, capacity: CapacityPlan, stack: Stack, guideS3USD: number | null): string {
  switch (id) {
    case "avgRps":
      return `${num(capacity.dau)} × ${num(capacity.requestsPerDay / capacity.dau)} / 86,400 = ${num(derived)}; ~1,157 needs 1,000 requests per DAU per day`;
    case "storageGB":
      return `${num(capacity.users)} users × ${num(capacity.storageGB / capacity.users)} GB; ~10 TB needs 10 MB per user`;
    case "dbMemoryGiB":
      return `${stack.database.instanceClass} has ${num(derived)} GiB; 32 GiB is db.m5.2xlarge`;
    case "totalMonthlyUSD":
      return `$2,050 holds only with 10 TB of S3${guideS3USD !== null ? `; ${gb(capacity.storageGB)} at the guide's own S3 price is ${usd(guideS3USD)}` : ""}`;
    default:
      return "";
  }
}

/** Compare figures the guide states with the ones a plan gives. */
export function compareWithGuide(
  statements: GuideStatements,
  capacity: CapacityPlan,
  stack: Stack,
  dbMemoryGiB: number,
  guideTotalUSD: number | null,
  guideS3USD: number | null = null,
): ReconciliationRow[] {
  const derived: Record<GuideFigureId, number | null> = {
    dau: capacity.dau,
    avgRps: capacity.avgRps,
    dbConnections: capacity.dbConnections,
    redisMemoryGB: capacity.redisMemoryGB,
    storageGB: capacity.storageGB,
    dbMemoryGiB,
    totalMonthlyUSD: guideTotalUSD,
  };
  const rows: ReconciliationRow[] = [];
  for (const id of Object.keys(statements.figures) as GuideFigureId[]) {
    const value = derived[id];
    if (value === null) continue;
    const { value: stated, quote } = statements.figures[id];
    const follows = Math.abs(value - stated) <= GUIDE_TOLERANCE * Math.abs(value);
    rows.push({
      id,
      label: LABEL[id],
      quote,
      stated,
      derived: value,
      follows,
      statedText: TEXT[id](stated),
      derivedText: TEXT[id](value),
      note: follows ? "" : explain(id, value, capacity, stack, guideS3USD),
    });
  }
  return rows;
}

/** The reconciliation of section 4: the guide's statements against its own assumptions at 1M users. */
export function reconcileGuide(statements: GuideStatements, catalogue: Catalogue, guidePrices: GuidePriceData): ReconciliationRow[] {
  const profile = defaultProfile(statements.users);
  const { capacity, stack } = planCapacity(profile, catalogue);
  const cost = estimateCost(capacity, stack, guidePriceBook(guidePrices, "on-demand", profile.pricing.region));
  const dbMemory = catalogue.rds.types[stack.database.instanceClass].memoryGiB;
  return compareWithGuide(statements, capacity, stack, dbMemory, cost.totalMonthlyUSD, cost.services.s3.monthlyUSD);
}
