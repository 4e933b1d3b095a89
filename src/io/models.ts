// Reading the data in models/: the instance catalogue, the guide's price book and statements. Each file is
// parsed with its core schema, so a damaged install is one clear line, never a TypeError.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as z from "zod/mini";
import {
  CatalogueSchema,
  GuidePriceDataSchema,
  GuideStatementsSchema,
  type Catalogue,
  type CatalogueFamily,
  type GuidePriceData,
  type GuideStatements,
  type InstanceSpec,
} from "../core/catalogue.js";
import type { PlanData } from "../core/plan.js";
import { withoutPrototypes } from "../core/lookup.js";
import { packageRoot } from "./paths.js";

export type { Catalogue, CatalogueFamily, GuidePriceData, GuideStatements, InstanceSpec };

/** Read a JSON file of models/ (as data to be parsed by a schema). */
export function readModel<T = unknown>(file: string): T {
  // Without prototypes: a name from input (--region constructor) never finds an inherited key.
  return withoutPrototypes(JSON.parse(readFileSync(join(packageRoot(), "models", file), "utf8")) as T);
}

/** Read a model file and parse it with its schema; a file that does not fit is a broken install. */
export function loadModel<S extends z.ZodMiniType>(file: string, schema: S): z.output<S> {
  const result = schema.safeParse(readModel(file));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`heirloom-plan: models/${file} is damaged (${issue.path.join(".") || "top level"}: ${issue.message}); reinstall the package`);
  }
  // zod's output objects have prototypes again: take them away, so every lookup is own keys only.
  return withoutPrototypes(result.data);
}

export const loadCatalogue = (): Catalogue => loadModel("catalogue.json", CatalogueSchema);
export const loadGuidePrices = (): GuidePriceData => loadModel("guide-prices.json", GuidePriceDataSchema);
export const loadGuideStatements = (): GuideStatements => loadModel("guide-statements.json", GuideStatementsSchema);

/** The data a plan reads from models/, given the catalogue already loaded. */
export function loadPlanData(catalogue: Catalogue = loadCatalogue()): PlanData & { guidePrices: GuidePriceData } {
  return { catalogue, statements: loadGuideStatements(), guidePrices: loadGuidePrices() };
}
