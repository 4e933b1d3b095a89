// What the guide states against what its own assumptions give (docs/planning-model.md section 4). Pure.
import { planCapacity, type CapacityPlan, type Stack } from "./capacity.js";
import { lookup, type Catalogue, type GuideStatements } from "./catalogue.js";
import { estimateCost } from "./cost.js";
import type { GuideFigureId, ReconciliationRow } from "./facts.js";
import type { PriceBook } from "./pricing/book.js";
import { defaultProfile } from "./profile/settings.js";

export type { GuideFigureId, GuideStatements, ReconciliationRow };

/** A figure "follows" when it is within 5% of what the assumptions give (section 5, check `guide`). */
export const GUIDE_TOLERANCE = 0.05;

/** The inputs a sentence about a differing figure needs. */
function why(id: GuideFigureId, capacity: CapacityPlan, stack: Stack, guideS3USD: number | null): Record<string, number | string> {
  switch (id) {
    case "avgRps":
      return { dau: capacity.dau, requestsPerDau: capacity.requestsPerDay / capacity.dau };
    case "dbConnections":
      return { instances: capacity.instances, processes: capacity.processes, poolSize: capacity.dbConnections / (capacity.instances * capacity.processes) };
    case "storageGB":
      return { users: capacity.users, perUserGB: capacity.storageGB / capacity.users };
    case "dbMemoryGiB":
      return { instanceClass: stack.database.instanceClass };
    case "totalMonthlyUSD":
      return guideS3USD === null ? { storageGB: capacity.storageGB } : { storageGB: capacity.storageGB, guideS3USD };
    default:
      return {};
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
    rows.push({ id, quote, stated, derived: value, follows, why: follows ? {} : why(id, capacity, stack, guideS3USD) });
  }
  return rows;
}

/** The reconciliation of section 4: the guide's statements against its own assumptions at its user count. */
export function reconcileGuide(statements: GuideStatements, catalogue: Catalogue, guideBook: PriceBook): ReconciliationRow[] {
  const profile = defaultProfile(statements.users);
  const { capacity, stack } = planCapacity(profile, catalogue);
  const cost = estimateCost(capacity, stack, guideBook, catalogue);
  const dbMemory = lookup(catalogue.rds.types, stack.database.instanceClass)?.memoryGiB ?? 0;
  return compareWithGuide(statements, capacity, stack, dbMemory, cost.totalMonthlyUSD, cost.services.s3.monthlyUSD);
}
