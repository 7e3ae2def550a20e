/**
 * What the API benchmark writes straight into the database and checks afterwards: history
 * rows for the "submit latency against history" runs, and the agreement of database rows with
 * git refs after the concurrent submissions and promotions.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type * as Connect from '../src/db/connect';

const SERVER = process.env.NBPROMOTE_SERVER_DIR ?? path.resolve(__dirname, '..');
const { openDatabase } = require(path.join(SERVER, 'lib', 'db', 'connect')) as typeof Connect;

/** Database rows against git refs: every request, commit, branch and tag; unique versions. */
export async function verify(
  dataDir: string,
  databaseUrl: string,
  ids: number[],
  promoted: number[]
): Promise<string[]> {
  const problems: string[] = [];
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: path.join(dataDir, 'artifacts.git'), encoding: 'utf8' });
  const branches = new Map(
    git('for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads/promotions')
      .split('\n')
      .filter(Boolean)
      .map(l => l.split(' ') as [string, string])
  );
  const tags = new Set(git('tag', '--list').split('\n').filter(Boolean));
  const db = await openDatabase(databaseUrl);
  try {
    const rows = await db.db.selectFrom('promotion_requests').selectAll().execute();
    const revisions = await db.db.selectFrom('revisions').selectAll().execute();
    if (rows.length !== ids.length)
      problems.push(`${rows.length} request rows, expected ${ids.length}`);
    const versions = new Set(rows.map(r => r.version));
    if (versions.size !== rows.length) problems.push('duplicate versions');
    for (const r of rows) {
      const rev = revisions.find(v => Number(v.request_id) === Number(r.id));
      if (!rev?.commit_sha) problems.push(`request ${r.id} has no committed revision`);
      else if (branches.get(`promotions/${r.id}`) !== rev.commit_sha)
        problems.push(`branch of ${r.id} is not at its commit`);
      const tag = `${r.project}/${r.algorithm}/v${r.version}`;
      const shouldBeTagged = promoted.includes(Number(r.id));
      if (shouldBeTagged !== tags.has(tag)) problems.push(`tag ${tag}: expected ${shouldBeTagged}`);
      if (shouldBeTagged && r.state !== 'promoted') problems.push(`request ${r.id} is ${r.state}`);
    }
    if (branches.size !== ids.length)
      problems.push(`${branches.size} branches, expected ${ids.length}`);
    if (tags.size !== promoted.length)
      problems.push(`${tags.size} tags, expected ${promoted.length}`);
  } finally {
    await db.close();
  }
  return problems;
}

/** Inserts `count` finished requests (with revision, version and audit rows) straight into the database. */
export async function insertHistory(
  databaseUrl: string,
  count: number,
  offset: number
): Promise<number> {
  const db = await openDatabase(databaseUrl);
  const at = new Date().toISOString();
  try {
    for (let start = 0; start < count; start += 500) {
      const n = Math.min(500, count - start);
      await db.db.transaction().execute(async trx => {
        const rows = await trx
          .insertInto('promotion_requests')
          .values(
            Array.from({ length: n }, (_, i) => ({
              title: `history ${offset + start + i}`,
              description: '',
              notebook_path: 'history.ipynb',
              project: 'history',
              algorithm: `algo-${(offset + start + i) % 50}`,
              environment: 'dev',
              author: 'ada',
              state: 'withdrawn',
              version: `1.${Math.floor((offset + start + i) / 50)}.0`,
              revision: 1,
              notebook_sha256: '0'.repeat(64),
              pending_action: null,
              pending_actor: null,
              created_at: at,
              updated_at: at
            }))
          )
          .returning(['id', 'algorithm', 'version'])
          .execute();
        await trx
          .insertInto('revisions')
          .values(
            rows.map(r => ({
              request_id: Number(r.id),
              number: 1,
              notebook_sha256: '0'.repeat(64),
              commit_sha: '0'.repeat(40),
              problems: '[]',
              cell_hashes: '{}',
              signature: '{"steps":[],"parameters":[]}',
              created_at: at
            }))
          )
          .execute();
        await trx
          .insertInto('versions')
          .values(
            rows.map(r => ({
              project: 'history',
              algorithm: r.algorithm,
              version: r.version,
              request_id: Number(r.id),
              state: 'reserved',
              environment: 'dev',
              commit_sha: null,
              created_at: at,
              promoted_at: null
            }))
          )
          .execute();
        await trx
          .insertInto('audit_events')
          .values(
            rows.map(r => ({
              request_id: Number(r.id),
              actor: 'ada',
              action: 'create',
              at,
              from_state: null,
              to_state: 'open',
              outcome: 'applied',
              details: '{}'
            }))
          )
          .execute();
      });
    }
  } finally {
    await db.close();
  }
  return count;
}
