// Reading the data in models/: the instance catalogue, the guide's price book and statements. Each file is
// parsed with its core schema, so a damaged install is one clear line, never a TypeError. The build checks the
// files it ships and keeps the text it checked (dist/models.json): a file whose text is still that one is not
// checked again (a plan then builds no schema); an edited file is checked in full.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as z from "zod/mini";
import {
  catalogueSchemas,
  type Catalogue,
  type CatalogueFamily,
  type GuidePriceData,
  type GuideStatements,
  type InstanceSpec,
} from "../core/catalogue.js";
import type { PlanData } from "../core/plan.js";
import { HeirloomError } from "../core/errors.js";
import { withoutPrototypes } from "../core/lookup.js";
import { packageRoot } from "./paths.js";

export type { Catalogue, CatalogueFamily, GuidePriceData, GuideStatements, InstanceSpec };

/** Read a JSON file of models/ (as data to be parsed by a schema). */
export function readModel<T = unknown>(file: string): T {
  return parseModelText<T>(readModelText(file));
}

const readModelText = (file: string) => readFileSync(join(packageRoot(), "models", file), "utf8");
// Without prototypes: a name from input (--region constructor) never finds an inherited key.
const parseModelText = <T>(text: string): T => withoutPrototypes(JSON.parse(text) as T);

/** The model files the build checked, by name: the text it checked (dist/models.json); empty without a build. */
let checkedAtBuild: Record<string, string> | undefined;
function buildChecked(): Record<string, string> {
  if (checkedAtBuild) return checkedAtBuild;
  try {
    const read = JSON.parse(readFileSync(join(packageRoot(), "dist", "models.json"), "utf8")) as unknown;
    checkedAtBuild = read && typeof read === "object" ? withoutPrototypes(read as Record<string, string>) : {};
  } catch {
    checkedAtBuild = {};
  }
  return checkedAtBuild;
}

/** The models the build checks, with their schemas. */
const MODELS = {
  "catalogue.json": () => catalogueSchemas().CatalogueSchema,
  "guide-prices.json": () => catalogueSchemas().GuidePriceDataSchema,
  "guide-statements.json": () => catalogueSchemas().GuideStatementsSchema,
} as const;
type ModelFile = keyof typeof MODELS;
type ModelOf<F extends ModelFile> = z.output<ReturnType<(typeof MODELS)[F]>>;

/**
 * For the build: check every model file with its schema and return the texts checked. A file whose checked
 * value differs from its text (a key the schema drops) is left out, so it is always checked.
 */
export function checkModels(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of Object.keys(MODELS) as ModelFile[]) {
    const text = readModelText(file);
    const data = parseModelText(text);
    if (sameData(checkModel(file, data, MODELS[file]()), data)) out[file] = text;
  }
  return out;
}

/** Deep equality of JSON data, whatever the order of keys. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Read a model file: as the build checked it, or parsed with its schema; a file that does not fit is a broken install. */
function loadModel<F extends ModelFile>(file: F): ModelOf<F> {
  const text = readModelText(file);
  const data = parseModelText<ModelOf<F>>(text);
  if (buildChecked()[file] === text) return data;
  return checkModel(file, data, MODELS[file]()) as ModelOf<F>;
}

function checkModel<S extends z.ZodMiniType>(file: string, data: unknown, schema: S): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new HeirloomError(`models/${file} is damaged (${issue.path.join(".") || "top level"}: ${issue.message}); reinstall the package`);
  }
  // zod's output objects have prototypes again: take them away, so every lookup is own keys only.
  return withoutPrototypes(result.data);
}

export const loadCatalogue = (): Catalogue => loadModel("catalogue.json");
export const loadGuidePrices = (): GuidePriceData => loadModel("guide-prices.json");
export const loadGuideStatements = (): GuideStatements => loadModel("guide-statements.json");

/** The data a plan reads from models/, given the catalogue already loaded. */
export function loadPlanData(catalogue: Catalogue = loadCatalogue()): PlanData & { guidePrices: GuidePriceData } {
  return { catalogue, statements: loadGuideStatements(), guidePrices: loadGuidePrices() };
}
