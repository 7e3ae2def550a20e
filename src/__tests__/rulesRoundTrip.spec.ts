import { ServiceClient } from '../client/serviceClient';
import type { RulesDocument, RulesScope, RulesVersion } from '../client/types';
import { changedPaths, getAt, isObject, type Path } from '../rules/ruleEdits';
import {
  displayValue,
  type FieldSpec,
  fieldsOf,
  itemSchema,
  newRule,
  parseValue,
  ruleSchema,
  type SchemaNode
} from '../rules/ruleFields';
import { RulesEditorModel } from '../rules/rulesEditorModel';
import { rulesSchema, validateRules } from '../rules/rulesSchema';
import { Gen, RULE_TYPES, rulesDocument } from './rulesGenerator';

/**
 * Property: the form changes only what the admin changes. Seeded documents over every rule
 * type and optional field go through the editor's model as the form shows them (every field
 * read into its control and written back) and come out deep-equal, with nothing to save;
 * one field edited changes exactly that field.
 */
const SEED = Number(process.env.NBPROMOTE_RULES_PROP_SEED ?? 20261207);
const RUNS = Number(process.env.NBPROMOTE_RULES_PROP_RUNS ?? 60);
const TABS: RulesScope[] = ['defaults', 'dev', 'stage', 'prod'];

function version(document: RulesDocument): RulesVersion {
  return {
    version: 3,
    author: 'grace',
    message: 'm',
    createdAt: '2026-01-01T00:00:00Z',
    sha256: 'a'.repeat(64),
    commitSha: null,
    warnings: [],
    document
  };
}

async function editorOn(document: RulesDocument) {
  const puts: unknown[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const path = new URL(String(input)).pathname.replace('/api/v1', '');
    const method = init?.method ?? 'GET';
    if (method === 'PUT') {
      const body = JSON.parse(String(init?.body));
      puts.push(body);
      return new Response(JSON.stringify({ ...version(body.document), version: 4 }));
    }
    const answers: Record<string, unknown> = {
      '/me': { name: 'grace', role: 'admin' },
      '/rules': version(document),
      '/rules/versions': { items: [] }
    };
    return new Response(JSON.stringify(answers[path]), { status: 200 });
  };
  const model = new RulesEditorModel({
    client: new ServiceClient({ baseUrl: 'http://svc', fetch }),
    validate: doc => validateRules(rulesSchema, doc),
    newRule: (type, existing) => newRule(rulesSchema, type, existing)
  });
  await model.load();
  return { model, puts };
}

/** Every field the form shows for the draft: its path and spec, depth first. */
function formFields(document: unknown): { path: Path; field: FieldSpec }[] {
  const out: { path: Path; field: FieldSpec }[] = [];
  const walk = (schema: SchemaNode, path: Path, parentKey: string | null, omit: string[]) => {
    for (const field of fieldsOf(rulesSchema, schema, parentKey, omit)) {
      const at = [...path, field.key];
      out.push({ path: at, field });
      const value = getAt(document, at);
      if (field.kind === 'group' && isObject(value)) {
        walk(field.schema, at, field.key, []);
      }
      if (field.kind === 'objectList' && Array.isArray(value)) {
        value.forEach((_, i) => walk(itemSchema(rulesSchema, field), [...at, i], field.key, []));
      }
    }
  };
  for (const tab of TABS) {
    const base = tab === 'defaults' ? ['defaults', 'rules'] : ['environments', tab, 'rules'];
    const rules = getAt(document, base);
    (Array.isArray(rules) ? rules : []).forEach((rule, i) => {
      const schema = isObject(rule) ? ruleSchema(rulesSchema, rule.type) : undefined;
      if (schema) {
        walk(schema, [...base, i], null, ['type']);
      }
    });
  }
  return out;
}

const LEAVES = new Set(['boolean', 'choice', 'number', 'integer', 'text', 'textList', 'choices']);

/** A valid value for a leaf field that differs from `current`. */
function otherValue(g: Gen, field: FieldSpec, current: unknown): unknown {
  const s = field.schema;
  for (let attempt = 0; attempt < 20; attempt++) {
    let v: unknown;
    switch (field.kind) {
      case 'boolean':
        v = current === undefined ? g.bool() : current !== true;
        break;
      case 'choice':
        v = g.pick(field.choices!.map(c => c.value));
        break;
      case 'choices':
        v = g.some(field.choices!.map(c => c.value));
        break;
      case 'integer':
        v = g.int(Number(s.minimum ?? 0), Math.min(Number(s.maximum ?? 1000), 1000));
        break;
      case 'number':
        v = g.int(0, 100) / 100;
        break;
      case 'textList':
        v = [g.name()];
        break;
      default:
        v = field.key === 'time' ? '07:30' : `${g.name()}`;
    }
    if (JSON.stringify(v) !== JSON.stringify(current)) {
      return v;
    }
  }
  return undefined;
}

