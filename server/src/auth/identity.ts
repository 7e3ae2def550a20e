import type { HubRole } from './identityConfig';

/** Who an identity provider says is asking, and the role it gives them. */
export interface Identity {
  name: string;
  role: HubRole;
}
