const jestJupyterLab = require('@jupyterlab/testutils/lib/jest-config');

// These packages ship ES modules that jest must transform before running.
const esModules = [
  '@codemirror',
  '@jupyter/',
  '@jupyter/ydoc',
  '@jupyterlab/',
  '@lumino/',
  '@microsoft',
  '@marijn',
  'color',
  'exenv-es6',
  'lib0',
  'marked',
  'nanoid',
  'vscode-ws-jsonrpc',
  'y-protocols',
  'y-websocket',
  'yjs'
].join('|');

const baseConfig = jestJupyterLab(__dirname);

module.exports = {
  ...baseConfig,
  automock: false,
  roots: ['<rootDir>/src'],
  testRegex: 'src/.*/.*.spec.ts[x]?$',
  transformIgnorePatterns: [`/node_modules/(?!${esModules}).+`]
};
