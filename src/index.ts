import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { catalogPlugin } from './catalog/catalogPlugin';
import { corePlugin } from './plugin';
import { pipelinePanelPlugin } from './pipeline/plugin';
import { taggingPlugin } from './tagging/plugin';
import { requestsPlugin } from './requests/requestsPlugin';
import { reviewPlugin } from './review/reviewPlugin';
import { rulesEditorPlugin } from './rules/plugin';

export { IServiceClient } from './tokens';

const plugins: JupyterFrontEndPlugin<unknown>[] = [
  corePlugin,
  requestsPlugin,
  reviewPlugin,
  taggingPlugin,
  pipelinePanelPlugin,
  rulesEditorPlugin,
  catalogPlugin
];
export default plugins;
