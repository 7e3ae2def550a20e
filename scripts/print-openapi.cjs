/**
 * Prints the service's OpenAPI document as JSON, read from its TypeScript source (not the
 * build, which may be older): each .ts file is transpiled as it is required.
 */
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true
    },
    fileName: filename
  });
  module._compile(outputText, filename);
};

const source = path.join(__dirname, '..', 'server', 'src', 'http', 'openapi.ts');
const { openApiDocument } = require(source);
process.stdout.write(JSON.stringify(openApiDocument('generated')));
