import type { TranslationBundle } from '@jupyterlab/translation';
import type { RJSFSchema } from '@rjsf/utils';
import * as React from 'react';
import { plainMessage } from './plainProblem';
import { getAt, isObject, type Path, pointerOf } from './ruleEdits';
import {
  displayValue,
  type FieldSpec,
  fieldsOf,
  itemLabel,
  itemSchema,
  parseValue,
  type SchemaNode,
  SHOWN_WITH,
  template
} from './ruleFields';
import type { RulesProblem } from './rulesDocument';

/** What every field of a rule's form needs. */
export interface FieldContext {
  root: RJSFSchema;
  /** The whole draft; fields read their value at their path. */
  document: unknown;
  problems: RulesProblem[];
  readOnly: boolean;
  /** Set (or, with undefined, clear) the value at a path; groups listed are dropped when left empty. */
  onEdit(path: Path, value: unknown, pruneIfEmpty?: readonly Path[]): void;
  trans: TranslationBundle;
}

/** The fields of an object at `path`, one row each. */
export function FieldList(props: {
  ctx: FieldContext;
  schema: SchemaNode;
  path: Path;
  parentKey: string | null;
  omit?: readonly string[];
  /** Optional groups above this one, dropped when an edit leaves them empty. */
  groups?: readonly Path[];
}): JSX.Element {
  const here = getAt(props.ctx.document, props.path);
  const has = (key: string) => isObject(here) && here[key] !== undefined;
  const fields = fieldsOf(props.ctx.root, props.schema, props.parentKey, props.omit).filter(
    f => !SHOWN_WITH[f.key] || has(SHOWN_WITH[f.key]) || has(f.key)
  );
  return (
    <div className="jp-nbpromote-RuleFields">
      {fields.map(field => (
        <Field
          key={field.key}
          ctx={props.ctx}
          field={field}
          path={[...props.path, field.key]}
          groups={props.groups ?? []}
        />
      ))}
    </div>
  );
}

/** Problems reported at exactly this path (or, for lists of values, at one of its items). */
function problemsAt(ctx: FieldContext, path: Path, items: boolean): string[] {
  const pointer = pointerOf(path);
  return ctx.problems
    .filter(
      p =>
        p.path === pointer ||
        (items && /^\/\d+$/.test(p.path.slice(pointer.length)) && p.path.startsWith(pointer))
    )
    .map(p => plainMessage(p.message));
}

