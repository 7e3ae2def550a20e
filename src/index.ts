import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { corePlugin } from './plugin';
import { requestsPlugin } from './requests/requestsPlugin';

export { IServiceClient } from './tokens';

const plugins: JupyterFrontEndPlugin<unknown>[] = [corePlugin, requestsPlugin];
export default plugins;
