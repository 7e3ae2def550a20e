#!/usr/bin/env node
// The CLI is compiled TypeScript; build the service first (`npm run build`).
require('../lib/cli/main.js')
  .main(process.argv)
  .then(code => {
    process.exitCode = code;
  });
