import { type ISignal, Signal } from '@lumino/signaling';
import { ServiceError, type ServiceClient } from '../client/serviceClient';
import type {
  Identity,
  RulesDiff,
  RulesDocument,
  RulesDryRun,
  RulesScope,
  RulesVersion,
  RulesVersionSummary,
  RulesWarning
} from '../client/types';
import { errorMessage } from '../errorMessage';
import { getAt, moveItem, type Path, pruneEmpty, setAt } from './ruleEdits';
import {
  parseJsonText,
  type RuleSet,
  type RulesProblem,
  sectionOf,
  toJsonText,
  withSection
} from './rulesDocument';

export namespace RulesEditorModel {
  export interface IOptions {
    client: ServiceClient;
    /** Schema validation of a whole document (validateRules with the shared schema). */
    validate(document: RulesDocument): RulesProblem[];
    /** A new valid rule of a type, named apart from the rules already in its tab. */
    newRule?(type: string, existing: readonly unknown[]): Record<string, unknown>;
  }
}

/** A dry run of the draft on one request. */
export interface DryRunState {
  requestId: number | null;
  running: boolean;
  result: RulesDryRun | null;
  error: string | null;
}

/** Two versions compared. */
export interface DiffState {
  from: number;
  to: number;
  loading: boolean;
  result: RulesDiff | null;
  error: string | null;
}

/**
 * The rules editor's state: the rules in force, the draft being edited (as a form per tab
 * and as JSON text, kept in step), its validation, the dry run, saving and the history.
 * No DOM; the panel renders it through `changed`. Only admins may change the draft.
 */
