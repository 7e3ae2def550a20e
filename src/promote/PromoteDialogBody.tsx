import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { Bump, Environment, PreviewResult, Problem } from '../client/types';
import { RuleResultList } from '../rules/RuleResultList';
import {
  BUMPS,
  ENVIRONMENTS,
  fileTree,
  type FileNode,
  type PromoteChoices,
  runParameterRows,
  splitProblems,
  submitBlocker,
  versionNote
} from './promoteForm';

export interface PromoteDialogBodyProps {
  initial: PromoteChoices;
  /** Ask the service what this promotion would produce. */
  loadPreview(environment: Environment, bump: Bump): Promise<PreviewResult>;
  /** Send the request; resolves when it is stored. */
  submit(choices: PromoteChoices): Promise<void>;
  /** Close the dialog without submitting. */
  cancel(): void;
  /** A failure as one readable sentence. */
  describe(reason: unknown): string;
  /** Call back when the rules in force change, so the rule results are asked for again. */
  watchRules?(onChange: () => void): () => void;
  trans: TranslationBundle;
}

/** The Promote dialog: choices, the bundle preview, the rule checks and the diff summary. */
export function PromoteDialogBody(props: PromoteDialogBodyProps): JSX.Element {
  const { trans } = props;
  const [choices, setChoices] = React.useState(props.initial);
  const [preview, setPreview] = React.useState<PreviewResult | null>(null);
  const [previewError, setPreviewError] = React.useState<string | null>(null);
  const [selected, setSelected] = React.useState<string | null>(null);
  const [submitting, setSubmitting] = React.useState(false);
  const [submitError, setSubmitError] = React.useState<string | null>(null);

  const [rulesChanges, setRulesChanges] = React.useState(0);
  React.useEffect(() => props.watchRules?.(() => setRulesChanges(n => n + 1)), []);

  React.useEffect(() => {
    let live = true;
    setPreview(null);
    setPreviewError(null);
    props.loadPreview(choices.environment, choices.bump).then(
      result => live && setPreview(result),
      reason => live && setPreviewError(props.describe(reason))
    );
    return () => {
      live = false;
    };
  }, [choices.environment, choices.bump, rulesChanges]);

  const blocker = submitBlocker(choices, preview, previewError);
  const update = (patch: Partial<PromoteChoices>) => setChoices({ ...choices, ...patch });
  const onSubmit = async () => {
    setSubmitting(true);
    setSubmitError(null);
    try {
      await props.submit(choices);
    } catch (reason) {
      setSubmitError(props.describe(reason));
      setSubmitting(false);
    }
  };

  const note = preview ? versionNote(preview) : null;
  return (
    <div className="jp-nbpromote-PromoteDialog">
      {/* Everything above the footer scrolls; Submit and why it is disabled stay in view. */}
      <div className="jp-nbpromote-PromoteDialog-scroll">
        <div className="jp-nbpromote-PromoteDialog-fields">
          <SelectField
            label={trans.__('Target environment')}
            value={choices.environment}
            options={ENVIRONMENTS}
            onChange={environment => update({ environment })}
          />
          <SelectField
            label={trans.__('Version bump')}
            value={choices.bump}
            options={BUMPS}
            disabled={note !== null}
            describedBy="jp-nbpromote-PromoteDialog-versionNote"
            onChange={bump => update({ bump })}
          />
          {note && (
            <p
              id="jp-nbpromote-PromoteDialog-versionNote"
              className="jp-nbpromote-PromoteDialog-wide jp-nbpromote-PromoteDialog-note"
            >
              {trans.__(note.text, ...note.args)}
            </p>
          )}
          <label className="jp-nbpromote-PromoteDialog-wide">
            {trans.__('Title')}
            <input
              aria-label={trans.__('Title')}
              value={choices.title}
              onChange={e => update({ title: e.target.value })}
            />
          </label>
          <label className="jp-nbpromote-PromoteDialog-wide">
            {trans.__('Description')}
            <textarea
              aria-label={trans.__('Description')}
              rows={3}
              value={choices.description}
              onChange={e => update({ description: e.target.value })}
            />
          </label>
        </div>
        {previewError && (
          <p className="jp-nbpromote-error" role="alert">
            {previewError}
          </p>
        )}
        {!preview && !previewError && (
          <p className="jp-nbpromote-muted">{trans.__('Checking the notebook…')}</p>
        )}
        {preview && (
          <PreviewSection
            preview={preview}
            selected={selected}
            onSelect={setSelected}
            trans={trans}
          />
        )}
      </div>
      <div className="jp-nbpromote-PromoteDialog-footer">
        <Status submitting={submitting} submitError={submitError} blocker={blocker} trans={trans} />
        <button
          type="button"
          className="jp-Button jp-Dialog-button jp-mod-styled jp-mod-reject"
          onClick={props.cancel}
        >
          {trans.__('Cancel')}
        </button>
        <button
          type="button"
          className="jp-Button jp-Dialog-button jp-mod-styled jp-mod-accept jp-nbpromote-PromoteDialog-submit"
          disabled={blocker !== null || submitting}
          title={blocker ?? undefined}
          onClick={onSubmit}
        >
          {trans.__('Submit')}
        </button>
      </div>
    </div>
  );
}

