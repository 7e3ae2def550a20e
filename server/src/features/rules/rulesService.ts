/**
 * Rules versions: the current document (version 1, the defaults, on first start), saving a new
 * version (admins only; checked, stored, audited, committed to the `rules` branch), the
 * history, a diff of two versions, and accepting a secret finding by its hash.
 */
import type { WorkLeases } from '../../db/workLeases';
import type { Actor } from '../../domain';
import { isWritten, sha256Hex } from '../../domain';
import { ConflictError, InputError, NotAllowedError } from '../../errors';
import type { ArtifactRepository } from '../../git';
import {
  checkRulesDocument,
  defaultRules,
  diffDocuments,
  type DocumentChange,
  type KnownUser,
  type RulesDocument,
  type RulesWarning
} from '../../rules';
import type { RulesVersionRow, Stores } from '../../store';
import type { Role } from '../../domain';
import { gitIdentity } from '../promotions/gitIdentity';
import type { RulesVersion, RulesVersionSummary } from './contract';

/** A version as the API shows it, its document typed as the rules engine reads it. */
export type RulesVersionView = Omit<RulesVersion, 'document' | 'warnings'> & {
  document: RulesDocument;
  warnings: RulesWarning[];
};

export type { RulesVersionSummary };

export interface SaveRulesInput {
  document: unknown;
  message: string;
  /** The version the editor started from; a save on top of a newer one is refused (409). */
  baseVersion?: number;
}

/** The service's own name in audit events and git for the defaults written at first start. */
const SYSTEM = 'nbpromote';

export class RulesService {
  constructor(
    private readonly _o: {
      stores: Stores;
      repo: ArtifactRepository;
      log?: (msg: string) => void;
      now?: () => Date;
      /** So that two replicas never commit one version twice. */
      leases?: WorkLeases;
    }
  ) {}

  /** The current version; writes version 1 (the defaults) when there is none yet. */
  async current(): Promise<RulesVersionView> {
    const row = (await this._o.stores.rules.latest()) ?? (await this._createDefaults());
    return this._view(row);
  }

  /**
   * The current version's number and document only, as rule checks read them: the document
   * was checked when it was saved, so no schema pass and no warnings here.
   */
  async currentDocument(): Promise<{ version: number; document: RulesDocument }> {
    const row = (await this._o.stores.rules.latest()) ?? (await this._createDefaults());
    return { version: row.number, document: row.document as RulesDocument };
  }

  async version(number: number): Promise<RulesVersionView> {
    return this._view(await this._o.stores.rules.get(number));
  }

  async versions(limit: number): Promise<RulesVersionSummary[]> {
    await this.current();
    const rows = await this._o.stores.rules.list(limit);
    return rows.map(r => ({
      version: r.number,
      author: r.author,
      createdAt: r.createdAt,
      message: r.message,
      sha256: r.sha256,
      commitSha: r.commitSha
    }));
  }

  async diff(
    from: number,
    to: number
  ): Promise<{ from: number; to: number; changes: DocumentChange[] }> {
    const [a, b] = await Promise.all([
      this._o.stores.rules.get(from),
      this._o.stores.rules.get(to)
    ]);
    return { from, to, changes: diffDocuments(a.document, b.document) };
  }

  /** Checks a candidate document (nothing stored): the document and its warnings. */
  async check(value: unknown): Promise<{ document: RulesDocument; warnings: RulesWarning[] }> {
    return checkRulesDocument(value, await this._users());
  }

  async save(actor: Actor, input: SaveRulesInput): Promise<RulesVersionView> {
    assertAdmin(actor, 'change the rules');
    const { document, warnings } = await this.check(input.document);
    await this.current(); // the defaults are version 1, even when the first save comes early
    if (!isWritten(input.message)) {
      throw new InputError('Say what the change is for.', { field: 'message' });
    }
    const message = input.message.trim();
    const row = await this._insert(actor.id, document, message, input.baseVersion, {
      warnings: warnings.map(w => `${w.path}: ${w.message}`)
    });
    return this._view(row, warnings);
  }

  /** An admin accepts a secret finding as not secret: a new rules version with its hash. */
  async acceptFinding(
    actor: Actor,
    input: { sha256: string; reason: string; scanner?: string }
  ): Promise<RulesVersionView> {
    assertAdmin(actor, 'accept a secret finding');
    if (!isWritten(input.reason)) {
      throw new InputError('Say why the finding is not a secret.', { field: 'reason' });
    }
    const reason = input.reason.trim();
    const current = await this.current();
    const accepted = current.document.acceptedFindings ?? [];
    if (accepted.some(f => f.sha256 === input.sha256)) return current;
    const entry = {
      sha256: input.sha256,
      reason,
      acceptedBy: actor.id,
      acceptedAt: this._now().toISOString(),
      ...(input.scanner ? { scanner: input.scanner } : {})
    };
    const document: RulesDocument = { ...current.document, acceptedFindings: [...accepted, entry] };
    checkRulesDocument(document);
    const row = await this._insert(
      actor.id,
      document,
      `Accept a secret finding (sha256 ${input.sha256.slice(0, 12)}): ${reason}`,
      current.version,
      { acceptedFinding: { sha256: input.sha256, scanner: input.scanner ?? null, reason } },
      'rules_accept_finding'
    );
    return this._view(row);
  }

