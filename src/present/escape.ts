// Strings from input (profile names and paths, price descriptions from a snapshot file) escaped for the medium
// they reach: one function per medium. A newline in a profile's file name must not start a directive in
// deploy/nginx.conf, an ESC must not drive the terminal, a "<script>" must not reach a PR comment as HTML.

import { showControlChars, showControlCharsKeepingLines } from "../core/control-chars.js";

/** For one line of a terminal (a table cell, a header, a line on stderr): every control character shown, never obeyed. */
export const escapeTerminal = showControlChars;

/**
 * A whole rendered text for a terminal: newlines kept, our colour sequences (SGR) kept, every other control
 * character shown as text. The boundary guard for renderers that forgot to escape a string from input.
 */
export const sanitizeTerminalText = showControlCharsKeepingLines;

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
