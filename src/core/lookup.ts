// Maps keyed by names from input (instance types, classes, nodes, regions, profiles) must not answer for
// Object.prototype's names: `--instance-type constructor` is an unknown type, never a function. Lookups go
// through catalogue.ts's `lookup` (own keys); io reads every model through withoutPrototypes as well, so even
// a bare index or `in` finds nothing inherited.

/** A deep copy of parsed JSON whose every object has no prototype: `"constructor" in it` is false. */
export function withoutPrototypes<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutPrototypes(v)) as T;
  if (value === null || typeof value !== "object") return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) out[key] = withoutPrototypes((value as Record<string, unknown>)[key]);
  return out as T;
}
