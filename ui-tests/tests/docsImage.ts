import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, TestInfo } from '@playwright/test';

/**
 * A picture for the README: the element as a person sees it, nothing masked (the snapshot
 * comparisons mask what differs per run). Always kept with the test's results, to be looked at;
 * written to docs/images when NBPROMOTE_DOCS_IMAGES is set, so a normal run leaves the tree as it
 * found it.
 */
export async function docsImage(locator: Locator, name: string, testInfo: TestInfo): Promise<void> {
  const image = await locator.screenshot({ style: '.Toastify { display: none !important; }' });
  fs.writeFileSync(testInfo.outputPath(name), image);
  if (process.env.NBPROMOTE_DOCS_IMAGES) {
    const target = path.resolve(__dirname, '..', '..', 'docs', 'images', name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, image);
  }
}
