// The profile a person writes (ProfileFile): strict YAML, every key optional, validated with zod.
// Defaults and their sources live in defaults.ts; resolve.ts merges defaults, file and flags.
import * as z from "zod/mini";
import { num as formatNumber } from "../../present/format.js";
import { describe, parseCount } from "../units.js";

interface Range {
  gt?: number;
  min?: number;
  max: number;
  int?: boolean;
}

/** A number with a range; the message says the range and what was given. */
function num(range: Range) {
  return z.number().check(
    z.superRefine((value: number, ctx) => {
      const problem = rangeProblem(value, range);
      if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
    }),
  );
}

function rangeProblem(value: number, range: Range): string | undefined {
  if (!Number.isFinite(value)) return `must be a finite number (got ${value})`;
  if (range.int && !Number.isInteger(value)) return `must be a whole number (got ${value})`;
  const low = range.gt !== undefined ? value <= range.gt : range.min !== undefined && value < range.min;
  if (low || value > range.max) return `must be ${rangeText(range)} (got ${value})`;
  return undefined;
}

function rangeText(range: Range): string {
  const parts: string[] = [];
  if (range.gt !== undefined) parts.push(`greater than ${range.gt}`);
  else if (range.min !== undefined) parts.push(`at least ${range.min}`);
  parts.push(`at most ${formatNumber(range.max)}`);
  return parts.join(" and ");
}

/** A user count as people write it (1e6, 1m, 250k, 1_000_000), as a YAML number or string. */
const userCount = z.pipe(
  z.union([z.number(), z.string()]),
  z.transform((raw: number | string, ctx) => {
    const parsed = parseCount(raw);
    if (typeof parsed === "string") {
      ctx.issues.push({ code: "custom", message: parsed, input: raw });
      return z.NEVER;
    }
    return parsed;
  }),
);

const name = z.string().check(
  z.superRefine((value: string, ctx) => {
    if (value.trim() === "") ctx.addIssue({ code: "custom", message: "must not be empty", input: value });
  }),
);

const auto = z.literal("auto");

export const TERMS = ["on-demand", "reserved-1yr", "reserved-3yr"] as const;
export type Term = (typeof TERMS)[number];

export const ProfileFileSchema = z.strictObject({
  description: z.optional(z.string()),
  users: z.optional(userCount),
  traffic: z.optional(
    z.strictObject({
      dauRatio: z.optional(num({ gt: 0, max: 1 })),
      requestsPerUserPerDay: z.optional(num({ min: 0, max: 1e6 })),
      peakFactor: z.optional(num({ min: 1, max: 1000 })),
    }),
  ),
  backend: z.optional(
    z.strictObject({
      instances: z.optional(z.union([auto, num({ min: 1, max: 100_000, int: true })])),
      instanceType: z.optional(name),
      rpsPerInstance: z.optional(num({ gt: 0, max: 1e7 })),
      minInstances: z.optional(num({ min: 1, max: 100_000, int: true })),
      poolSize: z.optional(num({ min: 1, max: 10_000, int: true })),
      memoryMB: z.optional(num({ gt: 0, max: 1e7 })),
    }),
  ),
  database: z.optional(
    z.strictObject({
      instanceClass: z.optional(z.union([auto, name])),
      multiAz: z.optional(z.boolean()),
      storageGB: z.optional(num({ min: 20, max: 65_536 })),
      storageType: z.optional(z.enum(["gp3", "gp2"])),
      minMemoryGB: z.optional(num({ min: 0, max: 1e5 })),
    }),
  ),
  cache: z.optional(
    z.strictObject({
      nodeType: z.optional(z.union([auto, name])),
      bytesPerActiveUser: z.optional(num({ min: 0, max: 1e9 })),
      ttlSeconds: z.optional(num({ min: 1, max: 31_536_000, int: true })),
    }),
  ),
  storage: z.optional(z.strictObject({ perUserGB: z.optional(num({ min: 0, max: 1e6 })) })),
  cdn: z.optional(z.strictObject({ transferPerUserGB: z.optional(num({ min: 0, max: 1e6 })) })),
  alb: z.optional(z.strictObject({ lcu: z.optional(num({ min: 0, max: 1e6 })) })),
  rateLimit: z.optional(
    z.strictObject({
      windowMinutes: z.optional(num({ gt: 0, max: 1440 })),
      maxRequests: z.optional(num({ min: 1, max: 1e9, int: true })),
    }),
  ),
  pricing: z.optional(
    z.strictObject({
      region: z.optional(name),
      term: z.optional(z.enum(TERMS)),
    }),
  ),
  budget: z.optional(z.strictObject({ monthlyUSD: z.optional(num({ min: 0, max: 1e15 })) })),
});

