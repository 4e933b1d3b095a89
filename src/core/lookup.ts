// Maps keyed by names from input (instance types, classes, nodes, regions, profiles) must not answer for
// Object.prototype's names: `--instance-type constructor` is an unknown type, never a function.

/** A deep copy of parsed JSON whose every object has no prototype: `"constructor" in it` is false. */
export function withoutPrototypes<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutPrototypes(v)) as T;
  if (value === null || typeof value !== "object") return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) out[key] = withoutPrototypes((value as Record<string, unknown>)[key]);
  return out as T;
}

/** The value of an own key, or undefined: never an inherited one. */
export function ownValue<V>(map: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Whether a name is an own key of a map. */
export const hasName = (map: object, key: string): boolean => Object.hasOwn(map, key);
