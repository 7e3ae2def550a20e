import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors';

/**
 * Write bundle files to `outDir` all at once: into a temporary folder beside it, then a
 * rename. Readers see the old bundle or the new one, never half of one. An existing folder
 * is only replaced when it holds a previous bundle (a pipeline.json).
 */
export function writeBundle(files: Map<string, string>, outDir: string): void {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  if (fs.existsSync(target)) {
    const stat = fs.statSync(target);
    const entries = stat.isDirectory() ? fs.readdirSync(target) : [];
    if (!stat.isDirectory() || (entries.length > 0 && !entries.includes('pipeline.json'))) {
      throw new InputError(
        `${outDir} exists and is not an nbpromote bundle; choose another --out folder.`,
        { path: outDir },
        'output_exists'
      );
    }
  }
  fs.mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = path.join(parent, `.${path.basename(target)}.tmp-${tag}`);
  const old = path.join(parent, `.${path.basename(target)}.old-${tag}`);
  try {
    for (const [rel, content] of files) {
      const file = path.join(tmp, rel);
      if (!file.startsWith(tmp + path.sep)) throw new Error(`bad bundle path ${rel}`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (fs.existsSync(old) && !fs.existsSync(target)) fs.renameSync(old, target);
    throw err;
  }
  fs.rmSync(old, { recursive: true, force: true });
}
