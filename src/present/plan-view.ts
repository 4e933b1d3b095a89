// What a plan report shows, as text cells and sentences, whatever the format: the one place that
// reads the report's shape. The table, markdown and CSV renderers draw this view.
import { SERVICE_IDS, type CostEstimate, type ServiceId } from "../core/facts.js";
import { SETTINGS, getPath } from "../core/profile/settings.js";
import type { Report } from "../core/report.js";
import { stackText, type Answer } from "./answer.js";
import { gb, num, signedUSD, usd } from "./format.js";
import {
  FIGURE_LABEL,
  NOT_INCLUDED_NAMES,
  SERVICE_NAMES,
  bookNotes,
  checkMessage,
  figureText,
  reconciliationNote,
  serviceDetail,
  shortGapMessage,
  sizingMessage,
  sourceLabel,
} from "./messages.js";

export type BookId = "guide" | "aws";

export interface BookView {
  id: BookId;
  label: string;
  totalUSD: number;
  complete: boolean;
  gaps: ServiceId[];
  notes: string[];
}

export interface ServiceRowView {
  id: ServiceId;
  name: string;
  /** Per book: the monthly USD, or null with why (a gap, or not in the book). */
  cost: Partial<Record<BookId, { usd: number | null; why?: string }>>;
  /** What the price is made of, on the book in use. */
  description: string;
  notes: string[];
}

export interface CheckView {
  id: string;
  level: "ok" | "warn" | "fail";
  message: string;
}

export interface PlanView {
  answer: Answer;
  heading: string;
  capacity: [string, string][];
  books: BookView[];
  /** The book the total, budgets and exit codes are on. */
  primary: BookId | null;
  services: ServiceRowView[];
  checks: CheckView[];
  sizing: { component: string; choice: string; reason: string }[];
  assumptions: string[][];
  reconciliation: string[][];
  /** The guide's reconciliation belongs in the default view only for its own 1M-user example. */
  reconciliationByDefault: boolean;
  notIncluded: string[];
  /** Something to do about missing prices. */
  gapHint?: string;
}

/** The profiles whose 1M-user plan is the guide's own example. */
const GUIDE_PROFILES = new Set(["guide", "guide-as-published"]);

const GAP_HINT =
  "Some prices are missing (never counted as $0): with AWS credentials, `heirloom-plan prices pull --catalogue --output prices.json` fetches every type, for `--prices prices.json`.";

function bookView(id: BookId, c: CostEstimate): BookView {
  return { id, label: sourceLabel(c.source), totalUSD: c.totalMonthlyUSD, complete: c.complete, gaps: c.gaps, notes: bookNotes(c) };
}