function Field(props: {
  ctx: FieldContext;
  field: FieldSpec;
  path: Path;
  groups: readonly Path[];
}): JSX.Element {
  const { ctx, field, path, groups } = props;
  const value = getAt(ctx.document, path);
  const id = `nbp-rule-field-${pointerOf(path).replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const errors = problemsAt(ctx, path, field.kind === 'textList' || field.kind === 'choices');
  const set = (next: unknown) => ctx.onEdit(path, next, groups);
  const isSet = value !== undefined;
  const canClear = isSet && !field.required && !ctx.readOnly;

  if (field.kind === 'group') {
    return <GroupField {...props} value={value} errors={errors} />;
  }
  if (field.kind === 'objectList') {
    return <ListField {...props} value={value} errors={errors} />;
  }

  let control: JSX.Element;
  switch (field.kind) {
    case 'boolean': {
      const checked = isSet ? value === true : field.defaultValue === true;
      control = (
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={ctx.readOnly}
          onChange={e => set(e.target.checked)}
        />
      );
      break;
    }
    case 'choice': {
      const shown = isSet
        ? String(value)
        : field.defaultValue !== undefined
          ? String(field.defaultValue)
          : '';
      control = (
        <select
          id={id}
          value={shown}
          disabled={ctx.readOnly}
          onChange={e => set(e.target.value === '' ? undefined : e.target.value)}
        >
          {(field.defaultValue === undefined || !field.choices?.some(c => c.value === shown)) && (
            <option value="">{ctx.trans.__('(not set)')}</option>
          )}
          {field.choices?.map(c => (
            <option key={c.value} value={c.value}>
              {ctx.trans.__(c.label)}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'choices': {
      const chosen = Array.isArray(value)
        ? value.map(String)
        : Array.isArray(field.defaultValue)
          ? field.defaultValue.map(String)
          : [];
      control = (
        <span
          id={id}
          className="jp-nbpromote-RuleField-choices"
          role="group"
          aria-label={ctx.trans.__(field.label)}
        >
          {field.choices?.map(c => (
            <label key={c.value}>
              <input
                type="checkbox"
                checked={chosen.includes(c.value)}
                disabled={ctx.readOnly}
                onChange={e =>
                  set(
                    e.target.checked
                      ? [...(Array.isArray(value) ? value : chosen), c.value]
                      : (Array.isArray(value) ? value : chosen).filter(v => v !== c.value)
                  )
                }
              />
              {ctx.trans.__(c.label)}
            </label>
          ))}
        </span>
      );
      break;
    }
    default:
      control = (
        <TextInput
          id={id}
          value={value}
          field={field}
          readOnly={ctx.readOnly}
          invalid={errors.length > 0}
          onCommit={set}
        />
      );
  }
  return (
    <div
      className="jp-nbpromote-RuleField"
      data-field={pointerOf(path)}
      data-kind={field.kind}
      data-required={field.required || undefined}
      data-invalid={errors.length > 0 || undefined}
    >
      <label htmlFor={id} className="jp-nbpromote-RuleField-label">
        {ctx.trans.__(field.label)}
      </label>
      <div className="jp-nbpromote-RuleField-control">
        {control}
        {canClear && (
          <button
            type="button"
            className="jp-Button jp-mod-minimal jp-mod-styled jp-nbpromote-RuleField-clear"
            title={ctx.trans.__('Unset: use the default')}
            aria-label={ctx.trans.__('Unset %1', field.label)}
            onClick={() => set(undefined)}
          >
            ×
          </button>
        )}
      </div>
      {field.help && <p className="jp-nbpromote-RuleField-help">{ctx.trans.__(field.help)}</p>}
      {errors.map((e, i) => (
        <p key={i} className="jp-nbpromote-RuleField-error" role="alert">
          {ctx.trans.__(e)}
        </p>
      ))}
    </div>
  );
}

/**
 * A text box that keeps what is typed while it is typed ("0." on the way to "0.5") and
 * writes the value it stands for; it follows the draft when the draft changes elsewhere.
 */
function TextInput(props: {
  id: string;
  value: unknown;
  field: FieldSpec;
  readOnly: boolean;
  invalid: boolean;
  onCommit(value: unknown): void;
}): JSX.Element {
  const { field } = props;
  const shown = displayValue(field.kind, props.value);
  const [text, setText] = React.useState(shown);
  const last = React.useRef(shown);
  if (last.current !== shown) {
    last.current = shown;
    if (
      JSON.stringify(parseValue(field.kind, text, field.required)) !== JSON.stringify(props.value)
    ) {
      setText(shown);
    }
  }
  const placeholder =
    field.defaultValue !== undefined && !Array.isArray(field.defaultValue)
      ? `default: ${displayValue(field.kind, field.defaultValue)}`
      : field.kind === 'textList'
        ? 'comma-separated'
        : '';
  return (
    <input
      id={props.id}
      type="text"
      inputMode={
        field.kind === 'number' ? 'decimal' : field.kind === 'integer' ? 'numeric' : undefined
      }
      value={text}
      placeholder={placeholder}
      readOnly={props.readOnly}
      aria-invalid={props.invalid || undefined}
      spellCheck={false}
      onChange={e => {
        setText(e.target.value);
        props.onCommit(parseValue(field.kind, e.target.value, field.required));
      }}
    />
  );
}

/** A group of settings: always shown when it has a default; otherwise switched on and off. */
function GroupField(props: {
  ctx: FieldContext;
  field: FieldSpec;
  path: Path;
  groups: readonly Path[];
  value: unknown;
  errors: string[];
}): JSX.Element {
  const { ctx, field, path, value, errors } = props;
  const optional = !field.required && field.defaultValue === undefined;
  const on = isObject(value);
  const groups = field.required ? props.groups : [...props.groups, path];
  return (
    <fieldset
      className="jp-nbpromote-RuleField jp-nbpromote-RuleField-group"
      data-field={pointerOf(path)}
      data-kind="group"
      data-off={(optional && !on) || undefined}
    >
      <legend>
        {optional ? (
          <label>
            <input
              type="checkbox"
              checked={on}
              disabled={ctx.readOnly}
              onChange={e =>
                ctx.onEdit(path, e.target.checked ? template(ctx.root, field.schema) : undefined)
              }
            />
            {ctx.trans.__(field.label)}
          </label>
        ) : (
          ctx.trans.__(field.label)
        )}
      </legend>
      {field.help && <p className="jp-nbpromote-RuleField-help">{ctx.trans.__(field.help)}</p>}
      {(!optional || on) && (
        <FieldList
          ctx={ctx}
          schema={field.schema}
          path={path}
          parentKey={field.key}
          groups={groups}
        />
      )}
      {errors.map((e, i) => (
        <p key={i} className="jp-nbpromote-RuleField-error" role="alert">
          {ctx.trans.__(e)}
        </p>
      ))}
    </fieldset>
  );
}

/** A list of groups (step owners, patterns, windows): each removable, more added. */
function ListField(props: {
  ctx: FieldContext;
  field: FieldSpec;
  path: Path;
  groups: readonly Path[];
  value: unknown;
  errors: string[];
}): JSX.Element {
  const { ctx, field, path, groups, value, errors } = props;
  const items = Array.isArray(value) ? value : [];
  const schema = itemSchema(ctx.root, field);
  const noun = itemLabel(field.key);
  return (
    <fieldset
      className="jp-nbpromote-RuleField jp-nbpromote-RuleField-list"
      data-field={pointerOf(path)}
      data-kind="objectList"
    >
      <legend>{ctx.trans.__(field.label)}</legend>
      {items.length === 0 && <p className="jp-nbpromote-muted">{ctx.trans.__('None.')}</p>}
      {items.map((_, i) => (
        <div key={i} className="jp-nbpromote-RuleField-item" data-item={i}>
          <FieldList ctx={ctx} schema={schema} path={[...path, i]} parentKey={field.key} />
          {!ctx.readOnly && (
            <button
              type="button"
              className="jp-Button jp-mod-minimal jp-mod-styled"
              aria-label={ctx.trans.__('Remove %1 %2', noun, String(i + 1))}
              onClick={() =>
                ctx.onEdit(
                  path,
                  items.length === 1 && !field.required
                    ? undefined
                    : items.filter((__, j) => j !== i),
                  groups
                )
              }
            >
              {ctx.trans.__('Remove')}
            </button>
          )}
        </div>
      ))}
      {!ctx.readOnly && (
        <button
          type="button"
          className="jp-Button jp-mod-styled jp-nbpromote-RuleField-add"
          onClick={() => ctx.onEdit(path, [...items, template(ctx.root, schema)])}
        >
          {ctx.trans.__('Add %1', noun)}
        </button>
      )}
      {errors.map((e, i) => (
        <p key={i} className="jp-nbpromote-RuleField-error" role="alert">
          {ctx.trans.__(e)}
        </p>
      ))}
    </fieldset>
  );
}
