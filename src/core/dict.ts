// Objects keyed by input (policy condition operators and keys, tags, rule ids from settings, JSON/YAML/HCL object
// keys) have no prototype: `__proto__`, `constructor` and `prototype` are then ordinary keys, a lookup never finds
// an inherited member, and an assignment can never reach `Object.prototype` (which would change every object of
// the process — in the language server for the rest of the session).

/** An empty null-prototype object for input-keyed data, optionally filled from `entries` (later entries win). */
export function dict<T>(entries?: Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (entries) for (const [k, v] of entries) out[k] = v;
  return out;
}

/** Copies the own enumerable properties of each object (later ones win) into one null-prototype object. */
export function dictOf<T>(...objects: (Record<string, T> | undefined)[]): Record<string, T> {
  const out = dict<T>();
  for (const o of objects) if (o) for (const k of Object.keys(o)) out[k] = o[k];
  return out;
}

/** `key` is an own property of `obj` (never an inherited one such as `constructor`). */
export function hasKey(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/**
 * Appends to the list of `key` in place. `map.set(k, [...(map.get(k) ?? []), v])` copies the list on every call:
 * quadratic when one key collects tens of thousands of entries (findings of one file, files of one folder).
 */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, ...values: V[]): void {
  const list = map.get(key);
  if (list) list.push(...values);
  else map.set(key, values);
}
