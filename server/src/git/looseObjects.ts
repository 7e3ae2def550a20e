/**
 * Git objects written in process, as git itself writes loose objects: `<type> <size>\0<body>`
 * hashed with the repository's algorithm, deflated at git's default loose level, written to a
 * temporary file beside its final place and renamed there. A crash leaves at most a stray
 * temporary file (git's gc removes those), never a torn object, and a git process reading at
 * the same time sees the whole object or none. This spares a git process per object kind on
 * every commit, which under load cost more than the rest of a submission.
 */
import { createHash, randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { deflate as deflateCallback } from 'zlib';

const deflate = promisify(deflateCallback);

export type ObjectType = 'blob' | 'tree' | 'commit' | 'tag';
export type HashAlgorithm = 'sha1' | 'sha256';

/** Git's `core.looseCompression` default: fast, and any level reads back the same. */
const LOOSE_LEVEL = 1;

/** Object ids remembered as present; past this the memory is simply started afresh. */
const KNOWN_LIMIT = 100_000;

/** The id git gives an object of `type` holding `body`. */
export function objectId(algorithm: HashAlgorithm, type: ObjectType, body: Buffer): string {
  return createHash(algorithm).update(`${type} ${body.length}\0`).update(body).digest('hex');
}

export class LooseObjects {
  constructor(
    private readonly _objectsDir: string,
    readonly algorithm: HashAlgorithm
  ) {}

  /** Stores `body` as an object of `type` (once: an existing object is left alone). */
  async write(type: ObjectType, body: string | Buffer): Promise<string> {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const oid = objectId(this.algorithm, type, bytes);
    // Objects are never deleted while the service runs (it never prunes), so one seen is
    // still there: most files of a new revision are unchanged and cost no file system call.
    if (this._known.has(oid)) return oid;
    const dir = path.join(this._objectsDir, oid.slice(0, 2));
    const file = path.join(dir, oid.slice(2));
    if (await exists(file)) return this._remember(oid);
    // zlib runs on libuv's thread pool, off the event loop.
    const data = await deflate(Buffer.concat([Buffer.from(`${type} ${bytes.length}\0`), bytes]), {
      level: LOOSE_LEVEL
    });
    const tmp = path.join(dir, `tmp_obj_${randomBytes(8).toString('hex')}`);
    try {
      await this._writeNew(dir, tmp, data);
      // Two writers of one object rename identical bytes over each other: harmless.
      await fs.rename(tmp, file);
    } catch (error) {
      await fs.rm(tmp, { force: true });
      throw error;
    }
    return this._remember(oid);
  }

  /** Writes `tmp` in fan-out folder `dir`, made once (and again if a gc emptied it away). */
  private async _writeNew(dir: string, tmp: string, data: Buffer): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (!this._dirs.has(dir)) {
        await fs.mkdir(dir, { recursive: true });
        this._dirs.add(dir);
      }
      try {
        await fs.writeFile(tmp, data, { mode: 0o444, flag: 'wx' });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 0) throw error;
        this._dirs.delete(dir);
      }
    }
  }

  private _remember(oid: string): string {
    if (this._known.size >= KNOWN_LIMIT) this._known.clear();
    this._known.add(oid);
    return oid;
  }

  private readonly _known = new Set<string>();
  private readonly _dirs = new Set<string>();
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
