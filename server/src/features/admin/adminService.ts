/** The audit trail as each caller may see it, the catalog, and the admin settings. */
import { InputError, ServiceUnavailableError } from '../../errors';
import { checkRemoteUrl, type ArtifactRepository } from '../../git';
import type { AuditEventView, Stores, User } from '../../store';
import { IMAGE_REGISTRY } from '../notebooks/notebookFacts';
import { catalog, type CatalogEntry } from './catalogService';

const REMOTE_URL = 'remote_url';

export interface AdminSettings {
  remoteUrl: string | null;
  imageRegistry: string | null;
}

export interface SettingsChange {
  remoteUrl: string | null;
  /** Left as it is when not given. */
  imageRegistry?: string | null;
}

export class AdminService {
  constructor(
    private readonly _stores: Stores,
    private readonly _repo: Pick<ArtifactRepository, 'probeRemote'>
  ) {}

  /** Audit events, newest first: admins see everything, others the events of their requests. */
  async audit(
    user: User,
    filter: { requestId?: number; limit: number }
  ): Promise<AuditEventView[]> {
    const requestIds =
      user.role === 'admin' ? null : await this._stores.views.idsByAuthor(user.name);
    return this._stores.audit.list({ ...filter, requestIds });
  }

  catalog(): Promise<{ items: CatalogEntry[] }> {
    return catalog(this._stores);
  }

  async settings(): Promise<AdminSettings> {
    return {
      remoteUrl: await this._stores.settings.get(REMOTE_URL),
      imageRegistry: await this._stores.settings.get(IMAGE_REGISTRY)
    };
  }

  /** Saves the settings and their audit record in one transaction. */
  async saveSettings(user: string, change: SettingsChange): Promise<AdminSettings> {
    const url =
      change.remoteUrl === null || change.remoteUrl === ''
        ? null
        : checkRemoteUrl(change.remoteUrl);
    // Every write goes through the remote once it is set: one that does not answer would
    // stop all promotions, so it is refused here, with git's reason, and nothing changes.
    if (url !== null && url !== (await this._stores.settings.get(REMOTE_URL))) {
      await this._repo.probeRemote(url).catch((error: unknown) => {
        if (!(error instanceof ServiceUnavailableError)) throw error;
        throw new InputError(`${error.message}. The settings were not changed.`, {
          field: 'remoteUrl'
        });
      });
    }
    await this._stores.transaction(async tx => {
      await tx.settings.set(REMOTE_URL, url, user);
      if (change.imageRegistry !== undefined) {
        await tx.settings.set(IMAGE_REGISTRY, change.imageRegistry || null, user);
      }
      await tx.audit.append([
        {
          requestId: null,
          actor: user,
          action: 'settings',
          at: new Date().toISOString(),
          fromState: null,
          toState: null,
          outcome: 'applied',
          details: {
            remoteUrl: url === null ? null : redactUrl(url),
            ...(change.imageRegistry !== undefined ? { imageRegistry: change.imageRegistry } : {})
          }
        }
      ]);
    });
    return { remoteUrl: url, imageRegistry: await this._stores.settings.get(IMAGE_REGISTRY) };
  }
}

function redactUrl(url: string): string {
  return url.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
}
