/**
 * The client's API types are generated from the service's OpenAPI document: this fails when
 * src/client/api.gen.ts no longer matches it (run `npm run generate:api`). The generator runs
 * in its own node process, where openapi-typescript's ES modules load as they are.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const script = path.join(__dirname, '..', '..', 'scripts', 'generate-api.mjs');

describe('src/client/api.gen.ts', () => {
  it("matches the service's OpenAPI document", () => {
    const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr || `generate-api exited ${run.status}`);
  }, 60_000);
});
