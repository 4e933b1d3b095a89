// The only YAML reader: a profile file to a validated ProfileFile, with file:line:column for every problem.
import { basename, join } from "node:path";
import type { Document, LineCounter, Node } from "yaml";
import { HeirloomError } from "../core/errors.js";
import { readTextBounded } from "./read-bounded.js";
import { showControlChars as escapeTerminal } from "../core/control-chars.js";
import { describe } from "../core/units.js";
import { problemLine, type CompiledProfiles, type LoadedProfile } from "./profile-load.js";
import { validateProfileFile } from "../core/profile/schema.js";

/** A profile document read and checked for YAML syntax and shape, not yet for its settings. */
interface ProfileDocument {
  raw: unknown;
  locate(path: readonly (string | number)[]): string;
  /** "line:column" of every key path. */
  locations: Record<string, string>;
}

/** Read and validate one profile file. */
export async function loadProfileFile(path: string, shownAs: string): Promise<LoadedProfile> {
  // A file's name and path reach the report, the terminal and generated files: no control character of
  // them ever does (a newline in a file name must not start a line there).
  const safeShownAs = escapeTerminal(shownAs);
  return parseProfileText(readText(path, safeShownAs), safeShownAs, escapeTerminal(basename(path).replace(/\.ya?ml$/i, "")));
}

/** Parse profile YAML text; every problem is one line naming file:line:column and the key. */
export async function parseProfileText(text: string, shownAs: string, name: string): Promise<LoadedProfile> {
  const { raw, locate } = await parseProfileDocument(text, shownAs);
  const result = validateProfileFile(raw);
  if ("problems" in result) throw new HeirloomError(problemLine(result.problems, locate));
  return { name, source: shownAs, file: result.value, locate };
}

/** Compile built-in profiles (each validated) for the build's dist/profiles.json. */
export async function compileProfiles(dir: string, names: readonly string[]): Promise<CompiledProfiles> {
  const out: CompiledProfiles = {};
  for (const name of names) {
    const shownAs = `profiles/${name}.yaml`;
    const { raw, locate, locations } = await parseProfileDocument(readText(join(dir, `${name}.yaml`), shownAs), shownAs);
    const result = validateProfileFile(raw);
    if ("problems" in result) throw new HeirloomError(problemLine(result.problems, locate));
    // The checked value too: a plan on a built-in profile starts without checking it again.
    out[name] = { raw, locations, value: result.value };
  }
  return out;
}

/** A profile's text, read bounded (--profile /dev/zero ends at once). */
function readText(path: string, shownAs: string): string {
  return readTextBounded(path, shownAs, "profile");
}

/** Aliases a profile may expand: a profile needs a handful; a "billion laughs" document needs millions. */
export const MAX_ALIAS_COUNT = 50;

async function parseProfileDocument(text: string, shownAs: string): Promise<ProfileDocument> {
  // The YAML parser is loaded only here: built-in profiles are compiled at build time.
  const yaml = await import("yaml");
  // yaml is CommonJS under Node: bundled, its exports arrive on `default`.
  const { LineCounter, parseDocument, isMap, isScalar } = ("default" in yaml && yaml.default ? yaml.default : yaml) as typeof yaml;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${shownAs}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const what = err.code === "DUPLICATE_KEY" ? duplicateKeyMessage(err.pos[0], text) : `invalid YAML: ${firstLine(err.message)}`;
    throw new HeirloomError(`${at(err.pos[0])} ${what}`);
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    throw new HeirloomError(`${shownAs}: the profile is empty; it needs at least "users:" or one setting`);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // The yaml package refuses an alias expansion past maxAliasCount with a ReferenceError.
    throw new HeirloomError(`${shownAs}: YAML aliases expand too far (${firstLine((err as Error).message)}); a profile needs no nested aliases`);
  }
  if (!isMap(doc.contents)) {
    throw new HeirloomError(`${at(doc.contents.range?.[0] ?? 0)} the profile must be a mapping of settings (got ${describe(raw)})`);
  }
  const helpers = { isMap, isScalar };
  return { raw, locate: (path) => at(offsetOf(doc, path, helpers)), locations: keyLocations(doc, lineCounter, helpers) };
}

function duplicateKeyMessage(offset: number, text: string): string {
  const key = /^[\s"']*([^:"'\n]+)/.exec(text.slice(offset))?.[1]?.trim();
  return `duplicate key${key ? ` '${key}'` : ""}: each setting may appear once`;
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

/** The offset of a key path: the key itself where it exists, else its nearest existing parent. */
type YamlHelpers = Pick<typeof import("yaml"), "isMap" | "isScalar">;

function offsetOf(doc: Document, path: readonly (string | number)[], { isMap, isScalar }: YamlHelpers): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const key of path) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
    if (!pair) break;
    offset = (pair.key as Node).range?.[0] ?? offset;
    node = pair.value;
  }
  return offset;
}

/** "line:column" of every key path in a document. */
function keyLocations(doc: Document, lineCounter: LineCounter, { isMap, isScalar }: YamlHelpers): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (node: unknown, prefix: string) => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const path = prefix ? `${prefix}.${String(pair.key.value)}` : String(pair.key.value);
      const { line, col } = lineCounter.linePos((pair.key as Node).range?.[0] ?? 0);
      out[path] = `${line}:${col}`;
      walk(pair.value, path);
    }
  };
  walk(doc.contents, "");
  return out;
}
