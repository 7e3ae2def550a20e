import type { TranslationBundle } from '@jupyterlab/translation';
import type { RJSFSchema } from '@rjsf/utils';
import * as React from 'react';
import { plainMessage } from './plainProblem';
import { getAt, isObject, pointerOf } from './ruleEdits';
import { FieldList, type FieldContext } from './RuleFieldEditor';
import { resolveSchema, ruleSchema, ruleTypes, type SchemaNode } from './ruleFields';
import type { Path } from './ruleEdits';
import type { RulesEditorModel } from './rulesEditorModel';
import { enforcementNote, summarizeRule } from './ruleSummary';

/**
 * The form view of one tab: its rules as cards that say in one sentence what each demands,
 * opened in place to edit, removed and moved; below them, a rule of any type is added.
 */
export function RuleCards(props: {
  model: RulesEditorModel;
  root: RJSFSchema;
  trans: TranslationBundle;
}): JSX.Element {
  const { model, root, trans } = props;
  const rulesPath = model.rulesPath();
  const stored = getAt(model.draft, rulesPath);
  const rules = Array.isArray(stored) ? stored : [];
  const types = ruleTypes(root);
  const [type, setType] = React.useState(types[0]?.type ?? '');
  const readOnly = !model.canEdit;
  const ctx: FieldContext = {
    root,
    document: model.draft,
    problems: model.problems,
    readOnly,
    onEdit: (path, value, prune) => model.editField(path, value, prune),
    trans
  };
  return (
    <div className="jp-nbpromote-RulesEditor-form" data-tab={model.tab}>
      {rules.length === 0 && (
        <p className="jp-nbpromote-muted">
          {model.tab === 'defaults'
            ? trans.__('No rule applies to every environment.')
            : trans.__(
                'No rules of its own: %1 gets only the rules every environment gets.',
                model.tab
              )}
        </p>
      )}
      <ol className="jp-nbpromote-RuleCards">
        {rules.map((rule, index) => {
          const pointer = pointerOf([...rulesPath, index]);
          const count = model.problems.filter(
            p => p.path === pointer || p.path.startsWith(`${pointer}/`)
          ).length;
          const open = model.openRule === index;
          const schema = isObject(rule) ? ruleSchema(root, rule.type) : undefined;
          const label = types.find(t => isObject(rule) && t.type === rule.type)?.label;
          const note = enforcementNote(rule);
          const id = isObject(rule) && typeof rule.id === 'string' ? rule.id : '';
          return (
            <li
              key={index}
              className="jp-nbpromote-RuleCard"
              data-rule-index={index}
              data-rule-type={isObject(rule) ? String(rule.type) : ''}
              data-rule-id={id}
              data-open={open || undefined}
              data-invalid={count > 0 || undefined}
            >
              <div className="jp-nbpromote-RuleCard-head">
                <span className="jp-nbpromote-RuleCard-type">
                  {trans.__(label ?? 'Unknown rule')}
                </span>
                <code className="jp-nbpromote-RuleCard-id">{id}</code>
                {count > 0 && (
                  <span className="jp-nbpromote-RulesEditor-badge" title={trans.__('Problems')}>
                    {count}
                  </span>
                )}
                <span className="jp-nbpromote-RuleCard-actions">
                  <button
                    type="button"
                    className="jp-Button jp-mod-minimal jp-mod-styled"
                    aria-expanded={open}
                    aria-label={trans.__(
                      open ? 'Close rule %1' : readOnly ? 'Show rule %1' : 'Edit rule %1',
                      id || String(index + 1)
                    )}
                    onClick={() => model.setOpenRule(open ? null : index)}
                  >
                    {open ? trans.__('Done') : readOnly ? trans.__('Details') : trans.__('Edit')}
                  </button>
                  {!readOnly && (
                    <>
                      <button
                        type="button"
                        className="jp-Button jp-mod-minimal jp-mod-styled"
                        aria-label={trans.__('Move rule %1 up', id || String(index + 1))}
                        title={trans.__('Move up')}
                        disabled={index === 0}
                        onClick={() => model.moveRule(index, index - 1)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="jp-Button jp-mod-minimal jp-mod-styled"
                        aria-label={trans.__('Move rule %1 down', id || String(index + 1))}
                        title={trans.__('Move down')}
                        disabled={index === rules.length - 1}
                        onClick={() => model.moveRule(index, index + 1)}
                      >
                        ↓
                      </button>
                      <button
                        type="button"
                        className="jp-Button jp-mod-minimal jp-mod-styled"
                        aria-label={trans.__('Remove rule %1', id || String(index + 1))}
                        title={trans.__('Remove')}
                        onClick={() => model.removeRule(index)}
                      >
                        ✕
                      </button>
                    </>
                  )}
                </span>
              </div>
              <p className="jp-nbpromote-RuleCard-summary">{trans.__(summarizeRule(rule))}</p>
              {note && <p className="jp-nbpromote-RuleCard-note">{trans.__(note)}</p>}
              {isObject(rule) && typeof rule.message === 'string' && rule.message && (
                <p className="jp-nbpromote-RuleCard-message">
                  {trans.__('Tells the data scientist: “%1”', rule.message)}
                </p>
              )}
              {open && schema && (
                <div className="jp-nbpromote-RuleCard-fields">
                  <RuleFields ctx={ctx} schema={schema} path={[...rulesPath, index]} />
                </div>
              )}
              {open && !schema && (
                <p className="jp-nbpromote-RuleField-error" role="alert">
                  {trans.__('This rule’s type is not one the form knows; fix it in the JSON view.')}
                </p>
              )}
              {!open && count > 0 && (
                <p className="jp-nbpromote-RuleField-error">
                  {trans.__(
                    '%1 Edit the rule to fix it.',
                    plainMessage(
                      model.problems.find(
                        p => p.path === pointer || p.path.startsWith(`${pointer}/`)
                      )?.message ?? ''
                    )
                  )}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {!readOnly && (
        <div className="jp-nbpromote-RuleCards-add">
          <span>{trans.__('Add a rule:')}</span>
          <select
            aria-label={trans.__('Type of rule to add')}
            value={type}
            onChange={e => setType(e.target.value)}
          >
            {types.map(t => (
              <option key={t.type} value={t.type}>
                {trans.__(t.label)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="jp-Button jp-mod-styled"
            onClick={() => model.addRule(type)}
          >
            {trans.__('Add rule')}
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * A rule's settings: what it demands first (its parameters, without a group around them),
 * then its name, enforcement and message.
 */
function RuleFields(props: { ctx: FieldContext; schema: SchemaNode; path: Path }): JSX.Element {
  const { ctx, schema, path } = props;
  const properties = (schema.properties ?? {}) as Record<string, SchemaNode>;
  const parameters = resolveSchema(ctx.root, properties.parameters ?? {});
  const required = ((schema.required ?? []) as string[]).includes('parameters');
  const at = [...path, 'parameters'];
  return (
    <>
      <FieldList
        ctx={ctx}
        schema={parameters}
        path={at}
        parentKey="parameters"
        groups={required ? [] : [at]}
      />
      <div className="jp-nbpromote-RuleCard-common">
        <FieldList
          ctx={ctx}
          schema={schema}
          path={path}
          parentKey={null}
          omit={['type', 'parameters']}
        />
      </div>
    </>
  );
}
