/** A revision's committed bundle, written out of git into a temporary folder for a run. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkBundlePath, type ArtifactRepository } from '../../git';

export async function checkoutBundle(
  repo: ArtifactRepository,
  commit: string,
  prefix: string
): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-bundle-'));
  try {
    for (const file of await repo.listFiles(commit, prefix)) {
      const rel = checkBundlePath(file.slice(prefix.length + 1));
      const target = path.join(dir, rel);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, await repo.readFile(commit, file));
    }
    return dir;
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
