// The plan's JSON document (docs/cli-contract.md, schemaVersion 2): the report's values, unrounded, with the
// sentences a reader of the JSON needs (check messages, service descriptions, gap reasons) made here.
import { SERVICE_IDS, type CostEstimate, type ServiceId } from "../core/facts.js";
import type { Report } from "../core/report.js";
import { checkMessage, gapMessage, NOT_INCLUDED_NAMES, noteText, provenanceText, serviceDescription, sizingMessage } from "./messages.js";

function costJson(cost: CostEstimate) {
  const services = Object.fromEntries(
    SERVICE_IDS.map((id) => {
      const s = cost.services[id];
      return [
        id,
        {
          monthlyUSD: s.monthlyUSD,
          quantity: s.quantity,
          unit: s.unit,
          description: serviceDescription(s),
          ...(s.gap ? { gap: gapMessage(s.gap), gapReason: s.gap } : {}),
          ...(s.notInGuide ? { notInGuide: true } : {}),
          lines: s.lines.map((l) => ({ ...l, source: provenanceText(l.price.provenance) })),
          notes: s.notes.map(noteText),
        },
      ];
    }),
  ) as Record<ServiceId, unknown>;
  return {
    services,
    totalMonthlyUSD: cost.totalMonthlyUSD,
    complete: cost.complete,
    gaps: cost.gaps,
    source: cost.source.origin,
    region: cost.source.region,
    term: cost.source.term,
    priceDate: cost.source.asOf,
    ...(cost.source.ageHours !== undefined ? { cacheAgeHours: cost.source.ageHours } : {}),
  };
}

/** The JSON document as an object (numbers as numbers, a tier's open end as null). */
export function planJson(report: Report) {
  const { summary } = report;
  const primary = report.costs.aws ?? report.costs.guide;
  const costs: Record<string, unknown> = {};
  if (report.costs.guide) costs.guide = costJson(report.costs.guide);
  if (report.costs.aws) costs.aws = costJson(report.costs.aws);
  return {
    schemaVersion: report.schemaVersion,
    // The answer first (docs/planning-model.md section 8).
    summary,
    generator: report.generator,
    profile: report.profile,
    assumptions: report.assumptions,
    assumptionSources: report.assumptionSources,
    capacity: report.capacity,
    stack: { ...report.stack, specs: report.specs, sizing: report.stack.sizing.map((s) => ({ ...s, reason: sizingMessage(s) })) },
    costs,
    notIncluded: report.notIncluded.map((id) => NOT_INCLUDED_NAMES[id]),
    checks: report.checks.map((c) => ({ ...c, message: checkMessage(c) })),
    ...(summary.budget && primary
      ? {
          budget: {
            monthlyUSD: summary.budget.monthlyUSD,
            pricing: primary.book,
            totalMonthlyUSD: primary.totalMonthlyUSD,
            pass: summary.budget.state === "within" ? true : summary.budget.state === "over" ? false : null,
            state: summary.budget.state,
          },
        }
      : {}),
    ...(report.reconciliation ? { guideReconciliation: report.reconciliation } : {}),
    totalMonthlyCost: primary?.totalMonthlyUSD ?? null,
  };
}

/** Infinity (a last tier's open end) is written as null. */
const replacer = (_key: string, value: unknown) => (value === Infinity ? null : value);

export function renderJson(report: Report): string {
  return JSON.stringify(planJson(report), replacer, 2) + "\n";
}
