// Text that fits a terminal: its width, word wrapping, and boxed tables laid out to that width.
// cli-table3 draws the boxes; the layout (column widths, wrapping) is decided here, once, so that
// cli-table3 does no per-cell measuring or wrapping of its own.
import { escapeTerminal } from "./escape.js";

/** The narrowest layout the tables are designed for. */
export const MIN_WIDTH = 80;
/** Wider than this, lines get hard to read: tables stop growing. */
export const MAX_WIDTH = 160;

/**
 * The width to lay text out in: `COLUMNS` where set, else the terminal's width, else 80
 * (not a terminal: a file, a pipe, CI). Never below 80 (the narrowest supported) nor above 160.
 */
export function terminalWidth(env: NodeJS.ProcessEnv, stdout: { isTTY?: boolean; columns?: number }): number {
  const fromEnv = Number(env.COLUMNS);
  const cols = env.COLUMNS && Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : stdout.isTTY && stdout.columns ? stdout.columns : MIN_WIDTH;
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, cols));
}

const PLAIN = /^[\x20-\x7e\u00a0-\u02ff\u2010-\u2027\u2190-\u21ff\u2500-\u257f\u2260-\u2265]*$/;

/** Columns a string takes in a terminal (no ANSI codes expected; the few wide characters we print count 2). */
export function displayWidth(s: string): number {
  if (PLAIN.test(s)) return s.length; // ASCII, Latin, ×, –, …, arrows, box lines, ≥: one column each
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0xfe0f || c === 0x200d) continue; // variation selector, joiner
    w += c >= 0x1f300 || (c >= 0x2600 && c <= 0x27bf && c !== 0x2713) ? 2 : 1;
  }
  return w;
}

/** Word-wrap to `width` columns; words longer than a line are cut. `indent` starts every line after the first. */
export function wrap(text: string, width: number, indent = ""): string[] {
  const out: string[] = [];
  // Text from input (a profile's name, a price file's words) is shown, never obeyed: controls made visible first.
  for (const para of text.split("\n").map(escapeTerminal)) {
    let line = "";
    let lineWidth = 0;
    const room = () => width - (out.length > 0 ? indent.length : 0);
    const push = (l: string) => out.push(out.length > 0 ? indent + l : l);
    for (let word of para.split(" ")) {
      if (word === "") continue;
      let w = displayWidth(word);
      while (w > room()) {
        if (line) {
          push(line);
          line = "";
          lineWidth = 0;
        }
        const cut = Math.max(1, room());
        push(word.slice(0, cut));
        word = word.slice(cut);
        w = displayWidth(word);
      }
      if (!line) {
        line = word;
        lineWidth = w;
      } else if (lineWidth + 1 + w <= room()) {
        line += ` ${word}`;
        lineWidth += 1 + w;
      } else {
        push(line);
        line = word;
        lineWidth = w;
      }
    }
    push(line);
  }
  return out;
}

export interface BoxOptions {
  /** The total width the table may take, borders included. */
  width: number;
  /** Columns that may wrap, in the order they give up width (the first shrinks first). Default: the last column. */
  wrap?: number[];
  /** The narrowest a wrapping column goes. */
  minWrapWidth?: number;
  /** A style for the head cells (bold), applied after layout. */
  styleHead?: (s: string) => string;
  /** A style per body cell, applied after layout (colour). */
  styleCell?: (text: string, row: number, col: number) => string;
}

type TableCtor = typeof import("cli-table3");
let Table: TableCtor | undefined;

/** Load cli-table3 once (only the table formats need it). */
export async function loadTable(): Promise<void> {
  Table ??= (await import("cli-table3")).default;
}

