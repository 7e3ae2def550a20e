import type { Generated } from 'kysely';

/** Row types of every table; the typed query layer checks each query against these. */
export interface PromotionRequestTable {
  id: Generated<number>;
  title: string;
  notebook_path: string;
  notebook_sha256: string;
  /** The submitted notebook, as JSON text. */
  notebook: string;
  state: string;
  created_at: string;
  updated_at: string;
}

export interface Database {
  promotion_requests: PromotionRequestTable;
}
