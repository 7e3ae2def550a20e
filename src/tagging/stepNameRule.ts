/** The words shown when a step name is refused (picker and dialog share them). */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { StepNameError } from './vocabulary';

export function stepNameMessage(
  error: StepNameError,
  name: string,
  trans: TranslationBundle
): string {
  const rule = trans.__(
    'Step names use lowercase letters, digits and _, and start with a letter or _ (^[a-z_][a-z0-9_]*$).'
  );
  if (error === 'empty') {
    return `${trans.__('Type a step name.')} ${rule}`;
  }
  return `${trans.__('"%1" is not a valid step name.', name)} ${rule}`;
}