/** The view of a plan report. */
export function planView(report: Report): PlanView {
  const { guide, aws } = report.costs;
  const books: BookView[] = [...(guide ? [bookView("guide", guide)] : []), ...(aws ? [bookView("aws", aws)] : [])];
  const primaryId: BookId | null = report.summary.pricing;
  const services: ServiceRowView[] = (SERVICE_IDS as readonly ServiceId[]).map((id) => {
    const cost: ServiceRowView["cost"] = {};
    for (const b of books) {
      const s = report.costs[b.id]!.services[id];
      cost[b.id] = s.notInGuide ? { usd: null, why: "not in the guide" } : s.monthlyUSD === null ? { usd: null, why: s.gap ? shortGapMessage(s.gap) : "no price" } : { usd: s.monthlyUSD };
    }
    const g = guide?.services[id];
    const main = aws?.services[id] ?? g!;
    const notes = g?.gap && aws ? [`guide: ${shortGapMessage(g.gap)}`] : [];
    // A service the only book does not cover says so in its cell: no note for it.
    const description = main.notInGuide && !aws ? "" : serviceDetail(main);
    return { id, name: SERVICE_NAMES[id], cost, description, notes };
  });

  const checks: CheckView[] = report.checks.map((c) => ({ id: c.id, level: c.level, message: checkMessage(c) }));
  const s = report.summary;
  const primary = primaryId ? books.find((b) => b.id === primaryId) : undefined;
  const answer: Answer = {
    users: s.users,
    profile: report.profile.name,
    stack: stackText({ instances: s.stack.instances, instanceType: s.stack.instanceType, dbClass: s.stack.databaseClass, multiAz: s.stack.multiAz, cacheNode: s.stack.cacheNode }),
    total:
      s.totalMonthlyUSD !== null && primary
        ? { usd: s.totalMonthlyUSD, complete: s.complete, gaps: s.gaps, book: primary.label, region: report.assumptions.pricing.region, term: report.assumptions.pricing.term }
        : null,
    budget: s.budget ? { usd: s.budget.monthlyUSD, totalUSD: s.totalMonthlyUSD ?? 0, state: s.budget.state } : null,
    failing: [...s.failingChecks],
    warnings: checks.filter((c) => c.level === "warn").map((c) => c.id),
  };

  const c = report.capacity;
  const capacity: [string, string][] = [
    ["users", num(c.users)],
    ["daily active users", num(c.dau)],
    ["requests per day", num(c.requestsPerDay)],
    ["average RPS", num(c.avgRps)],
    ["peak RPS", num(c.peakRps)],
    ["backend instances", `${num(c.instances)} × ${report.stack.instanceType}`],
    ["processes each", num(c.processes)],
    ["database connections", num(c.dbConnections)],
    ["DB queries/s at peak", num(c.dbPeakQps)],
    ["DB working set", `${num(c.dbWorkingSetGB)} GB`],
    ["Redis memory", `${num(c.redisMemoryGB)} GB`],
    ["storage", gb(c.storageGB)],
    ["CDN transfer / month", gb(c.cdnTransferGB)],
    ["API egress / month", gb(c.egressGB)],
    ["ALB capacity units", num(c.albLcu, 4)],
    ["logs / month", gb(c.logsGB)],
    ["backend CPU (average)", `${num(c.backendCpuShare * 100, 2)}%`],
  ];

  const assumptions = SETTINGS.filter((st) => st.path !== "budget.monthlyUSD" || report.assumptions.budget.monthlyUSD !== null).map((st) => {
    const value = getPath(report.assumptions, st.path);
    const src = report.assumptionSources[st.path];
    // "profiles/guide.yaml:7:3" is the profile named in the heading: its line and column say enough.
    const where = src?.where ?? "";
    const setBy = where.startsWith(`${report.profile.source}:`) ? `profile ${where.slice(report.profile.source.length + 1)}` : where;
    return [st.path, typeof value === "number" ? num(value, 4) : String(value), setBy, src?.basis ?? ""];
  });

  const anyGap = books.some((b) => !b.complete);
  return {
    answer,
    heading: `heirloom-plan: ${num(c.users)} users, profile ${report.profile.name} (${report.profile.source}), ${report.assumptions.pricing.region}, ${report.assumptions.pricing.term}`,
    capacity,
    books,
    primary: primaryId,
    services,
    checks,
    sizing: report.stack.sizing.map((z) => ({ component: z.component, choice: z.chosen, reason: sizingMessage(z) })),
    assumptions,
    reconciliation: (report.reconciliation ?? []).map((r) => [
      FIGURE_LABEL[r.id],
      figureText(r.id, r.stated),
      figureText(r.id, r.derived),
      r.follows ? "follows" : `does not follow: ${reconciliationNote(r)}`,
    ]),
    reconciliationByDefault: c.users === 1_000_000 && GUIDE_PROFILES.has(report.profile.name),
    notIncluded: report.notIncluded.map((id) => NOT_INCLUDED_NAMES[id]),
    ...(anyGap ? { gapHint: GAP_HINT } : {}),
  };
}

/** A cell of money: "$1,234.56", or "no price" / "not in guide". */
export function moneyCell(cost: { usd: number | null; why?: string } | undefined): string {
  if (!cost) return "";
  return cost.usd === null ? (cost.why === "not in the guide" ? "not in guide" : "no price") : usd(cost.usd);
}

/** The AWS-minus-guide difference of a row, where both are priced: "+$3.68 (+1.2%)". */
export function differenceCell(guide: number | null | undefined, aws: number | null | undefined): string {
  if (guide === null || guide === undefined || aws === null || aws === undefined) return "";
  return signedUSD(aws - guide, guide !== 0 ? ((aws - guide) / guide) * 100 : null);
}
