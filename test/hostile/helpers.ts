import * as assert from 'assert';

const BUILTIN = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Fails (after cleaning up, so later tests run in a sound process) when anything was written onto Object.prototype. */
export function assertPrototypeClean(): void {
  const leaked = Object.getOwnPropertyNames(Object.prototype).filter((k) => !BUILTIN.has(k));
  for (const k of leaked) delete (Object.prototype as Record<string, unknown>)[k];
  assert.deepStrictEqual(leaked, [], 'Object.prototype gained properties');
}
