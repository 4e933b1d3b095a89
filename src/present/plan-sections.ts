// The sections a plan report has besides the answer, in their order (--show names them).
export const PLAN_SECTIONS = ["assumptions", "capacity", "sizing", "costs", "checks", "reconciliation"] as const;
export type PlanSection = (typeof PLAN_SECTIONS)[number];
