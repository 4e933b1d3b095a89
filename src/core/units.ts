/** AWS's monthly-hours convention (the AWS Pricing Calculator and infracost use 730 h). */
export const HOURS_PER_MONTH = 730;

/** The guide's unit: its "$230 for 10TB of S3 at $0.023/GB" means 1 TB = 1000 GB. */
export const GB_PER_TB = 1000;

/** Bytes in a GiB: instance memory in the price list and catalogue is binary. */
export const BYTES_PER_GIB = 1024 ** 3;

/** The most users a plan accepts: beyond this the figures stop meaning anything. */
export const MAX_USERS = 1e10;

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9 };

/**
 * Parse a user count as people write it: 1000000, 1_000_000, 1,000,000, 1e6, 1m, 250k, 10M, 1.5m.
 * Returns the number, or a sentence saying what is wrong.
 */
export function parseCount(raw: unknown): number | string {
  if (typeof raw === "number") return checkCount(raw, String(raw));
  if (typeof raw !== "string") return `must be a number like 1000000, 1e6 or 250k (got ${describe(raw)})`;
  const text = raw.trim();
  if (text === "") return "must be a number like 1000000, 1e6 or 250k (got an empty value)";
  const m = /^([+-]?)(\d[\d_,]*(?:\.\d+)?|\.\d+)(?:e([+-]?\d+))?([kmb])?$/i.exec(text);
  if (!m || /[_,]{2}|[_,]$|[_,]\./.test(m[2])) {
    return `must be a number like 1000000, 1e6 or 250k (got "${raw}")`;
  }
  const [, sign, digits, exp, suffix] = m;
  const comma = commaProblem(raw.trim(), digits);
  if (comma) return comma;
  let value = Number(digits.replace(/[_,]/g, "")) * (exp ? 10 ** Number(exp) : 1);
  if (suffix) value *= SUFFIX[suffix.toLowerCase()];
  if (sign === "-") value = -value;
  // 1.1e6 style products can land a hair off a whole number; a count is whole.
  const rounded = Math.round(value);
  if (Math.abs(value - rounded) < 1e-6 * Math.max(1, Math.abs(value))) value = rounded;
  return checkCount(value, raw);
}

function checkCount(value: number, raw: string): number | string {
  if (/^\d{16,}$/.test(raw)) raw = value.toExponential(); // 1e18 read by YAML as a number
  if (!Number.isFinite(value)) return `must be a finite number (got ${raw})`;
  if (value <= 0) return `must be at least 1 (got ${raw})`;
  if (!Number.isInteger(value)) return `must be a whole number of users (got ${raw})`;
  if (value > MAX_USERS) return `must be at most ${"10,000,000,000"} (got ${raw})`;
  return value;
}

/** Parse a dollar amount: 2500, 2,500, $2500, 2.5k. Returns the number or what is wrong. */
export function parseUSD(raw: string): number | string {
  const text = raw.trim().replace(/^\$/, "");
  const m = /^(\d[\d_,]*(?:\.\d+)?|\.\d+)([kmb])?$/i.exec(text);
  if (!m) return `must be a dollar amount like 2500 or 2.5k (got "${raw}")`;
  const comma = commaProblem(raw.trim(), m[1]);
  if (comma) return comma;
  let value = Number(m[1].replace(/[_,]/g, ""));
  if (m[2]) value *= SUFFIX[m[2].toLowerCase()];
  if (!Number.isFinite(value) || value > 1e15) return `must be a dollar amount below 1e15 (got "${raw}")`;
  return value;
}

/**
 * Commas only group thousands (1,000,000): a comma followed by anything but groups of three digits is a decimal
 * comma (2,5m), which would otherwise be read as 25m. Returns what is wrong, with the number as meant.
 */
function commaProblem(raw: string, digits: string): string | undefined {
  if (!digits.includes(",")) return undefined;
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(digits)) return undefined;
  if (/^\d+,\d+$/.test(digits) && digits.indexOf(",") === digits.lastIndexOf(",")) {
    const meant = raw.replace(",", ".");
    return `has a decimal comma (got "${raw}"); write a decimal point: ${meant} (commas only group thousands, as in 1,000,000)`;
  }
  return `has commas that do not group thousands (got "${raw}"); write 1000000, 1,000,000 or 1e6`;
}

/** A plain number written with a decimal comma (0,3): what is wrong, with the number as meant; else undefined. */
export function decimalCommaProblem(raw: string): string | undefined {
  const text = raw.trim();
  return /^[+-]?\d+,\d+$/.test(text) ? commaProblem(text, text.replace(/^[+-]/, "")) : undefined;
}

/** A short description of a value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return value === "" ? "an empty string" : JSON.stringify(value);
  return String(value);
}
