import { Sanitizer } from '@jupyterlab/apputils';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';

/**
 * The review panel shows notebooks written by other people: outputs and markdown go through a
 * rendermime of their own, never trusted. Its sanitizer drops command-linker attributes (an
 * untrusted `<button data-commandlinker-command>` would otherwise run a JupyterLab command),
 * and renderers that are not safe for untrusted data (JavaScript, SVG, widgets) are removed
 * outright, so no code path here can pick them even by mistake.
 */
export function untrustedRendermime(rendermime: IRenderMimeRegistry): IRenderMimeRegistry {
  const sanitizer = new Sanitizer();
  sanitizer.setAllowCommandLinker(false);
  const clone = rendermime.clone({ sanitizer });
  for (const mime of [...clone.mimeTypes]) {
    if (!clone.getFactory(mime)?.safe) {
      clone.removeMimeType(mime);
    }
  }
  return clone;
}
