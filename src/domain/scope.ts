// Whose articles and settings: a guild's own, or the shared collection every guild sees. One home
// for the rule, in TypeScript here and in SQL in src/store/rules.ts.

/** A guild id, or null for the shared collection (data/, CLI, console). */
export type Scope = string | null;

/** The key the shared collection is stored under, where a guild's id would be. */
export const SHARED = 'shared';

export function scopeKey(scope: Scope): string {
  return scope ?? SHARED;
}

/** The scope a stored key stands for: null for the shared collection. */
export function scopeOfKey(key: string): Scope {
  return key === SHARED ? null : key;
}

/** Whether a caller in `scope` sees what is stored under `key`: the shared collection and its own. */
export function canSee(scope: Scope, key: string): boolean {
  return key === SHARED || key === scope;
}
