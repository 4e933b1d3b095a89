// Build the CLI into one ESM file (dist/cli.js): fast start, no TypeScript loader at run time.
// The AWS SDK stays external: it is imported lazily, only when AWS prices are fetched.
import { build } from "esbuild";

await build({
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/cli.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  external: ["@aws-sdk/*", "@smithy/*"],
  // Some bundled CommonJS (yaml, cli-table3) calls require() for Node built-ins.
  banner: { js: 'import{createRequire as __hpRequire}from"node:module";const require=__hpRequire(import.meta.url);' },
  logLevel: "warning",
});