/** Why Submit is disabled (or what went wrong), in the footer beside it. */
function Status(props: {
  submitting: boolean;
  submitError: string | null;
  blocker: string | null;
  trans: TranslationBundle;
}): JSX.Element {
  const { trans } = props;
  if (props.submitting) {
    return (
      <span className="jp-nbpromote-PromoteDialog-status" role="status">
        {trans.__('Submitting…')}
      </span>
    );
  }
  const problem = props.submitError ?? props.blocker;
  return (
    <span
      className={`jp-nbpromote-PromoteDialog-status${problem ? ' jp-mod-blocked' : ''}`}
      role="status"
    >
      {props.submitError
        ? trans.__('Not submitted: %1', props.submitError)
        : props.blocker
          ? trans.__('Submit is disabled: %1', props.blocker)
          : ''}
    </span>
  );
}

function SelectField<T extends string>(props: {
  label: string;
  value: T;
  options: readonly T[];
  disabled?: boolean;
  describedBy?: string;
  onChange(value: T): void;
}): JSX.Element {
  return (
    <label>
      {props.label}
      <select
        aria-label={props.label}
        disabled={props.disabled}
        aria-describedby={props.disabled ? props.describedBy : undefined}
        value={props.value}
        onChange={e => props.onChange(e.target.value as T)}
      >
        {props.options.map(option => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

function PreviewSection(props: {
  preview: PreviewResult;
  selected: string | null;
  onSelect(path: string): void;
  trans: TranslationBundle;
}): JSX.Element {
  const { preview, trans } = props;
  const { blocking, warnings } = splitProblems(preview.problems);
  const paths = Object.keys(preview.files);
  const params = runParameterRows(preview);
  return (
    <div className="jp-nbpromote-PromoteDialog-preview">
      <p className="jp-nbpromote-PromoteDialog-version">
        {trans.__(
          '%1/%2 version %3 to %4',
          preview.project,
          preview.algorithm,
          preview.version,
          preview.environment
        )}
        {preview.currentVersion
          ? ' ' + trans.__('(now %1 there)', preview.currentVersion)
          : ' ' + trans.__('(first promotion there)')}
      </p>
      <section aria-label={trans.__('Rule checks')}>
        <h3>{trans.__('Checks')}</h3>
        {blocking.length === 0 && warnings.length === 0 && (
          <p className="jp-nbpromote-ok">{trans.__('All checks pass.')}</p>
        )}
        <ProblemList problems={blocking} kind="blocking" label={trans.__('Blocking')} />
        <ProblemList problems={warnings} kind="warning" label={trans.__('Warning')} />
      </section>
      {preview.rules && (
        <section
          aria-label={trans.__('Promotion rules')}
          className="jp-nbpromote-PromoteDialog-rules"
        >
          <h3>
            {trans.__(
              'Rules for %1 (version %2)',
              preview.rules.environment,
              String(preview.rules.rulesVersion)
            )}
          </h3>
          <RuleResultList
            results={preview.rules.results}
            trans={trans}
            empty={trans.__('No rules apply to %1.', preview.rules.environment)}
          />
        </section>
      )}
      {params.length > 0 && (
        <section
          aria-label={trans.__('Parameters')}
          className="jp-nbpromote-PromoteDialog-parameters"
        >
          <h3>{trans.__('Parameters in %1', preview.environment)}</h3>
          <ul>
            {params.map(p => (
              <li key={p.name}>
                <code>{p.name}</code> = <code>{p.value}</code>{' '}
                {p.fromEnvironment
                  ? trans.__('(set for %1)', preview.environment)
                  : trans.__('(notebook default)')}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-label={trans.__('Changes')}>
        <h3>{trans.__('Changes against %1', preview.environment)}</h3>
        <p>
          {trans.__(
            '%1 added, %2 changed, %3 removed',
            String(preview.diff.added.length),
            String(preview.diff.changed.length),
            String(preview.diff.removed.length)
          )}
        </p>
      </section>
      {paths.length > 0 && (
        <section aria-label={trans.__('Bundle files')} className="jp-nbpromote-BundlePreview">
          <ul className="jp-nbpromote-FileTree" role="tree">
            {fileTree(paths).map(node => (
              <FileTreeNode key={node.path} node={node} {...props} />
            ))}
          </ul>
          <pre className="jp-nbpromote-FileContent" aria-label={trans.__('File content')}>
            {props.selected ? preview.files[props.selected] : trans.__('Click a file to read it.')}
          </pre>
        </section>
      )}
    </div>
  );
}

function FileTreeNode(props: {
  node: FileNode;
  selected: string | null;
  onSelect(path: string): void;
}): JSX.Element {
  const { node } = props;
  if (node.children.length > 0) {
    return (
      <li role="treeitem" aria-expanded={true} className="jp-nbpromote-FileTree-folder">
        <span>{node.name}/</span>
        <ul role="group">
          {node.children.map(child => (
            <FileTreeNode key={child.path} {...props} node={child} />
          ))}
        </ul>
      </li>
    );
  }
  return (
    <li role="treeitem" aria-selected={props.selected === node.path}>
      <button
        type="button"
        className="jp-nbpromote-FileTree-file"
        data-path={node.path}
        onClick={() => props.onSelect(node.path)}
      >
        {node.name}
      </button>
    </li>
  );
}

function ProblemList(props: {
  problems: Problem[];
  kind: 'blocking' | 'warning';
  label: string;
}): JSX.Element | null {
  if (props.problems.length === 0) {
    return null;
  }
  return (
    <ul className={`jp-nbpromote-ProblemList jp-nbpromote-mod-${props.kind}`}>
      {props.problems.map((p, i) => (
        <li key={i}>
          <strong>{props.label}</strong> {p.message}
          {p.cell !== undefined && <span className="jp-nbpromote-muted"> (cell {p.cell})</span>}
        </li>
      ))}
    </ul>
  );
}
