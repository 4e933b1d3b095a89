// Loading a profile: a built-in one from the build's precompiled copy (no YAML parser on the common
// path, for start-up speed), any other from its YAML file through parse-yaml.ts (which loads the parser).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { HeirloomError } from "../core/errors.js";
import { packageRoot } from "./paths.js";
import { loadProfileFile } from "./profile-yaml.js";
import type { LoadedProfile } from "../core/profile/resolve.js";
import { nearest, validateProfileFile, type ProfileFile, type ProfileProblem } from "../core/profile/schema.js";

export type { LoadedProfile };

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

/** The built-in profiles as the build compiled them: raw values and "line:column" of every key. */
export type CompiledProfiles = Record<string, { raw: unknown; locations: Record<string, string>; value?: ProfileFile }>;

const COMPILED = "dist/profiles.json";

/** Load --profile NAME (a built-in) or PATH (a YAML file). */
export async function loadProfile(nameOrPath: string): Promise<LoadedProfile> {
  const isPath = /[\\/]/.test(nameOrPath) || /\.ya?ml$/i.test(nameOrPath);
  if (isPath) return loadProfileFile(nameOrPath, nameOrPath);
  const names = builtinProfileNames();
  if (!names.includes(nameOrPath)) {
    const hint = nearest(nameOrPath, names);
    throw new HeirloomError(
      `--profile ${nameOrPath}: no such built-in profile${hint ? ` (did you mean '${hint}'?)` : ""}; built-in: ${names.join(", ")}; or give a path to a .yaml file`,
    );
  }
  const shownAs = `profiles/${nameOrPath}.yaml`;
  const yamlPath = join(profilesDir(), `${nameOrPath}.yaml`);
  const compiled = readCompiled(yamlPath)?.[nameOrPath];
  if (!compiled) return loadProfileFile(yamlPath, shownAs);
  const { raw, locations, value } = compiled;
  const locate = (path: readonly (string | number)[]) => {
    for (let n = path.length; n > 0; n--) {
      const at = locations[path.slice(0, n).join(".")];
      if (at) return `${shownAs}:${at}`;
    }
    return `${shownAs}:1:1`;
  };
  // The build checked the profile (the YAML is not newer than its compiled copy); an older build's copy without its value is checked here.
  if (value) return { name: nameOrPath, source: shownAs, file: value, locate };
  const result = validateProfileFile(raw);
  if ("problems" in result) throw new HeirloomError(problemLine(result.problems, locate));
  return { name: nameOrPath, source: shownAs, file: result.value, locate };
}

/** The build's compiled profiles, unless missing or older than the YAML (a profile edited since the build). */
function readCompiled(yamlPath: string): CompiledProfiles | undefined {
  const compiledPath = join(packageRoot(), COMPILED);
  try {
    if (statSync(yamlPath).mtimeMs > statSync(compiledPath).mtimeMs) return undefined;
    return JSON.parse(readFileSync(compiledPath, "utf8")) as CompiledProfiles;
  } catch {
    return undefined;
  }
}

/** One line for a list of problems: the first in full, and how many more. */
export function problemLine(problems: ProfileProblem[], locate: (path: (string | number)[]) => string): string {
  // The first problem in the file, not in the schema's order.
  const position = (p: ProfileProblem) => (/:(\d+):(\d+)$/.exec(locate(p.path)) ?? []).slice(1).map(Number);
  const first = [...problems].sort((a, b) => {
    const [la = 0, ca = 0] = position(a);
    const [lb = 0, cb = 0] = position(b);
    return la - lb || ca - cb;
  })[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
  return `${locate(first.path)} ${first.path.join(".")}: ${first.message}${more}`;
}

