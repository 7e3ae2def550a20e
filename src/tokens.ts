import { Token } from '@lumino/coreutils';
import type { ServiceClient } from './client/serviceClient';

/** The service client, configured from the user's settings, shared by every nbpromote plugin. */
export const IServiceClient = new Token<ServiceClient>(
  'nbpromote:IServiceClient',
  'The typed client of the nbpromote service, kept in sync with the Settings Editor.'
);
