// A growth sweep: the plan at many user counts on one price book, and where a component steps up. Pure.
import { planCapacity, type CapacityPlan, type Stack } from "./capacity.js";
import type { Catalogue } from "./catalogue.js";
import { SERVICE_IDS, type BookSource, type CheckId, type ServiceId } from "./facts.js";
import { budgetState, type GateState } from "./gates.js";
import { plan, type PlanBooks, type PlanData } from "./plan.js";
import { memoized } from "./pricing/book.js";
import type { Profile } from "./profile/settings.js";
import { parseCount } from "./units.js";

export interface SweepRow {
  users: number;
  dau: number;
  peakRps: number;
  instances: number;
  instanceType: string;
  processes: number;
  cacheNode: string;
  dbClass: string;
  storageGB: number;
  services: Record<ServiceId, number | null>;
  /** Services the book does not cover (the guide's dataTransfer and cloudwatch): null above, but not gaps. */
  notInBook: ServiceId[];
  totalMonthlyUSD: number;
  /** False where a service had no price: the total is then a lower bound. */
  complete: boolean;
  /** Checks that fail (and warn) at this point. */
  failingChecks: CheckId[];
  warningChecks: CheckId[];
  budget: GateState | null;
}

export interface SweepStep {
  users: number;
  component: "instances" | "cache" | "database";
  from: string;
  to: string;
}

export interface Sweep {
  book: "guide" | "aws";
  source: BookSource;
  rows: SweepRow[];
  steps: SweepStep[];
  /** The first user count whose total (or its priced lower bound) is over the budget, and the first that cannot be checked. */
  budget?: { monthlyUSD: number; overFromUsers: number | null; cannotCheckFromUsers: number | null };
}

/** The most points a sweep takes. */
export const MAX_POINTS = 10_000;

/** "10k,100k,1m" or "10k..100m" (with `steps` points, log-spaced, ends included). Returns counts or what is wrong. */
export function parseUserPoints(text: string, steps?: number): number[] | string {
  const range = /^\s*([^.]+?)\s*\.\.\s*(.+?)\s*$/.exec(text);
  if (range) {
    const [from, to] = [parseCount(range[1]), parseCount(range[2])];
    if (typeof from === "string") return `range start ${from}`;
    if (typeof to === "string") return `range end ${to}`;
    if (to <= from) return `the range must go up (got ${text})`;
    const n = steps ?? 9;
    if (!Number.isInteger(n) || n < 2 || n > MAX_POINTS) return `--steps must be a whole number from 2 to ${MAX_POINTS} (got ${steps})`;
    const points = Array.from({ length: n }, (_, i) => (i === n - 1 ? to : Math.round(from * (to / from) ** (i / (n - 1)))));
    return [...new Set(points)];
  }
  if (steps !== undefined) return "--steps goes with a range such as 10k..100m";
  const parts = text.split(",").map((p) => p.trim());
  if (parts.length > MAX_POINTS) return `at most ${MAX_POINTS} points (got ${parts.length})`;
  const points: number[] = [];
  for (const part of parts) {
    const n = parseCount(part);
    if (typeof n === "string") return `"${part}" ${n}`;
    points.push(n);
  }
  return [...new Set(points)].sort((a, b) => a - b);
}

/** Every point planned (sizing included): the stacks tell which prices to fetch, once for all points. */
export function planPoints(profile: Profile, users: readonly number[], catalogue: Catalogue): { profile: Profile; capacity: CapacityPlan; stack: Stack }[] {
  return users.map((u) => {
    const atPoint = { ...profile, users: u };
    return { profile: atPoint, ...planCapacity(atPoint, catalogue) };
  });
}

/** Plan and price every point on the books (AWS's where present); note where a component changes. */
export function runSweep(points: readonly { profile: Profile; capacity: CapacityPlan; stack: Stack }[], data: PlanData, anyBooks: PlanBooks): Sweep {
  const books: PlanBooks = anyBooks.aws ? { aws: memoized(anyBooks.aws) } : { guide: memoized(anyBooks.guide!) };
  const book = (books.aws ?? books.guide)!;
  const budgetUSD = points[0]?.profile.budget.monthlyUSD ?? null;
  const rows: SweepRow[] = points.map(({ profile, capacity, stack }) => {
    const result = plan(profile, data, books, { planned: { capacity, stack } });
    const cost = (result.costs.aws ?? result.costs.guide)!;
    const services = Object.fromEntries(SERVICE_IDS.map((id) => [id, cost.services[id].monthlyUSD])) as Record<ServiceId, number | null>;
    return {
      users: capacity.users,
      dau: capacity.dau,
      peakRps: capacity.peakRps,
      instances: capacity.instances,
      instanceType: stack.instanceType,
      processes: stack.processes,
      cacheNode: stack.cache.nodeType,
      dbClass: stack.database.instanceClass,
      storageGB: capacity.storageGB,
      services,
      notInBook: SERVICE_IDS.filter((id) => cost.services[id].notInGuide),
      totalMonthlyUSD: cost.totalMonthlyUSD,
      complete: cost.complete,
      failingChecks: result.checks.filter((c) => c.level === "fail" && c.id !== "budget").map((c) => c.id),
      warningChecks: result.checks.filter((c) => c.level === "warn" && c.id !== "budget").map((c) => c.id),
      budget: budgetUSD === null ? null : budgetState(cost, budgetUSD),
    };
  });
  const steps: SweepStep[] = [];
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    if (a.instances !== b.instances) steps.push({ users: b.users, component: "instances", from: String(a.instances), to: String(b.instances) });
    if (a.cacheNode !== b.cacheNode) steps.push({ users: b.users, component: "cache", from: a.cacheNode, to: b.cacheNode });
    if (a.dbClass !== b.dbClass) steps.push({ users: b.users, component: "database", from: a.dbClass, to: b.dbClass });
  }
  const sweep: Sweep = { book: book.name, source: book.source, rows, steps };
  if (budgetUSD !== null) {
    sweep.budget = {
      monthlyUSD: budgetUSD,
      overFromUsers: rows.find((r) => r.budget === "over")?.users ?? null,
      cannotCheckFromUsers: rows.find((r) => r.budget === "cannot-check")?.users ?? null,
    };
  }
  return sweep;
}
