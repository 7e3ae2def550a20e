/**
 * Secret scanning on real-looking material, through the real scanner (secretlint on its
 * worker) and the decoded notebook. The values are assembled at run time so this file itself
 * holds no scannable secret.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  evaluateRules,
  runEvaluation,
  scanText,
  viewOfJson,
  type EvaluationJob,
  type Rule,
  type SecretFinding
} from '../../src/rules';
import { WorkerRuleEvaluator } from '../../src/features/rules/ruleEvaluator';
import { facts } from './facts';
import { SECRETS } from './material';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus');

function code(id: string, source: string | string[], outputs: unknown[] = []) {
  return { cell_type: 'code', id, metadata: {}, source, outputs, execution_count: null };
}

function nb(cells: unknown[], metadata: Record<string, unknown> = {}) {
  return { nbformat: 4, nbformat_minor: 5, metadata, cells };
}

describe('secret scanning over the decoded notebook', () => {
  const scanner = new WorkerRuleEvaluator();
  afterAll(() => scanner.close());

  async function scan(json: Record<string, unknown>): Promise<SecretFinding[]> {
    const text = JSON.stringify(json);
    return scanner.scan(scanText(viewOfJson(json, text.length), { outputs: true, metadata: true }));
  }

  it('finds keys in a source, a stream output and an ANSI-coloured traceback, naming where', async () => {
    const notebook = nb([
      code('load', ['import boto3\n', `AWS_SECRET_ACCESS_KEY = "${SECRETS.awsSecret}"\n`]),
      code('env', '!env', [
        {
          output_type: 'stream',
          name: 'stdout',
          text: ['HOME=/root\n', `GITHUB_TOKEN=${SECRETS.github}\n`]
        }
      ]),
      code('boom', 'connect()', [
        {
          output_type: 'error',
          ename: 'AuthError',
          evalue: 'bad credentials',
          traceback: [
            '\u001b[0;31m---------------------------------------------------------------------------\u001b[0m',
            `\u001b[0;32m----> 1\u001b[0m connect(token=\u001b[1;32m${SECRETS.github}\u001b[0m)`
          ]
        }
      ])
    ]);
    const found = await scan(notebook);
    const where = found.map(f => [
      f.kind,
      f.cell,
      f.cellId,
      f.place,
      f.output ?? null,
      f.field ?? null,
      f.line
    ]);
    expect(where).toEqual([
      ['AWSSecretAccessKey', 1, 'load', 'source', null, null, 2],
      ['GITHUB_TOKEN', 2, 'env', 'output', 1, 'stream', 2],
      ['GITHUB_TOKEN', 3, 'boom', 'output', 1, 'traceback', 2]
    ]);
    // The value never leaves the scanner's caller unmasked.
    const json = JSON.stringify(found);
    expect(json).not.toContain(SECRETS.github);
    expect(json).not.toContain(SECRETS.awsSecret);
    expect(found[1].masked).toBe('ghp_******** (40 characters)');
    expect(found[1].sha256).toBe(found[2].sha256);
  });

  it('finds a private key split over source lines and inside a JSON-escaped string', async () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${SECRETS.pemBody}\n-----END RSA PRIVATE KEY-----`;
    const lines = `key = """${pem}"""\n`.split(/(?<=\n)/);
    const serviceAccount = `creds = json.loads('{"type": "service_account", "private_key": ${JSON.stringify(pem)}}')`;
    const found = await scan(
      nb([code('pem', lines), code('sa', ['import json\n', serviceAccount])])
    );
    expect(found.map(f => [f.kind, f.cellId, f.line])).toEqual([
      ['PrivateKey', 'pem', 1],
      ['PrivateKey', 'sa', 2]
    ]);
    // The same key read straight from the .ipynb JSON is missed: the reason to decode first.
    const raw = JSON.stringify(nb([code('pem', lines)]), null, 1);
    const rawFound = await scanner.scan({
      content: raw,
      segments: [{ start: 0, end: raw.length, text: raw, place: 'source', cell: 0, cellId: 'pem' }]
    });
    expect(rawFound.filter(f => f.kind === 'PrivateKey')).toHaveLength(0);
  });

  it('finds secrets in notebook and cell metadata strings', async () => {
    const found = await scan(
      nb(
        [
          {
            ...code('p', 'x = 1'),
            metadata: { papermill: { parameters: { token: SECRETS.github } } }
          }
        ],
        {
          widgets: {
            state: { note: `postgresql://admin:${SECRETS.awsSecret}@db.internal:5432/prod` }
          }
        }
      )
    );
    expect(found.map(f => [f.kind, f.place, f.field])).toEqual([
      ['GITHUB_TOKEN', 'cell_metadata', 'papermill.parameters.token'],
      ['PostgreSQLConnection', 'metadata', 'widgets.state.note']
    ]);
  });

  it('finds nothing in the base64 images of real notebooks', async () => {
    for (const name of [
      'ml/dsin_titanic.ipynb',
      'kale/titanic_dataset_ml.ipynb',
      'ml/sklv_09_classification_metrics.ipynb'
    ]) {
      const text = fs.readFileSync(path.join(CORPUS, name), 'utf8');
      expect(text).toContain('image/png');
      const json = JSON.parse(text) as Record<string, unknown>;
      const view = viewOfJson(json, text.length);
      const scanned = scanText(view, { outputs: true, metadata: true });
      // Images are never part of what is scanned.
      expect(scanned.content).not.toMatch(/iVBORw0KGgo/);
      expect(await scanner.scan(scanned)).toEqual([]);
    }
  });

  function job(notebook: Record<string, unknown>, rules: Rule[]): EvaluationJob {
    const text = JSON.stringify(notebook);
    return {
      rules,
      environment: 'prod',
      rulesVersion: 1,
      now: '2026-01-07T12:00:00Z',
      notebook: { text, sha256: `test-${text.length}-${rules.length}` },
      current: null,
      roles: {},
      acceptedSecrets: [],
      promotedIn: []
    };
  }

  it('evaluates on the worker with the results the engine gives in process', async () => {
    const notebook = nb([
      code('a', ['import os\n', '!pip install pandas\n', 'x = "/home/ada/data"']),
      code('b', 'print(1)', [
        { output_type: 'stream', name: 'stdout', text: 'wrote /home/ada/out\n' }
      ]),
      code('c', `token = "${SECRETS.github}"`)
    ]);
    const rules: Rule[] = [
      {
        id: 'c',
        type: 'content',
        parameters: {
          forbiddenPatterns: [
            { pattern: '^\\s*!PIP install', message: 'no pip', ignoreCase: true },
            { pattern: '/home/[a-z]+', message: 'no absolute paths', scope: 'sources_and_outputs' }
          ]
        }
      },
      { id: 's', type: 'secrets' }
    ];
    const onWorker = await scanner.evaluate(job(notebook, rules));
    const inProcess = await runEvaluation(job(notebook, rules), text => scanner.scan(text));
    expect(onWorker).toEqual(inProcess);
    expect(onWorker.results[0].reasons).toEqual([
      'no pip: cell 1 (id a), line 2',
      'no absolute paths: cell 1 (id a), line 3',
      'no absolute paths: cell 2 (id b), output 1, line 1'
    ]);
    expect(onWorker.results[1].message).toContain('GITHUB_TOKEN');
    expect(JSON.stringify(onWorker)).not.toContain(SECRETS.github);
    // Without a scan (no worker could run it) the secrets rule fails closed.
    const unscanned = await runEvaluation(job(notebook, rules), () => Promise.resolve(null));
    expect(unscanned.results[1].result).toBe('fail');
    expect(unscanned.results[1].message).toMatch(/scan/i);
  });

  it('matches a pattern inside one text, never across two cells or outputs', async () => {
    const notebook = nb([
      code('a', 'x = 1\nend', [{ output_type: 'stream', name: 'stdout', text: 'start\n' }]),
      code('b', 'start = 2')
    ]);
    const across: Rule[] = [
      {
        id: 'across',
        type: 'content',
        parameters: {
          forbiddenPatterns: [
            { pattern: 'end\\s+start', message: 'spans', scope: 'sources_and_outputs' },
            { pattern: 'x = 1\\nend', message: 'inside', scope: 'sources_and_outputs' }
          ]
        }
      }
    ];
    const result = (await scanner.evaluate(job(notebook, across))).results[0];
    expect(result.reasons).toEqual(['inside: cell 1 (id a), line 1']);
  });

  it('fails the secrets rule on a finding and passes once an admin accepted its hash', async () => {
    const notebook = nb([code('a', `token = "${SECRETS.github}"`)]);
    const text = JSON.stringify(notebook);
    const view = viewOfJson(notebook, text.length);
    const secrets = await scanner.scan(scanText(view, { outputs: true, metadata: true }));
    const rules = [{ id: 'no-secrets', type: 'secrets' as const }];
    const failed = evaluateRules(rules, facts({ notebook: view, secrets }));
    expect(failed.passed).toBe(false);
    expect(failed.results[0].message).toBe(
      'Possible secret (GITHUB_TOKEN) in cell 1 (id a), line 1: ghp_******** (40 characters).'
    );
    const accepted = evaluateRules(
      rules,
      facts({ notebook: view, secrets, acceptedSecrets: new Set([secrets[0].sha256]) })
    );
    expect(accepted.passed).toBe(true);
  });
});
