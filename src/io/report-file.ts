// Reading a saved plan report for `diff`: a JSON file of ours, schemaVersion 1 or 2, checked by its schema.
import { HeirloomError } from "../core/errors.js";
import { readTextBounded } from "./read-bounded.js";
import { ReportDocumentSchema, documentProblem, toDiffSide, type DiffSide } from "../core/report-document.js";

/** The most a report file may hold before it is refused unread (a plan report is a few tens of KB). */
const MAX_BYTES = 16 * 1024 * 1024;

/** Read a saved report: ours, a plan (not a sweep or a diff), schemaVersion 1 or 2. */
export function readReport(file: string): DiffSide {
  // Bounded: a device, a FIFO or a huge file ends at MAX_BYTES with one line, never read whole.
  const text = readTextBounded(file, file, "report", MAX_BYTES, true);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const looksLikeTable = /heirloom-plan:|\u250c|\u2500|Monthly cost/.test(text.slice(0, 2000));
    throw new HeirloomError(`${file}: not a JSON report${looksLikeTable ? " (it looks like the table format)" : ""}; save one with --format json`);
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new HeirloomError(`${file}: not a heirloom-plan report (not a JSON object)`);
  const record = data as Record<string, unknown>;
  if (record.kind === "sweep" || record.kind === "diff") throw new HeirloomError(`${file}: a ${String(record.kind)}, not a plan report (save one with --format json)`);
  if (typeof record.capacity !== "object" || typeof record.costs !== "object" || typeof record.assumptions !== "object") {
    throw new HeirloomError(`${file}: not a heirloom-plan report (no capacity, costs and assumptions)`);
  }
  if (record.schemaVersion !== 1 && record.schemaVersion !== 2) {
    throw new HeirloomError(`${file}: unknown schemaVersion ${JSON.stringify(record.schemaVersion)}; this heirloom-plan reads schemaVersion 1 and 2`);
  }
  // JSON reads 1e999 as Infinity: no number of a report may be that (nor NaN), wherever it stands.
  const infinite = nonFinitePath(data);
  if (infinite) throw new HeirloomError(`${file}: ${infinite}: must be a finite number; the report was edited or damaged`);
  const parsed = ReportDocumentSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HeirloomError(`${file}: ${issue.path.join(".") || "the report"}: ${issue.message}`);
  }
  const problem = documentProblem(parsed.data);
  if (problem) throw new HeirloomError(`${file}: ${problem}`);
  return toDiffSide(parsed.data);
}

/** The path of the first number that is not finite, or undefined. */
function nonFinitePath(value: unknown, path = ""): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : path || "the report";
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, v] of Object.entries(value)) {
    const found = nonFinitePath(v, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}
