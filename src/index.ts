import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { corePlugin } from './plugin';

export { IServiceClient } from './tokens';

const plugins: JupyterFrontEndPlugin<unknown>[] = [corePlugin];
export default plugins;
