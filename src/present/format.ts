// Number formatting for people. Figures stay unrounded everywhere else; rounding happens here.
// Hand-rolled rather than toLocaleString: Intl's first use costs more than a whole plan.
import { GB_PER_TB } from "../core/units.js";
import { escapeMarkdown } from "./escape.js";

/** "1234567.5" -> "1,234,567.5" */
function group(fixed: string): string {
  const [int, frac] = fixed.split(".");
  const sign = int.startsWith("-") ? "-" : "";
  const digits = sign ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${grouped}${frac !== undefined ? `.${frac}` : ""}`;
}

/** Fixed to `max` decimals, trailing zeros dropped down to `min` decimals. */
function fixed(n: number, min: number, max: number): string {
  let s = n.toFixed(max);
  if (max > min && s.includes(".")) {
    const keep = s.indexOf(".") + 1 + min;
    let end = s.length;
    while (end > keep && s[end - 1] === "0") end--;
    s = s.slice(0, end);
    if (s.endsWith(".")) s = s.slice(0, -1);
  }
  return s === "-0" ? "0" : s;
}

/** $1,234.56 */
export function usd(n: number): string {
  const s = group(fixed(Math.abs(n), 2, 2));
  return `${n < 0 && s !== "0.00" ? "-" : ""}$${s}`;
}

/** A unit price with as many decimals as it has, up to 6: $0.0416, $0.115, $30.00. */
export function unitUSD(n: number): string {
  const digits = Math.min(6, Math.max(2, (String(n).split(".")[1] ?? "").length));
  return `$${group(fixed(n, 2, digits))}`;
}

/** 1,234,567 or 11.57: whole numbers plain, others to at most `digits` decimals. */
export function num(n: number, digits = 2): string {
  if (Number.isInteger(n)) return group(n.toFixed(0));
  return group(fixed(n, 0, digits));
}

/** A GB figure with a TB/PB gloss where it helps: "10,000,000 GB (10 PB)", in the guide's decimal units. */
export function gb(n: number): string {
  const pb = GB_PER_TB * 1000;
  const gloss = n >= pb ? ` (${num(n / pb)} PB)` : n >= GB_PER_TB ? ` (${num(n / GB_PER_TB)} TB)` : "";
  return `${num(n)} GB${gloss}`;
}

/** A signed percentage: +12.3% */
export function pct(n: number, digits = 1): string {
  return `${n >= 0 ? "+" : ""}${n.toFixed(digits)}%`;
}

/** A markdown table cell: pipes escaped, one line. */
export const mdCell = (s: string) => escapeMarkdown(s.replace(/\n/g, " "));

/** A GitHub-flavoured markdown table. */
export function mdTable(head: string[], rows: string[][]): string {
  return [`| ${head.map(mdCell).join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(mdCell).join(" | ")} |`)].join("\n");
}

/** Rows of plain-text columns, each padded to its widest cell (no trailing spaces). */
export function alignColumns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
}

/** Signed money, the one way: "+$108.00", "-$0.36", with a percentage where there is one: "+$108.00 (+4.9%)". */
export function signedUSD(n: number, percent?: number | null): string {
  const money = `${n < 0 && usd(n) !== "$0.00" ? "-" : "+"}${usd(Math.abs(n))}`;
  return percent === null || percent === undefined ? money : `${money} (${pct(percent)})`;
}

/** A CSV field, the one way: quoted where it holds a comma, quote or newline. */
export function csvField(v: string | number | boolean | null | undefined): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Money in CSV: rounded to the cent, no grouping ("850.00"); empty for no price. */
export function csvUSD(n: number | null | undefined): string {
  if (n === null || n === undefined) return "";
  const s = (Math.round(n * 100) / 100).toFixed(2);
  return s === "-0.00" ? "0.00" : s;
}

/** Rows of fields as CSV text. */
export function csvRows(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return rows.map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}
