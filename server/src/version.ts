// Read from package.json at run time so the two never disagree.
export const VERSION: string = (require('../package.json') as { version: string }).version;
