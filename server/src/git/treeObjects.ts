/**
 * Git tree objects built in memory: parse the raw trees along a path, splice a new subtree in
 * and serialise the changed trees, instead of a temporary index going through read-tree, rm,
 * update-index and write-tree. Ids are computed here (sha1 or sha256, as the repository's ids
 * are long) so parents can name children before anything is written.
 */
import { objectId } from './looseObjects';

export interface RawEntry {
  mode: string;
  name: string;
  /** Object id in hex. */
  oid: string;
}

/** A tree to write: its bytes and the id git will give it. */
export interface NewTree {
  oid: string;
  content: Buffer;
}

export const TREE_MODE = '40000';
const BLOB_MODE = '100644';

/** The entries of a raw tree object (`<mode> <name>\0<binary id>` repeated). */
export function parseTree(content: Buffer, oidBytes: number): RawEntry[] {
  const entries: RawEntry[] = [];
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(0x20, at);
    const nul = content.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + 1 + oidBytes > content.length) {
      throw new Error('git returned a malformed tree object');
    }
    entries.push({
      mode: content.toString('latin1', at, space),
      name: content.toString('utf8', space + 1, nul),
      oid: content.toString('hex', nul + 1, nul + 1 + oidBytes)
    });
    at = nul + 1 + oidBytes;
  }
  return entries;
}

/** Git's order: by name bytes, a directory compared as if its name ended in '/'. */
function sortKey(entry: RawEntry): Buffer {
  return Buffer.from(entry.mode === TREE_MODE ? `${entry.name}/` : entry.name, 'utf8');
}

/** A tree object for `entries`, with the id git computes for it. */
export function makeTree(entries: readonly RawEntry[], hexLength: number): NewTree {
  const sorted = [...entries].sort((a, b) => Buffer.compare(sortKey(a), sortKey(b)));
  const content = Buffer.concat(
    sorted.flatMap(e => [Buffer.from(`${e.mode} ${e.name}\0`, 'utf8'), Buffer.from(e.oid, 'hex')])
  );
  return { oid: objectId(hexLength === 64 ? 'sha256' : 'sha1', 'tree', content), content };
}

/**
 * The trees for `files` (path -> blob id, paths relative to the subtree), innermost first;
 * null when there are no files (git has no empty directories).
 */
export function treesForFiles(
  files: ReadonlyMap<string, string>,
  hexLength: number,
  out: NewTree[]
): string | null {
  if (files.size === 0) return null;
  const here: RawEntry[] = [];
  const below = new Map<string, Map<string, string>>();
  for (const [file, oid] of files) {
    const slash = file.indexOf('/');
    if (slash < 0) {
      here.push({ mode: BLOB_MODE, name: file, oid });
      continue;
    }
    const dir = file.slice(0, slash);
    if (!below.has(dir)) below.set(dir, new Map());
    below.get(dir)?.set(file.slice(slash + 1), oid);
  }
  for (const [dir, inner] of below) {
    if (here.some(e => e.name === dir)) throw new Error(`"${dir}" is both a file and a folder`);
    here.push({ mode: TREE_MODE, name: dir, oid: treesForFiles(inner, hexLength, out) as string });
  }
  const tree = makeTree(here, hexLength);
  out.push(tree);
  return tree.oid;
}

/**
 * Rebuilds the trees along `path` (components, outermost first) with the innermost entry
 * set to `subtree` (null: removed). `levels[i]` holds the entries of the tree at depth i
 * (null when it does not exist). Emptied trees disappear, as they would from an index.
 * Returns the new root's id; new trees are appended to `out`, innermost first.
 */
export function spliceTree(
  levels: readonly (RawEntry[] | null)[],
  path: readonly string[],
  subtree: string | null,
  hexLength: number,
  out: NewTree[]
): string {
  let child = subtree;
  for (let depth = path.length - 1; depth >= 0; depth--) {
    const name = path[depth];
    const entries = (levels[depth] ?? []).filter(e => e.name !== name);
    if (child !== null) entries.push({ mode: TREE_MODE, name, oid: child });
    if (entries.length === 0 && depth > 0) {
      child = null;
      continue;
    }
    const tree = makeTree(entries, hexLength);
    out.push(tree);
    child = tree.oid;
  }
  return child as string;
}
