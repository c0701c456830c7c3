import { invalidParam } from './problem.ts';

/** RFC 7396 JSON Merge Patch: objects merge key by key, null removes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/**
 * Keys that, merged into a JavaScript object, would change what it inherits rather than add a
 * member: refused by name before the patch is applied, at any depth.
 */
const INHERITANCE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function refuseInheritanceKeys(patch: unknown, at = ''): void {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return;
  for (const [key, value] of Object.entries(patch)) {
    const name = at ? `${at}.${key}` : key;
    if (INHERITANCE_KEYS.has(key)) throw invalidParam(name, 'is not a field: a merge patch may not name it');
    refuseInheritanceKeys(value, name);
  }
}
