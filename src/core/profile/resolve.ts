// Defaults <- profile file <- flags: the normalised Profile and where each value came from.
import { HeirloomError } from "../errors.js";
import { decimalCommaProblem, parseUSD } from "../units.js";
import { validateSetting, type ProfileFile } from "./schema.js";
import { SETTINGS, getPath, setPath, type AssumptionSource, type Profile, type Setting } from "./settings.js";

/** A profile file read and validated, with a way to say where each key stands (io/profile-load.ts reads it). */
export interface LoadedProfile {
  name: string;
  /** The path shown to the user: profiles/guide.yaml for a built-in one, else as given. */
  source: string;
  file: ProfileFile;
  /** "file:line:column" of a key path, for messages and assumption sources. */
  locate(path: readonly (string | number)[]): string;
}

/** A flag the user gave: which setting, and its raw value. */
export interface FlagValue {
  setting: Setting;
  raw: string | boolean;
  /** How the value was given, where not by the setting's own flag (e.g. "--size auto"). */
  via?: string;
}

/** Turn flag values into a validated ProfileFile; a bad value names its flag. */
export function flagsToProfileFile(flags: readonly FlagValue[]): ProfileFile {
  const raw: Record<string, unknown> = {};
  for (const { setting, raw: value } of flags) setPath(raw, setting.path, coerceFlag(setting, value));
  // Each value by its own setting's schema, in the settings' order: the first problem is the one said.
  const file: Record<string, unknown> = {};
  for (const setting of SETTINGS) {
    const value = getPath(raw, setting.path);
    if (value === undefined) continue;
    const checked = validateSetting(setting.schema, value);
    if ("problem" in checked) throw new HeirloomError(`${setting.flag}: ${checked.problem}`);
    setPath(file, setting.path, checked.value);
  }
  return file as ProfileFile;
}

function coerceFlag(setting: Setting, value: string | boolean): unknown {
  if (typeof value === "boolean") return value;
  switch (setting.kind) {
    case "number":
    case "int": {
      // heirloom-harden: a decimal comma (0,3) is refused with the number as meant, never misread.
      const comma = decimalCommaProblem(value);
      if (comma) throw new HeirloomError(`${setting.flag}: ${comma}`);
      return numeric(value);
    }
    case "autoOrInt":
    case "autoOrNumber":
      return value === "auto" ? value : numeric(value);
    case "usd": {
      const parsed = parseUSD(value);
      if (typeof parsed === "string") throw new HeirloomError(`${setting.flag}: ${parsed}`);
      return parsed;
    }
    default:
      return value;
  }
}

/** A flag's text as a number where it reads as one (1.5, 2e3, 1_000); else the text, for a clear type error. */
function numeric(text: string): number | string {
  const trimmed = text.trim().replace(/_/g, "");
  return trimmed !== "" && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : text;
}

/** The resolved profile with the source of every setting. */
export interface ResolvedProfile {
  name: string;
  source: string;
  description?: string;
  profile: Profile;
  sources: Record<string, AssumptionSource>;
}

/** Merge defaults, the profile file and the flags (in that order of precedence, lowest first). */
export function resolveProfile(loaded: LoadedProfile, flags: ProfileFile, givenAs: Record<string, string> = {}): ResolvedProfile {
  const merged: Record<string, unknown> = {};
  const sources: Record<string, AssumptionSource> = {};
  for (const setting of SETTINGS) {
    const fromFlag = getPath(flags, setting.path);
    const fromFile = getPath(loaded.file, setting.path);
    let value: unknown;
    let source: AssumptionSource;
    if (fromFlag !== undefined) {
      value = fromFlag;
      source = { setBy: "flag", where: givenAs[setting.path] ?? setting.flag, basis: setting.basis };
    } else if (fromFile !== undefined) {
      value = fromFile;
      source = { setBy: "profile", where: loaded.locate(setting.path.split(".")), basis: loaded.file.basis?.[setting.path] ?? setting.basis };
    } else {
      value = setting.default;
      source = { setBy: "default", where: "default", basis: setting.basis };
    }
    if (value === undefined && setting.path === "users") {
      throw new HeirloomError(`users: not set; give --users N (e.g. --users 1m) or set "users:" in ${loaded.source}`);
    }
    setPath(merged, setting.path, value ?? null);
    sources[setting.path] = source;
  }
  return { name: loaded.name, source: loaded.source, description: loaded.file.description, profile: merged as Profile, sources };
}
