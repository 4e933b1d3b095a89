// The profile a person writes (ProfileFile): strict YAML, every key optional, validated with zod.
// Defaults and their sources live in defaults.ts; resolve.ts merges defaults, file and flags.
import * as z from "zod/mini";
import { describe } from "../units.js";
import { SETTING_ROWS, type Profile, type SettingPath } from "./settings.js";

export { TERMS, type Term } from "../facts.js";

/** The profile file's schema, built from the settings table: strict objects, every key optional. */
function buildFileSchema() {
  const groups: Record<string, Record<string, z.core.$ZodType>> = {};
  const top: Record<string, z.core.$ZodType> = {};
  for (const [path, r] of Object.entries(SETTING_ROWS) as [string, { schema: z.core.$ZodType }][]) {
    const [group, key] = path.split(".");
    if (key === undefined) top[group] = z.optional(r.schema);
    else (groups[group] ??= {})[key] = z.optional(r.schema);
  }
  for (const [group, shape] of Object.entries(groups)) top[group] = z.optional(z.strictObject(shape));
  return z.strictObject({
    description: z.optional(z.string()),
    /** Why a setting has its value, where the profile says (a calibrated profile's "measured: ..."). */
    basis: z.optional(z.partialRecord(z.enum(Object.keys(SETTING_ROWS) as [SettingPath, ...SettingPath[]]), z.string())),
    ...top,
  });
}

let fileSchema: ReturnType<typeof buildFileSchema> | undefined;
/** The profile file's schema, built on first use (a plan on a built-in profile and flags never needs it). */
export const profileFileSchema = () => (fileSchema ??= buildFileSchema());

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? { [L in keyof T[K]]?: T[K][L] } : T[K] };

/** What a person writes in a profile file (after parsing). */
export type ProfileFile = DeepPartial<Omit<Profile, "budget">> & {
  budget?: { monthlyUSD?: number };
  description?: string;
  basis?: Partial<Record<SettingPath, string>>;
};

/** One problem with a profile or a flag: where (a key path) and what is wrong. */
export interface ProfileProblem {
  path: (string | number)[];
  message: string;
}

/** Validate a parsed profile; returns the value or the problems, each one sentence. */
export function validateProfileFile(raw: unknown): { value: ProfileFile } | { problems: ProfileProblem[] } {
  const result = profileFileSchema().safeParse(raw);
  if (result.success) return { value: result.data as ProfileFile };
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

/** Check one setting's value (a flag's) with that setting's own schema: the value, or the problem in one sentence. */
export function validateSetting(schema: z.core.$ZodType, raw: unknown): { value: unknown } | { problem: string } {
  const result = z.safeParse(schema, raw);
  if (result.success) return { value: result.data };
  const issue = result.error.issues[0];
  return { problem: issueMessage(issue, valueAt(raw, issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)))) };
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
  let schema: unknown = profileFileSchema();
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
