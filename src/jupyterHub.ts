import { PageConfig } from '@jupyterlab/coreutils';

/**
 * Whether this JupyterLab runs as a JupyterHub single-user server: the Hub's server extension
 * puts `hubPrefix` in the page config. Under a Hub the Jupyter server signs nbpromote's calls
 * with the server's own Hub token, so there is no token for the user to set.
 */
export function underJupyterHub(): boolean {
  return PageConfig.getOption('hubPrefix') !== '';
}
