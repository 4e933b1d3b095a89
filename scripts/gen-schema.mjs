// Write schema/report.schema.json from the zod schema in src/core/report-schema.ts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const tmp = mkdtempSync(join(tmpdir(), "heirloom-schema-"));
try {
  const out = join(tmp, "schema.mjs");
  await build({ entryPoints: ["src/core/report-schema.ts"], outfile: out, bundle: true, platform: "node", format: "esm", logLevel: "warning" });
  const { reportJsonSchema } = await import(out);
  mkdirSync("schema", { recursive: true });
  writeFileSync("schema/report.schema.json", JSON.stringify(reportJsonSchema(), null, 2) + "\n");
  console.log("wrote schema/report.schema.json");
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
