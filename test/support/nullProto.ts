/**
 * `value` with every plain object (deeply) turned into a null-prototype object: the shape the parsers give
 * input-keyed maps (conditions, tags, rule severities), so that deepStrictEqual also checks that they have no prototype.
 */
export function nullProto<T>(value: T): T {
  if (Array.isArray(value)) return value.map(nullProto) as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) out[k] = nullProto(v);
  return out as T;
}
