// The builder copies all of schema/ into the labextension, but JupyterLab reads every JSON
// file there as a settings schema. Keep only the plugin settings schemas (`<plugin>.json`);
// the shared schemas (`*.schema.json`, nbformat/) reach the extension through its bundle.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'nbpromote/labextension/schemas/nbpromote';
for (const entry of readdirSync(dir)) {
  const path = join(dir, entry);
  if (statSync(path).isDirectory() || entry.endsWith('.schema.json')) {
    rmSync(path, { recursive: true, force: true });
  }
}