  /** Commits versions that are in the database but not yet in git (after a crash or a git error). */
  async syncGit(): Promise<void> {
    const leases = this._o.leases;
    for (const row of await this._o.stores.rules.uncommitted()) {
      // Another replica (or save here) is committing it: that one records it.
      if (leases && !(await leases.claim('rules', row.number))) continue;
      try {
        if ((await this._o.stores.rules.get(row.number)).commitSha !== null) continue;
        const commit = await this._o.repo.commitRules({
          content: `${JSON.stringify(row.document, null, 2)}\n`,
          message: `Rules version ${row.number}: ${row.message.split('\n')[0].slice(0, 200)}`,
          author: gitIdentity(row.author),
          trailers: { 'Rules-Version': String(row.number) }
        });
        await this._o.stores.rules.setCommit(row.number, commit);
      } finally {
        await leases?.release('rules', row.number);
      }
    }
  }

  private async _insert(
    author: string,
    document: RulesDocument,
    message: string,
    baseVersion: number | undefined,
    details: Record<string, unknown>,
    action = 'rules_save'
  ): Promise<RulesVersionRow> {
    const text = JSON.stringify(document);
    const at = this._now().toISOString();
    let row: RulesVersionRow;
    try {
      row = await this._o.stores.transaction(async tx => {
        const latest = await tx.rules.latest();
        const number = (latest?.number ?? 0) + 1;
        if (baseVersion !== undefined && latest && baseVersion !== latest.number) {
          throw new ConflictError(
            `The rules changed since version ${baseVersion}; the current version is ${latest.number}. Reload and save again.`,
            { baseVersion, currentVersion: latest.number },
            'rules_changed'
          );
        }
        const entry = {
          number,
          document: text,
          sha256: sha256Hex(text),
          author,
          message,
          createdAt: at
        };
        await tx.rules.insert(entry);
        await tx.audit.append([
          {
            requestId: null,
            actor: author,
            action,
            at,
            fromState: null,
            toState: null,
            outcome: 'applied',
            details: {
              version: number,
              previousVersion: latest?.number ?? null,
              message,
              changes: latest
                ? diffDocuments(latest.document, document).map(c => `${c.op} ${c.path}`)
                : [],
              ...details
            }
          }
        ]);
        return { ...entry, document, commitSha: null };
      });
    } catch (error) {
      // Two saves on one version number: the unique key lets one win; the other is told.
      if (
        !(error instanceof ConflictError) &&
        /unique|duplicate/i.test(String((error as Error).message))
      ) {
        throw new ConflictError(
          'Another rules change was saved at the same time; reload and save again.',
          {},
          'rules_changed'
        );
      }
      throw error;
    }
    try {
      await this.syncGit();
      return await this._o.stores.rules.get(row.number);
    } catch (error) {
      // The version stands in the database; the next save or start commits it to git.
      (this._o.log ?? console.error)(
        `nbpromote: committing rules version ${row.number} to git failed: ${(error as Error).message}`
      );
      return row;
    }
  }

  private async _createDefaults(): Promise<RulesVersionRow> {
    try {
      return await this._insert(SYSTEM, defaultRules(), 'Default rules', undefined, {
        defaults: true
      });
    } catch (error) {
      // Another replica wrote version 1 first: read it.
      const latest = await this._o.stores.rules.latest();
      if (latest) return latest;
      throw error;
    }
  }

  private async _view(row: RulesVersionRow, warnings?: RulesWarning[]): Promise<RulesVersionView> {
    const document = row.document as RulesDocument;
    return {
      version: row.number,
      author: row.author,
      createdAt: row.createdAt,
      message: row.message,
      sha256: row.sha256,
      commitSha: row.commitSha,
      document,
      warnings: warnings ?? checkRulesDocument(document, await this._users()).warnings
    };
  }

  private async _users(): Promise<KnownUser[]> {
    return (await this._o.stores.rules.users()).map(u => ({ name: u.name, role: u.role as Role }));
  }

  private _now(): Date {
    return this._o.now?.() ?? new Date();
  }
}

function assertAdmin(actor: Actor, what: string): void {
  if (actor.role !== 'admin') {
    throw new NotAllowedError(`Only admins may ${what}.`, { role: actor.role });
  }
}
