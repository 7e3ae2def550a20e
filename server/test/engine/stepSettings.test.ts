import Ajv from 'ajv';
import * as fs from 'node:fs';
import { analyzeNotebook, type Analysis } from '../../src/engine';
import { buildManifest } from '../../src/engine/bundle/manifest';
import { loadSchema } from '../../src/schemaDir';
import { corpus, notebook } from './support';

function validManifest(a: Analysis) {
  const m = buildManifest(a, { path: 'nb.ipynb', sha256: 'a'.repeat(64) }, []);
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(loadSchema('cell-metadata.schema.json'), 'cell-metadata.schema.json');
  const validate = ajv.compile(loadSchema('pipeline.schema.json'));
  const ok = validate(m);
  expect(ok ? [] : validate.errors).toEqual([]);
  return m;
}

describe("Kale's per-step tags and notebook defaults", () => {
  test('limit, image, annotation, label and cache tags land on the step in the manifest', async () => {
    const a = await analyzeNotebook(
      notebook([
        [['imports'], 'import os'],
        [['step:load'], 'x = 1'],
        [
          [
            'step:train',
            'prev:load',
            'limit:nvidia.com/gpu:2',
            'limit:memory:4Gi',
            'image:registry.example.com:5000/team/train:1.2',
            'annotation:sidecar.istio.io/inject:false',
            'annotation:note:a:b c',
            'label:app.kubernetes.io/team:ml',
            'cache:disabled'
          ],
          'y = x + 1'
        ],
        [['limit:cpu:500m', 'cache:enabled'], 'z = y * 2']
      ])
    );
    expect(a.problems.filter(p => p.severity === 'error')).toEqual([]);
    expect(a.problems.map(p => p.code)).not.toContain('unsupported_tag');
    const m = validManifest(a);
    const train = m.steps.find(s => s.name === 'train')!;
    expect(train.limits).toEqual({ 'nvidia.com/gpu': '2', memory: '4Gi', cpu: '500m' });
    expect(train.image).toBe('registry.example.com:5000/team/train:1.2');
    expect(train.annotations).toEqual({ 'sidecar.istio.io/inject': 'false', note: 'a:b c' });
    expect(train.labels).toEqual({ 'app.kubernetes.io/team': 'ml' });
    // The untagged cell continues the step: its later cache tag wins.
    expect(train.cache).toBe(true);
    const load = m.steps.find(s => s.name === 'load')!;
    expect(load).not.toHaveProperty('limits');
    expect(load).not.toHaveProperty('cache');
    expect(m.volumes).toEqual([]);
  });

  test('metadata.kubeflow_notebook gives every step its defaults; cells override them', async () => {
    const a = await analyzeNotebook(
      notebook(
        [
          [['step:load'], 'x = 1'],
          [['step:train', 'image:trainer:2', 'label:tier:gpu'], 'y = x'],
          [[], ''],
          [['step:score'], 'z = y']
        ],
        {
          kubeflow_notebook: {
            docker_image: 'docker.io/team/base:1.0',
            steps_defaults: ['label:tier:cpu', 'annotation:owner:ml-team', 'limit:memory:1Gi'],
            volumes: [
              {
                annotations: [{ key: 'backup', value: 'daily' }],
                mount_point: '/home/jovyan',
                name: 'workspace',
                size: 6,
                size_type: 'Gi',
                snapshot: false,
                type: 'clone'
              }
            ]
          }
        }
      )
    );
    expect(a.problems.filter(p => p.severity === 'error')).toEqual([]);
    const m = validManifest(a);
    const by = (n: string) => m.steps.find(s => s.name === n)!;
    expect(by('load').image).toBe('docker.io/team/base:1.0');
    expect(by('load').labels).toEqual({ tier: 'cpu' });
    expect(by('load').annotations).toEqual({ owner: 'ml-team' });
    expect(by('load').limits).toEqual({ memory: '1Gi' });
    expect(by('train').image).toBe('trainer:2');
    expect(by('train').labels).toEqual({ tier: 'gpu' });
    expect(by('score').limits).toEqual({ memory: '1Gi' });
    expect(m.volumes).toEqual([
      {
        name: 'workspace',
        mount_point: '/home/jovyan',
        type: 'clone',
        size: '6Gi',
        annotations: { backup: 'daily' }
      }
    ]);
  });

  test('metadata.nbpromote on a cell sets limits, labels and caching over its tags', async () => {
    const nb = notebook([[['step:train', 'limit:memory:2Gi', 'cache:enabled'], 'y = 1']]);
    (nb.cells as Record<string, unknown>[])[0].metadata = {
      tags: ['step:train', 'limit:memory:2Gi', 'cache:enabled'],
      nbpromote: {
        resources: { cpu: '0.5', memory: '1.5e9' },
        limits: { memory: '3Gi' },
        labels: { team: 'ml' },
        cache: false
      }
    };
    const m = validManifest(await analyzeNotebook(nb));
    expect(m.steps[0]).toMatchObject({
      resources: { cpu: '0.5', memory: '1.5e9' },
      limits: { memory: '3Gi' },
      labels: { team: 'ml' },
      cache: false
    });
  });

  test('quantities and names Kubernetes would refuse are errors naming the cell', async () => {
    const nb = notebook([
      [['step:a', 'limit:cpu:lots'], 'x = 1'],
      [['step:b', 'limit:memory:-4Gi', 'label:team:has space', 'cache:sometimes'], 'y = x'],
      [['step:c', 'limit:Bad Name:1', 'annotation::x', 'image:has space'], 'z = y']
    ]);
    (nb.cells as Record<string, unknown>[])[0].metadata = {
      tags: ['step:a', 'limit:cpu:lots'],
      nbpromote: { resources: { cpu: 'lots', memory: '512K' }, limits: { memory: 'much' } }
    };
    const a = await analyzeNotebook(nb);
    const errors = a.problems.filter(p => p.severity === 'error');
    const at = (cell: number) => errors.filter(p => p.cell === cell).map(p => p.message);
    expect(at(1)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/"lots" is not a Kubernetes quantity .* for cpu/),
        expect.stringMatching(/resources\/cpu: "lots" is not a Kubernetes quantity/),
        // Kubernetes writes kilo as k: 512K is refused by the cluster, so here too.
        expect.stringMatching(/resources\/memory: "512K" is not a Kubernetes quantity/),
        expect.stringMatching(/limits\/memory: "much" is not a Kubernetes quantity/)
      ])
    );
    expect(at(2)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/"-4Gi" is not a Kubernetes quantity/),
        expect.stringMatching(/"has space" is not a Kubernetes label value/),
        expect.stringMatching(/write cache:enabled or cache:disabled/)
      ])
    );
    expect(at(3)).toHaveLength(3);
    expect(errors.every(p => p.cellId !== undefined)).toBe(true);
  });

  test('bad notebook defaults are errors naming the field', async () => {
    const a = await analyzeNotebook(
      notebook([[['step:a'], 'x = 1']], {
        kubeflow_notebook: {
          steps_defaults: ['limit:gpu:many', 'skip'],
          volumes: [{ name: 'v', type: 'pvc' }]
        }
      })
    );
    const msgs = a.problems.filter(p => p.severity === 'error').map(p => p.message);
    expect(msgs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/steps_defaults\/0: tag "limit:gpu:many": "many" is not/),
        expect.stringMatching(/steps_defaults\/1: "skip" is not a step setting/),
        expect.stringMatching(/volumes\/0: mount_point missing/)
      ])
    );
  });

  test('Kale example notebooks: their docker image and volume become defaults', async () => {
    const text = fs.readFileSync(corpus('kale/taxicab_pipeline.ipynb'));
    const m = validManifest(await analyzeNotebook(text));
    expect(new Set(m.steps.map(s => s.image))).toEqual(
      new Set(['docker.io/stefanofioravanzo/kale-notebook:0.9'])
    );
    expect(m.volumes).toEqual([
      { name: 'workspace-kale-dt49raygc', mount_point: '/home/jovyan', type: 'clone', size: '6Gi' }
    ]);
  });
});
