// Build the CLI into one CommonJS file (dist/cli.cjs) and a V8 code cache of it (dist/cli.cjs.cache),
// so that a plan starts without parsing or compiling its code (bin/heirloom-plan.cjs loads both).
// Why CommonJS: on Node 20 only a script compiled through node:vm takes a code cache; an ES module cannot.
// The AWS SDK and autocannon stay external: each is required only by the command that needs it.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

/**
 * Node built-ins that a plan never uses but whose modules import them at the top (commander and the
 * AWS credentials guard import child_process, which loads net and streams; the file writer imports crypto):
 * they are required on first use instead.
 */
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    b.onResolve({ filter: /^(node:)?(child_process|crypto)$/ }, (args) =>
      args.namespace === "lazy-builtin" ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ""), namespace: "lazy-builtin" },
    );
    // Each export is a getter that requires the module on first use; so copying the exports (as an ES import
    // of a CommonJS module does) loads nothing.
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, async (args) => {
      const names = Object.keys(await import(`node:${args.path}`)).filter((k) => k !== "default");
      return {
        loader: "js",
        contents: `let m; const real = () => (m ??= require("node:${args.path}"));
for (const k of ${JSON.stringify(names)}) Object.defineProperty(module.exports, k, { enumerable: true, configurable: true, get: () => real()[k], set: (v) => { real()[k] = v; } });`,
      };
    });
  },
};

/**
 * cli-table3 as it draws our tables, without work per cell that changes nothing: each cell's draw truncated
 * its text to 10 characters for a debug message that is never shown (a regex split per line), strlen built a
 * regex and measured each line twice, and setOption split and re-capitalised the same 18 option names per
 * cell. Same output (test/unit/registry.test.ts and the e2e tables compare it); the build fails if
 * cli-table3's code is not what these patches expect.
 */
const cheapTables = {
  name: "cheap-cli-table3",
  setup(b) {
    const patches = {
      "cell.js": [
        [
          "    let content = utils.truncate(this.content, 10, this.truncate);\n    if (!lineNum) {\n      info(`${this.y}-${this.x}: ${this.rowSpan - lineNum}x${this.colSpan} Cell ${content}`);\n    } else {",
          "    if (!lineNum) {\n    } else {",
        ],
        [
          "function setOption(objA, objB, nameB, targetObj) {\n  let nameA = nameB.split('-');\n  if (nameA.length > 1) {\n    nameA[1] = nameA[1].charAt(0).toUpperCase() + nameA[1].substr(1);\n    nameA = nameA.join('');",
          "const camelNames = new Map();\nfunction setOption(objA, objB, nameB, targetObj) {\n  let nameA = camelNames.get(nameB);\n  if (nameA === undefined) {\n    const parts = nameB.split('-');\n    nameA = parts.length > 1 ? parts[0] + parts[1].charAt(0).toUpperCase() + parts[1].substr(1) : null;\n    camelNames.set(nameB, nameA);\n  }\n  if (nameA !== null) {",
        ],
      ],
      "utils.js": [
        [
          "function strlen(str) {\n  let code = codeRegex();\n  let stripped = ('' + str).replace(code, '');\n  let split = stripped.split('\\n');\n  return split.reduce(function (memo, s) {\n    return stringWidth(s) > memo ? stringWidth(s) : memo;\n  }, 0);\n}",
          "function strlen(str) {\n  let stripped = '' + str;\n  if (stripped.includes('\\u001b')) stripped = stripped.replace(codeRegex(), '');\n  let max = 0;\n  for (const s of stripped.split('\\n')) {\n    const w = stringWidth(s);\n    if (w > max) max = w;\n  }\n  return max;\n}",
        ],
      ],
    };
    b.onLoad({ filter: /[\\/]cli-table3[\\/]src[\\/](cell|utils)\.js$/ }, async (args) => {
      let text = readFileSync(args.path, "utf8");
      for (const [from, to] of patches[args.path.split(/[\\/]/).pop()]) {
        if (!text.includes(from)) throw new Error(`cli-table3 changed: ${args.path} no longer has ${JSON.stringify(from.slice(0, 60))}`);
        text = text.replace(from, to);
      }
      return { contents: text, loader: "js" };
    });
  },
};

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  minify: !process.env.HP_NO_MINIFY,
  sourcemap: false,
  legalComments: "none",
  charset: "ascii",
  logLevel: "warning",
  // cli-table3 measures every cell with string-width, which builds a large emoji regex on each call:
  // the same function without that (scripts/string-width-fast.cjs) makes a table cost what it draws.
  alias: { "string-width": "./scripts/string-width-fast.cjs" },
};

rmSync("dist", { recursive: true, force: true });
await build({
  ...common,
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/cli.cjs",
  format: "cjs",
  external: ["@aws-sdk/*", "@smithy/*", "autocannon"],
  // The lazy import()s (commands, YAML, cli-table3, chalk, the SDK, autocannon) become require() on first
  // use: one file, one code cache, and code that does not run is never compiled.
  supported: { "dynamic-import": false },
  define: { "import.meta.url": "__hpModuleUrl" },
  banner: { js: 'const __hpModuleUrl=require("node:url").pathToFileURL(__filename).href;' },
  plugins: [lazyBuiltins, cheapTables],
});

// The loader reads the file as latin1 (one byte a character): it must be ASCII.
let source = readFileSync("dist/cli.cjs", "latin1");
const nonAscii = /[^\x00-\x7f]/.exec(source);
if (nonAscii) throw new Error(`dist/cli.cjs has a non-ASCII character at ${nonAscii.index}: write it as \\u escape in the source`);
// A build id ties the code cache to this exact file (V8 itself checks only the length of the source).
source += `\n//# hp-build=${createHash("sha256").update(source).digest("hex").slice(0, 32)}\n`;
writeFileSync("dist/cli.cjs", source, "latin1");

// The built-in profiles, validated and compiled, so a plan needs no YAML parser to start.
const tmp = mkdtempSync(join(tmpdir(), "heirloom-build-"));
try {
  const compiler = join(tmp, "compile-profiles.mjs");
  await build({ ...common, entryPoints: ["src/io/profile-yaml.ts"], outfile: compiler, format: "esm", minify: false, banner: { js: 'import{createRequire as __r}from"node:module";const require=__r(import.meta.url);' } });
  const { compileProfiles } = await import(compiler);
  const names = readdirSync("profiles").filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -5));
  writeFileSync("dist/profiles.json", JSON.stringify(await compileProfiles("profiles", names)));

  // The model files, checked with their schemas; a plan does not check again a file the build checked.
  const checker = join(tmp, "check-models.mjs");
  await build({ ...common, entryPoints: ["src/io/models.ts"], outfile: checker, format: "esm", minify: false, define: { "import.meta.url": JSON.stringify(new URL("../src/io/models.ts", import.meta.url).href) } });
  const { checkModels } = await import(checker);
  writeFileSync("dist/models.json", JSON.stringify(checkModels()));

  // The code cache: run the plans a user runs most (JSON and the table) in a plain `node`, then save what
  // V8 compiled. A plain node, because V8 refuses a cache made under other flags.
  const env = { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: tmp, AWS_EC2_METADATA_DISABLED: "true" };
  for (const k of ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "NODE_OPTIONS"]) delete env[k];
  const r = spawnSync(process.execPath, ["scripts/code-cache.cjs"], { env, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`making the code cache failed (exit ${r.status}): ${r.stderr || r.error}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