/** What a person writes in a profile file (after parsing). */
export type ProfileFile = z.output<typeof ProfileFileSchema>;

/** One problem with a profile or a flag: where (a key path) and what is wrong. */
export interface ProfileProblem {
  path: (string | number)[];
  message: string;
}

/** Validate a parsed profile; returns the value or the problems, each one sentence. */
export function validateProfileFile(raw: unknown): { value: ProfileFile } | { problems: ProfileProblem[] } {
  const result = ProfileFileSchema.safeParse(raw);
  if (result.success) return { value: result.data };
  const problems: ProfileProblem[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    if (issue.code === "unrecognized_keys") {
      const parentShape = shapeAt(path);
      for (const key of issue.keys) {
        const hint = nearest(key, parentShape);
        problems.push({
          path: [...path, key],
          message: `unknown key${hint ? ` (did you mean '${hint}'?)` : ""}${parentShape.length && !hint ? `; valid keys: ${parentShape.join(", ")}` : ""}`,
        });
      }
      continue;
    }
    problems.push({ path, message: issueMessage(issue, valueAt(raw, path)) });
  }
  return { problems };
}

function issueMessage(issue: z.core.$ZodIssue, got: unknown): string {
  switch (issue.code) {
    case "custom":
      return issue.message;
    case "invalid_type":
      if (got === undefined) return "is required";
      if (typeof got === "number" && !Number.isFinite(got)) return `must be a finite number (got ${got})`;
      return `must be ${expected(issue.expected)} (got ${describe(got)})`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => String(v)).join(", ")} (got ${describe(got)})`;
    case "invalid_union": {
      const options = issue.errors.flatMap((branch) =>
        branch.map((i) =>
          i.code === "invalid_value" ? i.values.map((v) => JSON.stringify(v)).join(" or ") : i.code === "invalid_type" ? expected(i.expected) : "",
        ),
      );
      const custom = issue.errors.flat().find((i) => i.code === "custom");
      if (custom) return custom.message;
      return `must be ${options.filter(Boolean).join(" or ")} (got ${describe(got)})`;
    }
    default:
      return issue.message;
  }
}

function expected(type: string): string {
  if (type === "object") return "a mapping of settings";
  if (type === "boolean") return "true or false";
  if (type === "string") return "text";
  return `a ${type}`;
}

/** The valid keys at a path of the schema (for "did you mean"). */
function shapeAt(path: (string | number)[]): string[] {
  let schema: unknown = ProfileFileSchema;
  for (const key of path) {
    const shape = objectShape(schema);
    if (!shape || !(String(key) in shape)) return [];
    schema = shape[String(key)];
  }
  return Object.keys(objectShape(schema) ?? {});
}

function objectShape(schema: unknown): Record<string, unknown> | undefined {
  // Unwrap z.optional(...) to reach a strictObject's shape.
  let s = schema as { _zod?: { def?: { type?: string; innerType?: unknown; shape?: Record<string, unknown> } } };
  while (s?._zod?.def?.type === "optional") s = s._zod.def.innerType as typeof s;
  return s?._zod?.def?.type === "object" ? s._zod.def.shape : undefined;
}

function valueAt(raw: unknown, path: (string | number)[]): unknown {
  let v: unknown = raw;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[String(key)];
  }
  return v;
}

/** The valid key closest to a mistyped one, if it is close enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
