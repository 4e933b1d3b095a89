// Control characters in text from input (file names, profile values, price files), made visible (pure).
// A newline must not start a line of a generated config, an escape sequence must not drive a terminal.
// present/escape.ts builds each medium's escaping on these; io uses them at its boundaries.

// C0 controls, DEL, C1 controls, and the bidirectional overrides/isolates that reorder what a reader sees.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A visible stand-in for an unsafe character: \n, \t, \r, or \u{hex}. */
function visible(ch: string): string {
  if (ch === "\n") return "\\n";
  if (ch === "\t") return "\\t";
  if (ch === "\r") return "\\r";
  return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}

/** One line with every control character shown as text, never obeyed. */
export function showControlChars(text: string): string {
  return text.replace(UNSAFE, visible);
}

// Our own colour (chalk's SGR sequences: ESC [ params m) is the only escape sequence output may carry;
// every other unsafe character but the newline is shown.
const SGR_OR_UNSAFE = /\u001b\[[0-9;]*m|[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A whole rendered text for a terminal: newlines kept, colour sequences (SGR) kept, every other control
 * character shown as text.
 */
export function showControlCharsKeepingLines(text: string): string {
  return text.replace(SGR_OR_UNSAFE, (m) => (m.length > 1 ? m : visible(m)));
}
