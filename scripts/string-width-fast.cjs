// string-width, as cli-table3 asks it for every cell (several times a cell), without building the
// emoji and ANSI regular expressions on each call: text without emoji or wide characters (all of ours in a
// table) is measured by a loop; anything else goes the original way. Bundled in place of
// string-width by scripts/build.mjs; same results.
"use strict";
const ansiRegex = require("ansi-regex");
const isFullwidthCodePoint = require("is-fullwidth-code-point");
const emojiRegex = require("emoji-regex");

let emoji;
let ansi;
const NARROW = /^[\u0000-\u10ff\u1200-\u2e7f\ufe00-\ufe0f\uff61-\uffdc]*$/;

function stringWidth(string) {
  if (typeof string !== "string" || string.length === 0) return 0;
  // strip-ansi builds its regex on each call too: only text with an escape needs it, and one will do.
  if (string.includes("\u001b") || string.includes("\u009b")) string = string.replace((ansi ??= ansiRegex()), "");
  if (string.length === 0) return 0;
  // Emoji and wide characters live outside these ranges (or in the surrogates): only then the regex.
  if (!NARROW.test(string) || /[\u2600-\u27bf]/.test(string)) string = string.replace((emoji ??= emojiRegex()), "  ");
  let width = 0;
  for (let i = 0; i < string.length; i++) {
    const code = string.codePointAt(i);
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) continue;
    if (code >= 0x300 && code <= 0x36f) continue;
    if (code > 0xffff) i++;
    width += isFullwidthCodePoint(code) ? 2 : 1;
  }
  return width;
}

module.exports = stringWidth;
module.exports.default = stringWidth;
