#!/usr/bin/env node
// The CLI is compiled TypeScript; build the service first (`npm run build`).
// `diff` has its own small entry point: it starts without loading the service.
const entry = process.argv[2] === 'diff' ? '../lib/cli/diffMain.js' : '../lib/cli/main.js';
require(entry)
  .main(process.argv)
  .then(code => {
    process.exitCode = code;
  });
