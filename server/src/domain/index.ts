/** The review domain: pure data and rules, no IO. */
export * from './types';
export * from './environments';
export * from './permissions';
export * from './transition';
export * from './callerPermissions';
export * from './openRequest';
export * from './names';
export * from './comments';
export * from './viewed';
export * from './semver';
export * from './sha256';
export * from './versioning';
export * from './writtenText';
