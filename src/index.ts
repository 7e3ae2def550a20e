import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { catalogPlugin } from './catalog/catalogPlugin';
import { corePlugin } from './plugin';
import { pipelinePanelPlugin } from './pipeline/plugin';
import { taggingPlugin } from './tagging/plugin';
import { requestsPlugin } from './requests/requestsPlugin';

export { IServiceClient } from './tokens';

const plugins: JupyterFrontEndPlugin<unknown>[] = [
  corePlugin,
  requestsPlugin,
  taggingPlugin,
  pipelinePanelPlugin,
  catalogPlugin
];
export default plugins;
