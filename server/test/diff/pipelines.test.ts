import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffNotebooks, diffPipelines, type PipelineSide } from '../../src/diff';
import { buildBundle } from '../../src/engine';
import { paint, renderDiff } from '../../src/cli/diffText';
import { clone, CORPUS } from './support';

interface Cell {
  id?: string;
  cell_type?: string;
  source: string | string[];
  metadata: { tags?: string[] };
  execution_count?: number | null;
  outputs?: unknown[];
}
type Nb = { cells: Cell[] };

const EXAMPLE = path.resolve(__dirname, '../../../examples/titanic_pipeline.ipynb');

function read(file: string): Nb {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Nb;
}

async function side(nb: Nb, file = 'titanic_pipeline.ipynb'): Promise<PipelineSide> {
  const b = await buildBundle(nb, { path: file });
  if (!b.ok || !b.manifest) {
    throw new Error(`bundle failed: ${JSON.stringify(b.problems)}`);
  }
  return { manifest: b.manifest, files: b.files, notebook: nb };
}

function cell(nb: Nb, id: string) {
  const c = nb.cells.find(x => x.id === id);
  if (!c) {
    throw new Error(`no cell ${id}`);
  }
  return c;
}

const src = (c: { source: string | string[] }) =>
  Array.isArray(c.source) ? c.source.join('') : c.source;

