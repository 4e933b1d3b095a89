// Build the CLI into one ESM file (dist/cli.js): fast start, no TypeScript loader at run time.
// The AWS SDK and autocannon stay external: each is imported lazily, only by the command that needs it.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  external: ["@aws-sdk/*", "@smithy/*", "autocannon"],
  // Some bundled CommonJS (yaml, cli-table3) calls require() for Node built-ins.
  banner: { js: 'import{createRequire as __hpRequire}from"node:module";const require=__hpRequire(import.meta.url);' },
  logLevel: "warning",
  // cli-table3 measures every cell with string-width, which builds a large emoji regex on each call:
  // the same function without that (scripts/string-width-fast.cjs) makes a table cost what it draws.
  alias: { "string-width": "./scripts/string-width-fast.cjs" },
};

// Split at the lazy imports: a plan parses only the code it runs (no YAML parser, table renderer
// or colour library unless asked for).
rmSync("dist", { recursive: true, force: true });
await build({ ...common, entryPoints: { cli: "src/cli/main.ts" }, outdir: "dist", splitting: true, chunkNames: "chunks/[name]-[hash]" });

// The built-in profiles, validated and compiled, so a plan needs no YAML parser to start.
const { tmpdir } = await import("node:os");
const { join } = await import("node:path");
const tmp = mkdtempSync(join(tmpdir(), "heirloom-build-"));
try {
  const compiler = join(tmp, "compile-profiles.mjs");
  await build({ ...common, entryPoints: ["src/io/profile-yaml.ts"], outfile: compiler, minify: false });
  const { compileProfiles } = await import(compiler);
  const names = readdirSync("profiles").filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -5));
  writeFileSync("dist/profiles.json", JSON.stringify(await compileProfiles("profiles", names)));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
