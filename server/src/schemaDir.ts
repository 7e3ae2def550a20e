import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The shared JSON Schemas live in the repository's top-level `schema/` folder, used by the
 * extension and the service alike. A deployed service carries a copy in `server/schema/`.
 */
export function schemaDir(): string {
  const fromEnv = process.env.NBPROMOTE_SCHEMA_DIR;
  if (fromEnv) {
    return fromEnv;
  }
  // Compiled code sits in lib/ (or src/ under ts-jest), one level below the package root.
  const packaged = path.resolve(__dirname, '..', 'schema');
  if (fs.existsSync(path.join(packaged, 'nbformat'))) {
    return packaged;
  }
  return path.resolve(__dirname, '..', '..', 'schema');
}

const cache = new Map<string, Record<string, unknown>>();

/** Read a schema file (relative to the schema folder) once. */
export function loadSchema(relative: string): Record<string, unknown> {
  let s = cache.get(relative);
  if (!s) {
    s = JSON.parse(fs.readFileSync(path.join(schemaDir(), relative), 'utf8')) as Record<
      string,
      unknown
    >;
    cache.set(relative, s);
  }
  return s;
}
