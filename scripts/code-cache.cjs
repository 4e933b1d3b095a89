// Make dist/cli.cjs.cache (run by scripts/build.mjs in a plain `node`): load the CLI as the executable
// does, run the plans users run most, then save the code V8 compiled for them, headed by the build id.
"use strict";
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { load, ID_BYTES } = require("../bin/heirloom-plan.cjs");

(async () => {
  const { cli, script, id } = load();
  for (const args of [["--users", "1000000", "--format", "json"], ["--users", "1000000"]]) {
    await cli.run(args);
    if (process.exitCode) throw new Error(`heirloom-plan ${args.join(" ")} exited ${process.exitCode}`);
  }
  const header = Buffer.alloc(ID_BYTES, " ");
  header.write(id, "latin1");
  writeFileSync(join(__dirname, "..", "dist", "cli.cjs.cache"), Buffer.concat([header, script.createCachedData()]));
})().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
