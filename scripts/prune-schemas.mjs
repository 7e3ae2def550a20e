// The builder copies all of schema/ into the labextension, but JupyterLab reads every JSON
// file there as a settings schema. Keep only the plugin settings schemas; the shared schemas
// (nbformat, notebook metadata, manifest) reach the extension through its own bundle.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'nbpromote/labextension/schemas/nbpromote';
const keep = new Set(['plugin.json', 'package.json.orig']);
for (const entry of readdirSync(dir)) {
  if (!keep.has(entry)) {
    rmSync(join(dir, entry), { recursive: true, force: true });
  }
}
