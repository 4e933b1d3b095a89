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

// Our own colour (chalk's SGR sequences: ESC [ params m) is the only escape sequence output may carry.
const SGR = /\u001b\[[0-9;]*m/y;

/**
 * A whole rendered text for a terminal: newlines kept, colour sequences (SGR) kept, every other control
 * character shown as text.
 */
export function showControlCharsKeepingLines(text: string): string {
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
