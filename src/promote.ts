import type { PromotionSummary, ServiceClient } from './client/serviceClient';

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
  doc: PromotableDocument
): Promise<PromotionSummary> {
  if (doc.dirty) {
    await doc.save();
  }
  return client.createPromotion({ path: doc.path, notebook: doc.toJSON() });
}
