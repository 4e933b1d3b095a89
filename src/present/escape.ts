// Strings from input (profile names and paths, price descriptions from a snapshot file) escaped for the medium
// they reach: one function per medium. A newline in a profile's file name must not start a directive in
// deploy/nginx.conf, an ESC must not drive the terminal, a "<script>" must not reach a PR comment as HTML.

// C0 controls, DEL, C1 controls, and the bidirectional overrides/isolates that reorder what a reader sees.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A visible stand-in for an unsafe character: \n, \t, \r, or \u{hex}. */
function visible(ch: string): string {
  if (ch === "\n") return "\\n";
  if (ch === "\t") return "\\t";
  if (ch === "\r") return "\\r";
  return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}

/** For one line of a terminal (a table cell, a header): every control character shown, never obeyed. */
export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, visible);
}

// Our own colour (chalk's SGR sequences: ESC [ params m) is the only escape sequence a report may carry.
const SGR = /\u001b\[[0-9;]*m/y;

/**
 * A whole rendered text for a terminal: newlines kept, our colour sequences (SGR) kept, every other control
 * character shown as text. The boundary guard for renderers that forgot to escape a string from input.
 */
export function sanitizeTerminalText(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\u001b") {
      SGR.lastIndex = i;
      const m = SGR.exec(text);
      if (m) {
        out += m[0];
        i += m[0].length - 1;
        continue;
      }
    }
    out += ch === "\n" ? ch : ch.replace(UNSAFE, visible);
  }
  return out;
}

/**
 * For inline markdown (GitHub's: a PR comment, a README, a table cell): HTML and markdown punctuation escaped,
 * one line, pipes escaped so a table cell stays one cell.
 */
export function escapeMarkdown(text: string): string {
  return escapeTerminal(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]{}|#!~])/g, "\\$1");
}

/** For HTML text or an attribute value (the SVG chart's labels). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/**
 * For a `#` comment in a line-oriented config file (nginx, redis.conf, shell, YAML): one line, so nothing after
 * it can become a directive. nginx also ends a comment at nothing else; redis.conf likewise.
 */
export function escapeConfigComment(text: string): string {
  return escapeTerminal(text);
}

/** For nginx.conf: a comment's text (see escapeConfigComment). */
export const escapeNginxComment = escapeConfigComment;
/** For redis.conf: a comment's text (see escapeConfigComment). */
export const escapeRedisComment = escapeConfigComment;