describe('the rules form changes only what the admin changes (seeded property)', () => {
  it(`round-trips ${RUNS} generated documents unchanged through the form (seed ${SEED})`, async () => {
    const g = new Gen(SEED);
    const types = new Set<unknown>();
    for (let run = 0; run < RUNS; run++) {
      const stored = rulesDocument(g);
      expect(validateRules(rulesSchema, stored)).toEqual([]);
      const { model, puts } = await editorOn(JSON.parse(JSON.stringify(stored)));
      for (const { path, field } of formFields(stored)) {
        const value = getAt(stored, path);
        if (value === undefined || !LEAVES.has(field.kind)) {
          continue;
        }
        // The control's text, written back as the admin leaving it as it is would.
        if (field.kind !== 'boolean' && field.kind !== 'choice' && field.kind !== 'choices') {
          const text = displayValue(field.kind, value);
          if (text === '') {
            // An empty box shows both "" and unset; it writes only when the admin types.
            continue;
          }
          const back = parseValue(field.kind, text, field.required);
          expect({ path, value: back }).toEqual({ path, value });
          model.editField(path, back);
        } else {
          model.editField(path, value);
        }
      }
      // Form to JSON and back, the JSON text written back as it is shown.
      model.setView('json');
      model.setJsonText(model.jsonText);
      model.setView('form');
      expect(model.draft).toEqual(stored);
      expect(changedPaths(stored, model.draft)).toEqual([]);
      expect(model.dirty).toBe(false);
      expect(model.saveBlocker('untouched')).toBe('Nothing changed since the version in force.');
      expect(await model.save('untouched')).toBe(false);
      expect(puts).toEqual([]);
      for (const tab of TABS) {
        const rules = getAt(stored, model.rulesPath(tab));
        for (const r of Array.isArray(rules) ? rules : []) {
          types.add((r as { type: string }).type);
        }
      }
    }
    for (const type of RULE_TYPES) {
      expect(types).toContain(type);
    }
  });

  it(`an edit of one field changes that field only, and is what is saved (seed ${SEED})`, async () => {
    const g = new Gen(SEED + 1);
    let edits = 0;
    for (let run = 0; run < RUNS; run++) {
      const stored = rulesDocument(g);
      const fields = formFields(stored).filter(f => LEAVES.has(f.field.kind));
      if (fields.length === 0) {
        continue;
      }
      const { model, puts } = await editorOn(JSON.parse(JSON.stringify(stored)));
      const { path, field } = g.pick(fields);
      const next = otherValue(g, field, getAt(stored, path));
      if (next === undefined) {
        continue;
      }
      model.editField(path, next);
      expect(changedPaths(stored, model.draft)).toEqual(
        // A list's items are one field: the list is what changed when its length did.
        changedPaths(getAt(stored, path), next, path)
      );
      expect(getAt(model.draft, path)).toEqual(next);
      if (model.problems.length === 0) {
        expect(await model.save(`edit ${path.join('.')}`)).toBe(true);
        expect(puts).toHaveLength(1);
        expect((puts[0] as { document: unknown }).document).toEqual(model.current?.document);
        expect(changedPaths(stored, (puts[0] as { document: unknown }).document)).toEqual(
          changedPaths(getAt(stored, path), next, path)
        );
      }
      edits++;
    }
    expect(edits).toBeGreaterThan(RUNS / 2);
  });
});

describe('the rules form builds every rule type from its own controls', () => {
  it.each(RULE_TYPES)('adds a valid %s rule, which saves as it reads', async type => {
    const { model, puts } = await editorOn({ schemaVersion: 1, environments: {} });
    model.setTab('stage');
    model.addRule(type);
    model.addRule(type);
    const rules = getAt(model.draft, ['environments', 'stage', 'rules']) as { id: string }[];
    expect(rules.map(r => r.id)).toEqual([type.replace(/_/g, '-'), `${type.replace(/_/g, '-')}-2`]);
    expect(model.problems).toEqual([]);
    expect(model.openRule).toBe(1);
    model.moveRule(1, 0);
    expect(model.openRule).toBe(0);
    model.removeRule(1);
    expect(await model.save(`a ${type} rule`)).toBe(true);
    expect((puts[0] as { document: unknown }).document).toEqual({
      schemaVersion: 1,
      environments: { stage: { rules: [rules[1]] } }
    });
  });

  it('turns the metric gate’s comparison with the current version on and off, never saving it empty', async () => {
    const { model } = await editorOn({ schemaVersion: 1, environments: {} });
    model.addRule('metric');
    const params = ['environments', 'prod', 'rules', 0, 'parameters'];
    const gate: Path = [...params, 'noWorseThanCurrent'];
    // On: a valid starting tolerance; clearing its only field drops the group.
    model.editField(gate, { absolute: 0 });
    expect(model.problems).toEqual([]);
    model.editField([...gate, 'relative'], 0.02, [gate]);
    model.editField([...gate, 'absolute'], undefined, [gate]);
    expect(getAt(model.draft, gate)).toEqual({ relative: 0.02 });
    model.editField([...gate, 'relative'], undefined, [gate]);
    expect(getAt(model.draft, gate)).toBeUndefined();
    expect(Object.keys(getAt(model.draft, params) as object)).toEqual([
      'metric',
      'operator',
      'value'
    ]);
    expect(model.problems).toEqual([]);
  });

  it('setting and unsetting a field leaves the document as stored, empty groups included', async () => {
    const stored = {
      schemaVersion: 1,
      environments: {
        prod: {
          rules: [
            { id: 'stage-first', type: 'environment_order', parameters: {} },
            { id: 'reviews', type: 'review' }
          ]
        }
      }
    };
    const { model } = await editorOn(JSON.parse(JSON.stringify(stored)));
    const order: Path = ['environments', 'prod', 'rules', 0, 'parameters'];
    model.editField([...order, 'after'], ['dev'], [order]);
    model.editField([...order, 'after'], undefined, [order]);
    const review: Path = ['environments', 'prod', 'rules', 1, 'parameters'];
    model.editField(
      [...review, 'approvers', 'users'],
      ['linus'],
      [review, [...review, 'approvers']]
    );
    model.editField([...review, 'approvers', 'users'], undefined, [
      review,
      [...review, 'approvers']
    ]);
    expect(model.draft).toEqual(stored);
    expect(model.dirty).toBe(false);
  });
});
