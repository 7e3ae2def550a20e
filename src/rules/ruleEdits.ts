/**
 * Edits of the rules document that touch only what they name: a value set or cleared at one
 * path, a rule added, removed or moved. Everything else is shared with the document edited
 * from, keys keep their order, and nothing is filled in. Pure.
 */

/** A path into the document, keys and array indices: `['environments', 'prod', 'rules', 0]`. */
export type Path = readonly (string | number)[];

/** The value at a path, or undefined. */
export function getAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') {
      node = node[key];
    } else if (isObject(node) && typeof key === 'string') {
      node = node[key];
    } else {
      return undefined;
    }
  }
  return node;
}

/**
 * A copy with the value at `path` set; `undefined` removes the key (or the array item).
 * Missing objects on the way are created, so setting one field never needs more.
 */
export function setAt<T>(root: T, path: Path, value: unknown): T {
  if (path.length === 0) {
    return value as T;
  }
  const [key, ...rest] = path;
  const child = getAt(root, [key]);
  const next =
    rest.length === 0
      ? value
      : setAt(child ?? (typeof rest[0] === 'number' ? [] : {}), rest, value);
  if (Array.isArray(root) && typeof key === 'number') {
    const copy = [...root];
    if (next === undefined) {
      copy.splice(key, 1);
    } else {
      copy[key] = next;
    }
    return copy as T;
  }
  const object: Record<string, unknown> = isObject(root) ? { ...root } : {};
  if (next === undefined) {
    delete object[String(key)];
  } else {
    object[String(key)] = next;
  }
  return object as T;
}

/**
 * Remove each listed object (deepest first) when it has become empty: an optional group of
 * settings that the admin cleared field by field is dropped, not left as `{}`, unless `keep`
 * has it empty at the same place.
 */
export function pruneEmpty<T>(root: T, paths: readonly Path[], keep?: unknown): T {
  let result = root;
  for (const path of [...paths].sort((a, b) => b.length - a.length)) {
    const value = getAt(result, path);
    const kept = getAt(keep, path);
    // An empty group that `keep` (the version in force) has as it is stays: no change made.
    if (isObject(kept) && Object.keys(kept).length === 0) {
      continue;
    }
    if (isObject(value) && Object.keys(value).length === 0) {
      result = setAt(result, path, undefined);
    }
  }
  return result;
}

/** A copy of a list with one item moved from one index to another. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  if (from < 0 || from >= copy.length || to < 0 || to >= copy.length) {
    return copy;
  }
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item);
  return copy;
}

/** A path as a JSON pointer, as validation problems name places. */
export function pointerOf(path: Path): string {
  return path.map(key => `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The leaf paths where two JSON values differ (a whole subtree where one side lacks it). */
export function changedPaths(a: unknown, b: unknown, at: Path = []): Path[] {
  if (Object.is(a, b)) {
    return [];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      return [at];
    }
    return a.flatMap((item, i) => changedPaths(item, b[i], [...at, i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap(key => changedPaths(a[key], b[key], [...at, key]));
  }
  return [at];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
