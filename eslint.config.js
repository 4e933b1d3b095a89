// The layer rule (docs/architecture.md): src/core is pure and imports neither the world (src/io), the words
// (src/present), the wiring (src/cli) nor Node's built-ins; src/io and src/present do not import each other
// or the CLI. `npm test` runs it (npm run lint); a bad import fails the build.
import tseslint from "typescript-eslint";

const nodeBuiltins = ["node:*", "fs", "fs/*", "path", "os", "child_process", "http", "https", "net", "url", "crypto", "process", "stream", "util"];
const layer = (name) => ({ group: [`**/${name}/*`, `**/${name}/**`], message: `this layer must not import src/${name} (docs/architecture.md)` });

export default [
  { ignores: ["dist/**", "node_modules/**", "templates/**", "test/**", "scripts/**", "bin/**", "schema/**"] },
  {
    files: ["src/**/*.ts"],
    languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: "module" } },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [layer("io"), layer("present"), layer("cli"), { group: nodeBuiltins, message: "src/core is pure: no Node built-ins (docs/architecture.md)" }] },
      ],
    },
  },
  { files: ["src/io/**/*.ts"], rules: { "no-restricted-imports": ["error", { patterns: [layer("present"), layer("cli")] }] } },
  { files: ["src/present/**/*.ts"], rules: { "no-restricted-imports": ["error", { patterns: [layer("io"), layer("cli"), { group: nodeBuiltins, message: "src/present makes text: no I/O (docs/architecture.md)" }] }] } },
];
