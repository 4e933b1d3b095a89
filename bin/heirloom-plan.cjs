#!/usr/bin/env node
// The thin executable. The CLI is one CommonJS file (dist/cli.cjs) compiled with the V8 code cache
// the build made beside it (dist/cli.cjs.cache): a plan then starts without parsing or compiling
// its code. The cache is used only when it was made from this very file (the build id at the end
// of the file matches the one at the start of the cache) and V8 accepts it (same Node build);
// otherwise the file is compiled as usual.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { Script } = require("node:vm");
const { createRequire } = require("node:module");

const dist = join(__dirname, "..", "dist");
const file = join(dist, "cli.cjs");
const ID_BYTES = 64;

/** Compile and evaluate dist/cli.cjs; returns its exports and the compiled script (for the build's cache). */
function load() {
  // The build checks that the file is ASCII, so latin1 reads it exactly (and faster than utf8).
  const source = readFileSync(file, "latin1");
  const id = source.slice(source.lastIndexOf("\n//# hp-build=") + 1).trim();
  let cachedData;
  try {
    const cache = readFileSync(`${file}.cache`);
    if (cache.subarray(0, ID_BYTES).toString("latin1").trimEnd() === id) cachedData = cache.subarray(ID_BYTES);
  } catch {
    // no cache: compile as usual
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  // The name stack traces show. A fixed one: a script from the cache keeps the name it was compiled under,
  // which would be the build's path, not this install's.
  const script = new Script(wrapper, { filename: "heirloom-plan/dist/cli.cjs", cachedData });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, dist);
  return { cli: mod.exports, script, id, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

if (require.main === module) {
  load().cli.run(process.argv.slice(2));
} else {
  module.exports = { load, ID_BYTES };
}
