// Writes src/client/api.gen.ts from the service's OpenAPI document (`npm run generate:api`).
// With --check it writes nothing and exits 1 when the file is out of date.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';

const require = createRequire(import.meta.url);
const { generateApiTypes, loadOpenApiDocument, TARGET } = require('./api-types.cjs');

const text = await generateApiTypes(loadOpenApiDocument());
if (process.argv.includes('--check')) {
  const current = fs.existsSync(TARGET) ? fs.readFileSync(TARGET, 'utf8') : '';
  if (current !== text) {
    console.error(
      'src/client/api.gen.ts is out of date with the OpenAPI document: run `npm run generate:api`.'
    );
    process.exit(1);
  }
} else {
  fs.writeFileSync(TARGET, text);
  console.log(`wrote ${TARGET}`);
}
