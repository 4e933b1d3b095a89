// The only YAML reader: a profile file to a validated ProfileFile, with file:line:column for every problem.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { LineCounter, parseDocument, isMap, isScalar, type Document, type Node } from "yaml";
import { HeirloomError } from "../errors.js";
import { describe } from "../units.js";
import { problemLine, type CompiledProfiles, type LoadedProfile } from "./load.js";
import { validateProfileFile } from "./schema.js";

/** A profile document read and checked for YAML syntax and shape, not yet for its settings. */
interface ProfileDocument {
  raw: unknown;
  locate(path: readonly (string | number)[]): string;
  /** "line:column" of every key path. */
  locations: Record<string, string>;
}

/** Read and validate one profile file. */
export function loadProfileFile(path: string, shownAs: string): LoadedProfile {
  return parseProfileText(readText(path, shownAs), shownAs, basename(path).replace(/\.ya?ml$/i, ""));
}

/** Parse profile YAML text; every problem is one line naming file:line:column and the key. */
export function parseProfileText(text: string, shownAs: string, name: string): LoadedProfile {
  const { raw, locate } = parseProfileDocument(text, shownAs);
  const result = validateProfileFile(raw);
  if ("problems" in result) throw new HeirloomError(problemLine(result.problems, locate));
  return { name, source: shownAs, file: result.value, locate };
}

/** Compile built-in profiles (each validated) for the build's dist/profiles.json. */
export function compileProfiles(dir: string, names: readonly string[]): CompiledProfiles {
  const out: CompiledProfiles = {};
  for (const name of names) {
    const shownAs = `profiles/${name}.yaml`;
    const { raw, locate, locations } = parseProfileDocument(readText(join(dir, `${name}.yaml`), shownAs), shownAs);
    const result = validateProfileFile(raw);
    if ("problems" in result) throw new HeirloomError(problemLine(result.problems, locate));
    out[name] = { raw, locations };
  }
  return out;
}

function readText(path: string, shownAs: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, not a file" : code === "EACCES" ? "permission denied" : (err as Error).message;
    throw new HeirloomError(`${shownAs}: cannot read profile: ${why}`);
  }
}

function parseProfileDocument(text: string, shownAs: string): ProfileDocument {
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
  if (!isMap(doc.contents)) {
    throw new HeirloomError(`${at(doc.contents.range?.[0] ?? 0)} the profile must be a mapping of settings (got ${describe(doc.toJS())})`);
  }
  return { raw: doc.toJS(), locate: (path) => at(offsetOf(doc, path)), locations: keyLocations(doc, lineCounter) };
}

function duplicateKeyMessage(offset: number, text: string): string {
  const key = /^[\s"']*([^:"'\n]+)/.exec(text.slice(offset))?.[1]?.trim();
  return `duplicate key${key ? ` '${key}'` : ""}: each setting may appear once`;
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

/** The offset of a key path: the key itself where it exists, else its nearest existing parent. */
function offsetOf(doc: Document, path: readonly (string | number)[]): number {
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
function keyLocations(doc: Document, lineCounter: LineCounter): Record<string, string> {
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
