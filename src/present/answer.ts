// The answer a report gives first (planning-model.md section 8), in at most five lines:
// users, the stack, the monthly total on the book in use, the budget's state, the failing checks.
import type { ServiceId } from "../core/facts.js";
import type { GateState } from "../core/gates.js";
import { num, usd } from "./format.js";
import { hanging } from "./terminal.js";

export type BudgetState = GateState;

export interface Answer {
  users: number;
  profile: string;
  /** "10 × t3.medium, db.r5.2xlarge, cache.t3.medium" */
  stack: string;
  /** The total on the book in use; null where nothing was priced. */
  total: { usd: number; complete: boolean; gaps: ServiceId[]; book: string; region: string; term: string } | null;
  budget: { usd: number; state: BudgetState; totalUSD: number } | null;
  failing: string[];
  warnings: string[];
}

/** "10 × t3.medium, db.r5.2xlarge, cache.t3.medium" */
export function stackText(s: { instances: number; instanceType: string; dbClass: string; multiAz?: boolean; cacheNode: string }): string {
  return `${num(s.instances)} × ${s.instanceType}, ${s.dbClass}${s.multiAz ? " Multi-AZ" : ""}, ${s.cacheNode}`;
}

/** "$212,546.75" or "at least $1,234.00 (no price for rds, elasticache)"; compact: "(no price for 5 services)". */
export function totalText(total: { usd: number; complete: boolean; gaps: readonly string[] }, compact = false): string {
  if (total.complete) return usd(total.usd);
  const which = compact && total.gaps.length > 1 ? `${total.gaps.length} services` : total.gaps.join(", ");
  return `at least ${usd(total.usd)} (no price for ${which})`;
}

/** "within $250,000.00 ($37,453.25 to spare)" */
export function budgetText(b: NonNullable<Answer["budget"]>, complete = true): string {
  if (b.state === "within") return `within ${usd(b.usd)} (${usd(b.usd - b.totalUSD)} to spare)`;
  if (b.state === "over") return `over ${usd(b.usd)} by ${complete ? "" : "at least "}${usd(b.totalUSD - b.usd)}`;
  return `cannot check ${usd(b.usd)}: prices are missing`;
}

export interface AnswerLine {
  label: string;
  text: string;
  /** ok: green, bad: red, unsure: yellow */
  tone: "plain" | "ok" | "bad" | "unsure";
}

/** The answer as labelled lines (four); `compact` shortens the lists (where lines must fit a narrow terminal). */
export function answerLines(a: Answer, compact = false): AnswerLine[] {
  const lines: AnswerLine[] = [{ label: `${num(a.users)} users`, text: compact ? a.stack : `${a.stack} (profile ${a.profile})`, tone: "plain" }];
  if (a.total) {
    lines.push({ label: "Monthly total", text: `${totalText(a.total, compact)} on ${a.total.book}, ${a.total.region}, ${a.total.term}`, tone: a.total.complete ? "plain" : "unsure" });
  } else {
    lines.push({ label: "Monthly total", text: "not priced", tone: "unsure" });
  }
  if (a.budget) {
    lines.push({ label: "Budget", text: budgetText(a.budget, a.total?.complete ?? false), tone: a.budget.state === "within" ? "ok" : a.budget.state === "over" ? "bad" : "unsure" });
  } else {
    lines.push({ label: "Budget", text: "none set (--budget USD)", tone: "plain" });
  }
  const count = a.warnings.length === 1 ? "1 warning" : `${a.warnings.length} warnings`;
  const warn = a.warnings.length ? (compact ? ` (${count})` : ` (${count}: ${a.warnings.join(", ")})`) : "";
  lines.push(
    a.failing.length
      ? { label: "Failing checks", text: `${a.failing.join(", ")}${warn}`, tone: "bad" }
      : { label: "Failing checks", text: `none${warn}`, tone: a.warnings.length ? "plain" : "ok" },
  );
  return lines;
}

/**
 * The answer for a terminal: each line wrapped under its label to `width`, at most five lines (where the
 * lists make it longer they become counts: the sections below name them). `first` styles a line's label
 * and text, `rest` a wrapped continuation.
 */
export function answerBlockLines(
  a: Answer,
  width: number,
  first: (label: string, text: string, tone: AnswerLine["tone"]) => string = (l, t) => l + t,
  rest: (text: string, tone: AnswerLine["tone"]) => string = (t) => t,
): string[] {
  const block = (compact: boolean) =>
    answerLines(a, compact).flatMap((l) => {
      const prefix = `${l.label}: `;
      return hanging(prefix, l.text, width).map((s, i) => (i === 0 ? first(prefix, s.slice(prefix.length), l.tone) : rest(s, l.tone)));
    });
  const full = block(false);
  return full.length <= 5 ? full : block(true);
}
