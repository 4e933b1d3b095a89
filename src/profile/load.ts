// The only YAML reader: a profile file to a validated ProfileFile, with file:line:column for every problem.
import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { LineCounter, parseDocument, isMap, isScalar, type Document, type Node } from "yaml";
import { HeirloomError } from "../errors.js";
import { packageRoot } from "../paths.js";
import { describe } from "../units.js";
import { nearest, validateProfileFile, type ProfileFile, type ProfileProblem } from "./schema.js";

/** A profile file read and validated, with a way to say where each key stands. */
export interface LoadedProfile {
  name: string;
  /** The path shown to the user: profiles/guide.yaml for a built-in one, else as given. */
  source: string;
  file: ProfileFile;
  /** "file:line:column" of a key path, for messages and assumption sources. */
  locate(path: readonly (string | number)[]): string;
}

/** The built-in profiles' folder. */
export function profilesDir(): string {
  return join(packageRoot(), "profiles");
}

/** Names of the built-in profiles, sorted. */
export function builtinProfileNames(): string[] {
  return readdirSync(profilesDir())
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

/** Load --profile NAME (a built-in) or PATH (a YAML file). */
export function loadProfile(nameOrPath: string): LoadedProfile {
  const isPath = /[\\/]/.test(nameOrPath) || /\.ya?ml$/i.test(nameOrPath);
  if (isPath) return loadProfileFile(nameOrPath, nameOrPath);
  const names = builtinProfileNames();
  if (!names.includes(nameOrPath)) {
    const hint = nearest(nameOrPath, names);
    throw new HeirloomError(
      `--profile ${nameOrPath}: no such built-in profile${hint ? ` (did you mean '${hint}'?)` : ""}; built-in: ${names.join(", ")}; or give a path to a .yaml file`,
    );
  }
  return loadProfileFile(join(profilesDir(), `${nameOrPath}.yaml`), `profiles/${nameOrPath}.yaml`);
}

/** Read and validate one profile file. */
export function loadProfileFile(path: string, shownAs: string): LoadedProfile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, not a file" : code === "EACCES" ? "permission denied" : (err as Error).message;
    throw new HeirloomError(`${shownAs}: cannot read profile: ${why}`);
  }
  return parseProfileText(text, shownAs, basename(path).replace(/\.ya?ml$/i, ""));
}

/** Parse profile YAML text; every problem is one line naming file:line:column and the key. */
export function parseProfileText(text: string, shownAs: string, name: string): LoadedProfile {
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
    const got = describe(doc.toJS());
    throw new HeirloomError(`${at(doc.contents.range?.[0] ?? 0)} the profile must be a mapping of settings (got ${got})`);
  }
  const locate = (path: readonly (string | number)[]) => at(offsetOf(doc, path));
  const result = validateProfileFile(doc.toJS());
  if ("problems" in result) throw new HeirloomError(problemLine(result.problems, locate));
  return { name, source: shownAs, file: result.value, locate };
}

/** One line for a list of problems: the first in full, and how many more. */
export function problemLine(problems: ProfileProblem[], locate: (path: (string | number)[]) => string): string {
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
  return `${locate(first.path)} ${first.path.join(".")}: ${first.message}${more}`;
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
