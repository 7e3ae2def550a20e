import type { ServiceClient } from './client/serviceClient';
import type { CreatePromotion, PromotionSummary } from './client/types';

/** What promoting needs from a notebook document; a NotebookPanel's context provides it. */
export interface PromotableDocument {
  path: string;
  dirty: boolean;
  save(): Promise<void>;
  toJSON(): unknown;
}

/**
 * Send the notebook to the service as a new promotion request. Unsaved changes are saved
 * first so that what is promoted is what is on disk.
 */
export async function promoteDocument(
  client: ServiceClient,
  doc: PromotableDocument,
  choices: Omit<CreatePromotion, 'path' | 'notebook'> = {}
): Promise<PromotionSummary> {
  if (doc.dirty) {
    await doc.save();
  }
  // A notebook model serializes to a JSON object; the service checks it is nbformat 4.
  const notebook = doc.toJSON() as CreatePromotion['notebook'];
  return client.createPromotion({ ...choices, path: doc.path, notebook });
}
