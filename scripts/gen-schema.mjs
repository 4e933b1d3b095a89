// Write schema/report.schema.json and schema/calibration.schema.json from their zod schemas in src/core.
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
  const calibration = join(tmp, "calibration-schema.mjs");
  await build({ entryPoints: ["src/core/calibrate/report-schema.ts"], outfile: calibration, bundle: true, platform: "node", format: "esm", logLevel: "warning" });
  const { calibrationJsonSchema } = await import(calibration);
  writeFileSync("schema/calibration.schema.json", JSON.stringify(calibrationJsonSchema(), null, 2) + "\n");
  console.log("wrote schema/calibration.schema.json");
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