export class RulesEditorModel {
  constructor(options: RulesEditorModel.IOptions) {
    this._client = options.client;
    this._validate = options.validate;
    this._newRule =
      options.newRule ?? ((type, existing) => ({ id: `rule-${existing.length + 1}`, type }));
    this._client.configured.connect(this._onConfigured, this);
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get identity(): Identity | null {
    return this._identity;
  }
  /** Admins edit; everyone else reads. */
  get canEdit(): boolean {
    return this._identity?.role === 'admin';
  }
  /** Why the editor is read-only, or null when it is not. */
  get readOnlyReason(): string | null {
    if (this.canEdit) {
      return null;
    }
    if (!this._identity) {
      return 'Read-only until the service says who you are.';
    }
    return `Read-only: only admins change the rules, and you are signed in as ${this._identity.name} (${this._identity.role}).`;
  }

  get loading(): boolean {
    return this._loading;
  }
  get loadError(): string | null {
    return this._loadError;
  }
  /** The version in force now, as last loaded or saved. */
  get current(): RulesVersion | null {
    return this._current;
  }
  get draft(): RulesDocument {
    return this._draft;
  }
  get dirty(): boolean {
    return this._current !== null && toJsonText(this._draft) !== toJsonText(this._current.document);
  }

  get tab(): RulesScope {
    return this._tab;
  }
  get view(): 'form' | 'json' {
    return this._view;
  }
  get jsonText(): string {
    return this._jsonText;
  }
  /** A syntax error in the JSON view; the draft keeps its last valid value meanwhile. */
  get jsonProblem(): RulesProblem | null {
    return this._jsonProblem;
  }
  /** Schema problems of the draft, each at its JSON path. */
  get problems(): RulesProblem[] {
    return this._problems;
  }
  /** What the service said about the last save attempt: warnings, or why it refused. */
  get saveWarnings(): RulesWarning[] {
    return this._saveWarnings;
  }
  get saveError(): string | null {
    return this._saveError;
  }
  get saving(): boolean {
    return this._saving;
  }
  get dryRun(): DryRunState {
    return this._dryRun;
  }
  get versions(): RulesVersionSummary[] {
    return this._versions;
  }
  get historyError(): string | null {
    return this._historyError;
  }
  get diff(): DiffState | null {
    return this._diff;
  }

  /** The rule set of one tab of the draft. */
  section(tab: RulesScope = this._tab): RuleSet {
    return sectionOf(this._draft, tab);
  }

  /** Load who I am, the rules in force and their history. */
  async load(): Promise<void> {
    const generation = ++this._generation;
    this._loading = true;
    this._emit();
    try {
      const [identity, current, versions] = await Promise.all([
        this._client.me(),
        this._client.getRules(),
        this._client.listRulesVersions()
      ]);
      if (generation !== this._generation) {
        return;
      }
      this._identity = identity;
      this._versions = versions;
      this._historyError = null;
      this._loadError = null;
      this._setCurrent(current);
    } catch (reason) {
      if (generation === this._generation) {
        this._loadError = errorMessage(reason, 'Could not load the rules');
      }
    } finally {
      if (generation === this._generation) {
        this._loading = false;
        this._emit();
      }
    }
  }

  setTab(tab: RulesScope): void {
    this._tab = tab;
    this._emit();
  }

  setView(view: 'form' | 'json'): void {
    this._view = view;
    if (view === 'json' && !this._jsonProblem) {
      this._jsonText = toJsonText(this._draft);
    }
    this._emit();
  }

  /** The form of one tab changed. */
  setSection(tab: RulesScope, section: RuleSet): void {
    if (!this.canEdit) {
      return;
    }
    this._setDraft(withSection(this._draft, tab, section));
    this._jsonText = toJsonText(this._draft);
    this._jsonProblem = null;
    this._emit();
  }

  /** The rule whose fields are open in the form (one per tab), or null. */
  get openRule(): number | null {
    return this._open[this._tab] ?? null;
  }
  setOpenRule(index: number | null): void {
    this._open = { ...this._open, [this._tab]: index };
    this._emit();
  }

  /**
   * One field of the form changed: the draft changes at that path only (undefined clears it,
   * so its default applies again). Groups in `pruneIfEmpty` that this leaves empty are dropped.
   */
  editField(path: Path, value: unknown, pruneIfEmpty: readonly Path[] = []): void {
    if (!this.canEdit) {
      return;
    }
    // An emptied group goes, unless the version in force has it empty: then it was never changed.
    this._edit(pruneEmpty(setAt(this._draft, path, value), pruneIfEmpty, this._current?.document));
  }

  /** Add a new rule of a type at the end of the current tab, open for editing. */
  addRule(type: string): void {
    if (!this.canEdit) {
      return;
    }
    const rules = this._rulesOf(this._tab);
    const path = this._rulesPath(this._tab);
    this._open = { ...this._open, [this._tab]: rules.length };
    this._edit(setAt(this._draft, path, [...rules, this._newRule(type, rules)]));
  }

  /** Remove the current tab's rule at an index. */
  removeRule(index: number): void {
    const rules = this._rulesOf(this._tab);
    if (!this.canEdit || index < 0 || index >= rules.length) {
      return;
    }
    const open = this.openRule;
    this._open = {
      ...this._open,
      [this._tab]: open === null || open === index ? null : open > index ? open - 1 : open
    };
    this._edit(
      setAt(
        this._draft,
        this._rulesPath(this._tab),
        rules.filter((_, i) => i !== index)
      )
    );
  }

  /** Move the current tab's rule at an index to another; the open rule stays open. */
  moveRule(from: number, to: number): void {
    const rules = this._rulesOf(this._tab);
    if (!this.canEdit || from === to || to < 0 || to >= rules.length) {
      return;
    }
    const open = this.openRule;
    if (open !== null) {
      const order = moveItem(
        rules.map((_, i) => i),
        from,
        to
      );
      this._open = { ...this._open, [this._tab]: order.indexOf(open) };
    }
    this._edit(setAt(this._draft, this._rulesPath(this._tab), moveItem(rules, from, to)));
  }

  /** Where a tab's rules list sits in the draft. */
  rulesPath(tab: RulesScope = this._tab): Path {
    return this._rulesPath(tab);
  }

  /** The JSON view changed: the draft follows whenever the text parses. */
  setJsonText(text: string): void {
    if (!this.canEdit) {
      return;
    }
    this._jsonText = text;
    const parsed = parseJsonText(text);
    if (parsed.ok) {
      this._jsonProblem = null;
      this._setDraft(parsed.document);
    } else {
      this._jsonProblem = parsed.problem;
    }
    this._emit();
  }

  /** Drop the draft's changes. */
  revert(): void {
    if (this._current) {
      this._setCurrent(this._current);
      this._emit();
    }
  }

  /** Why Save is not possible now, or null when it is. */
  saveBlocker(message: string): string | null {
    if (!this.canEdit) {
      return this.readOnlyReason;
    }
    if (this._jsonProblem) {
      return this._jsonProblem.message;
    }
    if (this._problems.length > 0) {
      return this._problems.length === 1
        ? '1 problem must be fixed first.'
        : `${this._problems.length} problems must be fixed first.`;
    }
    if (!this.dirty) {
      return 'Nothing changed since the version in force.';
    }
    if (!message.trim()) {
      return 'Say in a message what the change is for.';
    }
    return null;
  }

  /** Save the draft as a new version. Resolves true when stored. */
  async save(message: string): Promise<boolean> {
    if (this.saveBlocker(message) !== null || this._saving) {
      return false;
    }
    this._saving = true;
    this._saveError = null;
    this._saveWarnings = [];
    this._emit();
    try {
      // The version edited from: the service refuses the save if someone saved meanwhile.
      const saved = await this._client.saveRules(
        this._draft,
        message.trim(),
        this._current?.version
      );
      this._saveWarnings = saved.warnings ?? [];
      this._setCurrent(saved);
      await this._loadHistory();
      return true;
    } catch (reason) {
      this._saveError = errorMessage(reason, 'Not saved');
      const path = reason instanceof ServiceError ? reason.details?.path : undefined;
      if (typeof path === 'string') {
        this._saveError += ` (at ${path})`;
      }
      return false;
    } finally {
      this._saving = false;
      this._emit();
    }
  }

  /** Try the draft on request #N (in the tab's environment, or the request's own). */
  async tryOn(requestId: number): Promise<void> {
    if (!Number.isInteger(requestId) || requestId < 1) {
      this._dryRun = { requestId, running: false, result: null, error: 'Give a request number.' };
      this._emit();
      return;
    }
    const environment = this._tab === 'defaults' ? undefined : this._tab;
    this._dryRun = { requestId, running: true, result: null, error: null };
    this._emit();
    try {
      const result = await this._client.dryRunRules({
        document: this._draft,
        requestId,
        ...(environment ? { environment } : {})
      });
      this._dryRun = { requestId, running: false, result, error: null };
    } catch (reason) {
      this._dryRun = {
        requestId,
        running: false,
        result: null,
        error: errorMessage(reason, `Could not try the rules on request #${requestId}`)
      };
    }
    this._emit();
  }

  /** Compare two versions (older first). */
  async showDiff(from: number, to: number): Promise<void> {
    const [a, b] = from <= to ? [from, to] : [to, from];
    this._diff = { from: a, to: b, loading: true, result: null, error: null };
    this._emit();
    try {
      const result = await this._client.diffRules(a, b);
      if (this._diff?.from === a && this._diff.to === b) {
        this._diff = { ...this._diff, loading: false, result };
      }
    } catch (reason) {
      if (this._diff?.from === a && this._diff.to === b) {
        this._diff = { ...this._diff, loading: false, error: errorMessage(reason) };
      }
    }
    this._emit();
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  dispose(): void {
    if (!this._disposed) {
      this._disposed = true;
      Signal.clearData(this);
    }
  }

  private async _loadHistory(): Promise<void> {
    try {
      this._versions = await this._client.listRulesVersions();
      this._historyError = null;
    } catch (reason) {
      this._historyError = errorMessage(reason, 'Could not load the history');
    }
  }

  private _setCurrent(current: RulesVersion): void {
    this._current = current;
    this._setDraft(current.document);
    this._jsonText = toJsonText(current.document);
    this._jsonProblem = null;
  }

  private _setDraft(document: RulesDocument): void {
    this._draft = document;
    this._problems = this._validate(document);
  }

  private _rulesPath(tab: RulesScope): Path {
    return tab === 'defaults' ? ['defaults', 'rules'] : ['environments', tab, 'rules'];
  }

  private _rulesOf(tab: RulesScope): unknown[] {
    const rules = getAt(this._draft, this._rulesPath(tab));
    return Array.isArray(rules) ? rules : [];
  }

  private _edit(document: RulesDocument): void {
    this._setDraft(document);
    this._jsonText = toJsonText(this._draft);
    this._jsonProblem = null;
    this._emit();
  }

  private _onConfigured(): void {
    void this.load();
  }

  private _emit(): void {
    if (!this._disposed) {
      this._changed.emit();
    }
  }

  private readonly _client: ServiceClient;
  private readonly _validate: (document: RulesDocument) => RulesProblem[];
  private readonly _newRule: (
    type: string,
    existing: readonly unknown[]
  ) => Record<string, unknown>;
  private readonly _changed = new Signal<this, void>(this);
  private _open: Partial<Record<RulesScope, number | null>> = {};
  private _identity: Identity | null = null;
  private _loading = false;
  private _loadError: string | null = null;
  private _current: RulesVersion | null = null;
  private _draft: RulesDocument = {};
  private _tab: RulesScope = 'prod';
  private _view: 'form' | 'json' = 'form';
  private _jsonText = '';
  private _jsonProblem: RulesProblem | null = null;
  private _problems: RulesProblem[] = [];
  private _saving = false;
  private _saveError: string | null = null;
  private _saveWarnings: RulesWarning[] = [];
  private _dryRun: DryRunState = { requestId: null, running: false, result: null, error: null };
  private _versions: RulesVersionSummary[] = [];
  private _historyError: string | null = null;
  private _diff: DiffState | null = null;
  private _generation = 0;
  private _disposed = false;
}
