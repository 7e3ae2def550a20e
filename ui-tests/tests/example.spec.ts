import * as path from 'node:path';
import { expect, test } from './fixtures';

/**
 * The example notebook that `npm start` opens must not come up modified: JupyterLab writes
 * the kernel's language_info into the notebook, and if that differs from the file the
 * autosave would rewrite a file under version control.
 */
test('the example notebook opens without being marked modified', async ({ page, tmpPath }) => {
  const example = path.resolve(__dirname, '../../examples/titanic_pipeline.ipynb');
  await page.contents.uploadFile(example, `${tmpPath}/titanic_pipeline.ipynb`);
  await page.filebrowser.openDirectory(tmpPath);
  await page.notebook.open('titanic_pipeline.ipynb');
  await page.notebook.activate('titanic_pipeline.ipynb');

  // language_info arrives with the kernel's first info reply, once it is idle.
  await expect(page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]')).toHaveCount(1, {
    timeout: 60000
  });
  const tab = page.locator('.lm-TabBar-tab', { hasText: 'titanic_pipeline.ipynb' });
  await page.waitForTimeout(2000);
  await expect(tab).not.toHaveClass(/jp-mod-dirty/);
});
