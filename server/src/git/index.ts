/** The artifact repository and its safe git seam. */
export * from './artifactRepository';
export * from './repositoryTypes';
export { createSimpleGit, gitEnvironment, DEFAULT_GIT_TIMEOUT_MS } from './createSimpleGit';
export type { GitIdentity, CreateSimpleGitOptions } from './createSimpleGit';
export * from './gitErrors';
export * from './names';
export * from './remoteUrl';
export * from './trailers';