/** The column widths (content only) that fit `width`: wrapping columns shrink first, never below their longest word; then the widest. */
export function layoutColumns(head: string[], rows: string[][], opts: BoxOptions): number[] {
  const cellsOf = (i: number) => [head[i], ...rows.map((r) => r[i] ?? "")].flatMap((c) => c.split("\n"));
  const natural = head.map((_, i) => Math.max(...cellsOf(i).map((c) => displayWidth(escapeTerminal(c))), 1));
  // A column's floor: its longest word (a figure is never broken), the head's words included.
  const floor = head.map((_, i) => Math.max(...cellsOf(i).flatMap((c) => c.split(" ")).map(displayWidth), opts.minWrapWidth ?? 0));
  const overhead = 3 * head.length + 1; // "│ " + " │ " ... " │"
  const widths = [...natural];
  let excess = widths.reduce((a, b) => a + b, 0) + overhead - opts.width;
  const order = opts.wrap ?? [head.length - 1];
  // First the heads wrap (a column no narrower than its widest body cell), then the bodies, down to their longest word.
  const body = head.map((_, i) => Math.max(...rows.map((r) => r[i] ?? "").flatMap((c) => c.split("\n")).map(displayWidth), 1));
  for (const soft of [true, false]) {
    for (const col of order) {
      if (excess <= 0) break;
      const to = Math.min(natural[col], soft ? Math.max(floor[col], body[col]) : floor[col]);
      const give = Math.min(excess, Math.max(0, widths[col] - to));
      widths[col] -= give;
      excess -= give;
    }
  }
  while (excess > 0) {
    // Still too wide: words must break, in prose first (the wrapping columns, not below 8), then the widest column.
    const prose = order.filter((c) => widths[c] > 8).sort((a, b) => widths[b] - widths[a])[0];
    const widest = prose ?? widths.indexOf(Math.max(...widths));
    if (widths[widest] <= 6) break;
    widths[widest]--;
    excess--;
  }
  return widths;
}

/** A boxed table that fits `opts.width`: cells wrapped here, drawn by cli-table3 (call loadTable() first). */
export function boxTable(head: string[], rows: string[][], opts: BoxOptions): string {
  if (!Table) throw new Error("bug: boxTable before loadTable()");
  const widths = layoutColumns(head, rows, opts);
  const cell = (text: string, w: number) => wrap(text, w).join("\n");
  const t = new Table({
    head: head.map((h, i) => (opts.styleHead ? cell(h, widths[i]).split("\n").map((l) => opts.styleHead!(l)).join("\n") : cell(h, widths[i]))),
    colWidths: widths.map((w) => w + 2),
    wordWrap: false,
    style: { head: [], border: [], compact: true },
  });
  for (let r = 0; r < rows.length; r++) {
    t.push(rows[r].map((c, i) => (opts.styleCell ? cell(c, widths[i]).split("\n").map((l) => opts.styleCell!(l, r, i)).join("\n") : cell(c, widths[i]))));
  }
  return t.toString();
}

/** Lines of "label text" with the text wrapped under itself: "  warn guide: …". */
export function hanging(prefix: string, text: string, width: number): string[] {
  const pad = " ".repeat(displayWidth(prefix));
  return wrap(text, width - pad.length).map((l, i) => (i === 0 ? prefix : pad) + l);
}

/**
 * Columns aligned to the widest cell, in one pass; the `flex` columns wrap so that a row fits `width`
 * (the others keep their width: a sweep with --details may be wider than the terminal, as asked).
 */
export function alignColumnsToWidth(rows: string[][], width: number, flex: number[]): string[] {
  const widths = rows[0].map((_, i) => {
    let w = 0;
    for (const r of rows) w = Math.max(w, displayWidth(r[i]));
    return w;
  });
  const fixed = widths.reduce((a, w, i) => a + (flex.includes(i) ? 0 : w), 0) + 2 * (widths.length - 1);
  const wanted = flex.reduce((a, i) => a + widths[i], 0);
  const room = width - fixed;
  if (wanted > room) {
    // Share the room like water: the narrowest flexible columns keep their width, the rest split what is left.
    let left = room;
    const byWidth = [...flex].sort((a, b) => widths[a] - widths[b]);
    byWidth.forEach((col, k) => {
      const share = Math.max(8, Math.floor(left / (byWidth.length - k)));
      widths[col] = Math.min(widths[col], share);
      left -= widths[col];
    });
  }
  const out: string[] = [];
  const pad = (s: string, w: number) => s + " ".repeat(Math.max(0, w - displayWidth(s)));
  for (const r of rows) {
    const cells = r.map((c, i) => (flex.includes(i) ? wrap(c, widths[i]) : [c]));
    const height = Math.max(...cells.map((c) => c.length));
    for (let k = 0; k < height; k++) out.push(cells.map((c, i) => pad(c[k] ?? "", widths[i])).join("  ").trimEnd());
  }
  return out;
}
