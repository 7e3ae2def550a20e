/** Pushing the artifact repository to the optional remote an admin configured. */
import { ConflictError } from '../errors';
import { createSimpleGit } from './createSimpleGit';
import { translateGitError } from './gitErrors';

/**
 * Pushes every branch and tag, never forced: a remote that diverged is a ConflictError for
 * an admin to look at. `url` must already have passed `checkRemoteUrl`.
 */
export async function pushAll(dir: string, url: string, timeoutMs?: number): Promise<void> {
  const git = createSimpleGit({
    baseDir: dir,
    timeoutMs,
    // Belt and braces with checkRemoteUrl: git itself refuses any other transport.
    env: { GIT_ALLOW_PROTOCOL: 'https:ssh:file' }
  });
  try {
    await git.raw([
      'push',
      '--porcelain',
      '--end-of-options',
      url,
      'refs/heads/*:refs/heads/*',
      'refs/tags/*:refs/tags/*'
    ]);
  } catch (error) {
    const translated = translateGitError(error, { op: 'push' });
    if (/rejected|non-fast-forward|fetch first/i.test(translated.message)) {
      throw new ConflictError('The remote has commits this repository does not.', { op: 'push' });
    }
    throw translated;
  }
}
