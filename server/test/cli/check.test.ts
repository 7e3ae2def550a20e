/**
 * `nbpromote check` reports what the service's check reports: an invalid schedule naming
 * its field and value, and the secret scan's findings, masked, naming their cells. Keys
 * are made per run (the scanner ignores the documentation's example keys).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, notebook, tmpDir, writeNotebook } from '../engine/support';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomOf = (length: number) =>
  Array.from({ length }, () => ALNUM[Math.floor(Math.random() * ALNUM.length)]).join('');

describe('nbpromote check', () => {
  const dir = tmpDir('nbpromote-check-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('refuses an invalid schedule, naming the field and the value', async () => {
    const file = writeNotebook(
      dir,
      'cron.ipynb',
      notebook([[['step:train'], 'x = 1']], {
        nbpromote: { project: 'p', algorithm: 'a', schedule: '61 25 * * *' }
      })
    );
    const r = await cli('check', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'error [invalid_schedule] metadata.nbpromote.schedule: "61 25 * * *" is not a schedule Airflow can run: minute 61 is out of range (0-59); hour 25 is out of range (0-23)'
    );
    const out = path.join(dir, 'bundle');
    expect((await cli('convert', file, '--out', out)).code).toBe(1);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('reports secrets in sources and outputs, masked, with their cells', async () => {
    const awsSecret = randomOf(40);
    const github = `ghp_${randomOf(36)}`;
    const nb = notebook([
      [['step:extract'], `import os\nAWS_SECRET_ACCESS_KEY = "${awsSecret}"\n`],
      [['step:train'], 'print(os.getcwd())']
    ]);
    (nb.cells as Record<string, unknown>[])[1].outputs = [
      { output_type: 'stream', name: 'stdout', text: `token ${github}\n` }
    ];
    const file = writeNotebook(dir, 'secrets.ipynb', nb);
    const human = await cli('check', file);
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(
      /error \[possible_secret\] cell 1 \(id c1\), line 2: Possible secret \(AWSSecretAccessKey\) in the source: \w{4}\*{8} \(40 characters\)/
    );
    expect(human.stderr).toMatch(
      /error \[possible_secret\] cell 2 \(id c2\): Possible secret \(GITHUB_TOKEN\) in output 1 \(stream\), line 1: ghp_\*{8}/
    );
    const json = await cli('check', file, '--json');
    const problems = JSON.parse(json.stdout).problems as { code: string; cellId: string }[];
    expect(problems.filter(p => p.code === 'possible_secret').map(p => p.cellId)).toEqual([
      'c1',
      'c2'
    ]);
    for (const r of [human, json]) {
      expect(r.stdout + r.stderr).not.toContain(awsSecret);
      expect(r.stdout + r.stderr).not.toContain(github);
    }
  });
});