describe('pipeline diff on the example notebook', () => {
  let base: Nb;
  let baseSide: PipelineSide;
  beforeAll(async () => {
    base = read(EXAMPLE);
    baseSide = await side(base);
  });

  it('is identical against itself, and outputs-only for a re-run', async () => {
    const d = diffPipelines(baseSide, baseSide);
    expect(d.identical).toBe(true);
    expect(d.outputsOnly).toBe(true);
    const rerun = clone(base);
    rerun.cells.forEach(c => {
      if (c.cell_type === 'code') {
        c.execution_count = 42;
        c.outputs = [{ output_type: 'stream', name: 'stdout', text: 'ran again\n' }];
      }
    });
    const head = await side(rerun);
    const nbDiff = diffNotebooks(base, rerun);
    const r = diffPipelines(baseSide, head, nbDiff);
    expect(nbDiff.identical).toBe(false);
    expect(r.outputsOnly).toBe(true);
    expect(r.steps).toEqual([]);
  });

  it('reports a renamed step as removed and added, linked, with the retagged cell', async () => {
    const head = clone(base);
    cell(head, 'predict').metadata.tags = ['step:score'];
    const d = diffPipelines(baseSide, await side(head));
    const byName = Object.fromEntries(d.steps.map(s => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(['predict', 'score']);
    expect(byName.predict).toMatchObject({ op: 'removed', renamedTo: 'score' });
    expect(byName.score).toMatchObject({
      op: 'added',
      renamedFrom: 'predict',
      headCells: ['predict'],
      changedCells: ['predict']
    });
    expect(d.parameters).toEqual([]);
    expect(d.requirements).toEqual([]);
    expect(d.outputsOnly).toBe(false);
    expect(d.files.map(f => f.path)).toContain('titanic_survival_rf/step_score.py');
  });

  it('reports an added prev: as a new dependency and edge of that step only', async () => {
    const head = clone(base);
    cell(head, 'evaluate').metadata.tags = ['step:evaluate', 'prev:predict'];
    const d = diffPipelines(baseSide, await side(head));
    expect(d.steps).toEqual([
      expect.objectContaining({
        name: 'evaluate',
        op: 'changed',
        changedCells: ['evaluate'],
        dependsOn: { added: ['predict'], removed: [] }
      })
    ]);
    expect(d.edges).toEqual({ added: [{ from: 'predict', to: 'evaluate' }], removed: [] });
  });

  it('reports a changed parameter default and nothing else in the pipeline', async () => {
    const head = clone(base);
    const p = cell(head, 'parameters');
    p.source = src(p).replace('n_estimators = 200', 'n_estimators = 300');
    const d = diffPipelines(baseSide, await side(head));
    expect(d.parameters).toEqual([
      {
        name: 'n_estimators',
        op: 'changed',
        base: { type: 'int', default: 200 },
        head: { type: 'int', default: 300 }
      }
    ]);
    expect(d.steps).toEqual([]);
    expect(d.requirements).toEqual([]);
    expect(d.edges).toEqual({ added: [], removed: [] });
  });

  it('reports an added import as an added requirement', async () => {
    const head = clone(base);
    const imp = cell(head, 'imports');
    imp.source = `${src(imp)}\nimport yaml`;
    const d = diffPipelines(baseSide, await side(head));
    expect(d.requirements).toEqual([{ name: 'pyyaml', op: 'added', head: 'PyYAML' }]);
    expect(d.steps).toEqual([]);
    expect(d.parameters).toEqual([]);
  });

  it('against nothing in production, everything is added', () => {
    const d = diffPipelines(null, baseSide);
    expect(d.steps.map(s => [s.name, s.op])).toEqual([
      ['extract', 'added'],
      ['preprocess', 'added'],
      ['train', 'added'],
      ['predict', 'added'],
      ['evaluate', 'added']
    ]);
    expect(d.parameters.every(p => p.op === 'added')).toBe(true);
    expect(d.files.every(f => f.op === 'added')).toBe(true);
    expect(d.schedule).toEqual({ base: null, head: '0 6 * * 1' });
    expect(d.outputsOnly).toBe(false);
  });
});

describe('pipeline diff on a Kale notebook', () => {
  it('sees a dependency dropped from a prev: tag', async () => {
    const file = path.join(CORPUS, 'kale/candies_sharing.ipynb');
    const base = read(file);
    const head = clone(base);
    head.cells[7].metadata.tags = ['prev:kid2', 'step:kid3'];
    const d = diffPipelines(
      await side(base, 'candies_sharing.ipynb'),
      await side(head, 'candies_sharing.ipynb')
    );
    const kid3 = d.steps.find(s => s.name === 'kid3');
    expect(kid3?.op).toBe('changed');
    // kid3 still reads kid1's value, so the inferred edge stays; only the explicit tag went.
    expect(d.steps.map(s => s.name)).toEqual(['kid3']);
    expect(d.parameters).toEqual([]);
  });
});

describe('per-environment parameter values in the pipeline diff', () => {
  type Meta = {
    metadata: {
      nbpromote: { environments: Record<string, { parameters?: Record<string, unknown> }> };
    };
  };

  it('reports a changed prod value as exactly that item, and the terminal shows it', async () => {
    const base = read(EXAMPLE);
    const head = clone(base) as Nb & Meta;
    head.metadata.nbpromote.environments.prod.parameters = {
      data_path: 's3://titanic-data/passengers/train-2026.csv'
    };
    const d = diffPipelines(await side(base), await side(head));
    expect(d.environmentParameters).toEqual([
      {
        environment: 'prod',
        name: 'data_path',
        op: 'changed',
        base: 's3://titanic-data/passengers/train.csv',
        head: 's3://titanic-data/passengers/train-2026.csv'
      }
    ]);
    expect(d.parameters).toEqual([]);
    expect(d.outputsOnly).toBe(false);
    expect(d.identical).toBe(false);
    const text = renderDiff(
      {
        base: { label: 'a', notebookSha256: null },
        head: { label: 'b', notebookSha256: 'x' },
        pipeline: d,
        notebook: diffNotebooks(base, head)
      },
      paint(false)
    );
    expect(text).toContain(
      '~ parameter data_path in prod "s3://titanic-data/passengers/train.csv" -> "s3://titanic-data/passengers/train-2026.csv"'
    );
  });

  it('reports values set and unset for an environment', async () => {
    const base = read(EXAMPLE);
    const head = clone(base) as Nb & Meta;
    head.metadata.nbpromote.environments.stage = { parameters: { data_path: 'stage.csv' } };
    delete head.metadata.nbpromote.environments.dev.parameters;
    const d = diffPipelines(await side(base), await side(head));
    expect(d.environmentParameters).toEqual([
      { environment: 'dev', name: 'data_path', op: 'removed', base: 'train.csv' },
      { environment: 'stage', name: 'data_path', op: 'added', head: 'stage.csv' }
    ]);
    expect(diffPipelines(await side(base), await side(base)).environmentParameters).toEqual([]);
  });
});
