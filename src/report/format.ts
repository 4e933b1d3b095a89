// Number formatting for people. Figures stay unrounded everywhere else; rounding happens here.

/** $1,234.56 */
export function usd(n: number): string {
  const sign = n < 0 ? "-" : "";
  return `${sign}$${Math.abs(n).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A unit price with as many decimals as it has, up to 6: $0.0416, $0.115, $30.00. */
export function unitUSD(n: number): string {
  const digits = Math.min(6, Math.max(2, (String(n).split(".")[1] ?? "").length));
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: Math.min(digits, 2), maximumFractionDigits: digits })}`;
}

/** 1,234,567 or 11.57: whole numbers plain, others to `digits` decimals. */
export function num(n: number, digits = 2): string {
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  return n.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

/** A GB figure with a TB/PB gloss where it helps: "10,000,000 GB (10 PB)". */
export function gb(n: number): string {
  const gloss = n >= 1e6 ? ` (${num(n / 1e6)} PB)` : n >= 1e3 ? ` (${num(n / 1e3)} TB)` : "";
  return `${num(n)} GB${gloss}`;
}

/** A signed percentage: +12.3% */
export function pct(n: number, digits = 1): string {
  return `${n >= 0 ? "+" : ""}${n.toFixed(digits)}%`;
}
