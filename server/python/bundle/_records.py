"""Run records: step.json per step, run.json per run, and reports to the service (copied
verbatim).

Steps of one run may run in parallel processes (Airflow, Kubeflow), so each step writes
only its own step.json, and run.json is rebuilt from all of them after every step.
"""

import importlib
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

from . import PIPELINE
from ._runtime import PipelineError, as_metric, now_iso, version_parts

BUNDLE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_root(env):
    return (PIPELINE.get('environments', {}).get(env, {}).get('root')) or 'runs'


def bundle_commit():
    """The artifact repository commit this bundle was checked out from, when known."""
    commit = os.environ.get('NBPROMOTE_BUNDLE_COMMIT')
    if commit:
        return commit
    try:
        out = subprocess.run(['git', '-C', BUNDLE_DIR, 'rev-parse', 'HEAD'], capture_output=True,
                             text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def step_metrics(ctx, step):
    return {m['name']: as_metric(ctx.load(step, m['name']))
            for m in PIPELINE['metrics'] if m.get('step') == step}


def fixed_metrics():
    """Metrics that are parameters or come from shared setup: the run's values of them."""
    modules = {'parameter': '_params', 'setup': '_setup'}
    out = {}
    for m in PIPELINE['metrics']:
        if m.get('from') in modules:
            module = importlib.import_module(f'{__package__}.{modules[m["from"]]}')
            if hasattr(module, m['name']):
                out[m['name']] = as_metric(getattr(module, m['name']))
    return out


def write_step(ctx, step, record):
    ctx.storage.write_json(f'{ctx.run_dir}/{step}/step.json', record)


def update_run(ctx, steps, params):
    """Rebuild run.json (and metrics.json) from the step records of this run."""
    previous = ctx.storage.read_json(f'{ctx.run_dir}/run.json') or {}
    records = {s: ctx.storage.read_json(f'{ctx.run_dir}/{s}/step.json') for s in steps}
    done = {s: r for s, r in records.items() if r}
    statuses = [r.get('status') for r in done.values()]
    if 'failed' in statuses:
        status = 'failed'
    elif len(done) == len(steps) and all(s == 'succeeded' for s in statuses):
        status = 'succeeded'
    else:
        status = 'running'
    metrics = fixed_metrics() if status == 'succeeded' else {}
    for s in steps:
        metrics.update((done.get(s) or {}).get('metrics') or {})
    starts = [r['started_at'] for r in done.values() if r.get('started_at')]
    info = {
        'token': ctx.token,
        'pipeline': PIPELINE['name'],
        'project': PIPELINE['project'],
        'algorithm': PIPELINE['algorithm'],
        'version': PIPELINE['version'],
        'commit': previous.get('commit') or bundle_commit(),
        'use_case': ctx.use_case,
        'env': ctx.env,
        'params': {**previous.get('params', {}), **params},
        'status': status,
        'started_at': previous.get('started_at') or (min(starts) if starts else now_iso()),
        'ended_at': max(r.get('ended_at', '') for r in done.values()) if status != 'running' else None,
        'steps': {s: done.get(s) or {'status': 'pending'} for s in steps},
        'order': steps,
        'metrics': metrics,
        'formats': {s: (done.get(s) or {}).get('outputs', {}) for s in steps},
    }
    if ctx._from_run or previous.get('from_run'):
        info['from_run'] = ctx._from_run or previous.get('from_run')
    failed = [s for s in steps if (done.get(s) or {}).get('status') == 'failed']
    if failed:
        info['failed_step'] = failed[0]
        info['error'] = done[failed[0]].get('error')
    ctx.storage.write_json(f'{ctx.run_dir}/run.json', info)
    if metrics:
        ctx.storage.write_json(f'{ctx.run_dir}/metrics.json', metrics)
    return info


def read_run(storage, env, token):
    return storage.read_json(storage.path(*version_parts(PIPELINE, env), token, 'run.json'))


def list_runs(storage, env):
    base = storage.path(*version_parts(PIPELINE, env))
    runs = []
    for token in storage.listdir(base):
        info = storage.read_json(f'{base}/{token}/run.json')
        if info:
            runs.append(info)
    return runs


def report_body(info):
    """The record in the service's shape (POST /api/v1/runs)."""
    steps = [{'name': s, 'status': r.get('status', 'pending'),
              **({'startedAt': r['started_at']} if r.get('started_at') else {}),
              **({'endedAt': r['ended_at']} if r.get('ended_at') else {}),
              'outputs': r.get('outputs', {})} for s, r in info['steps'].items()]
    body = {
        'project': info['project'], 'algorithm': info['algorithm'], 'version': info['version'],
        'environment': info['env'], 'runToken': info['token'], 'useCase': info['use_case'],
        'status': info['status'], 'startedAt': info['started_at'],
        'parameters': info['params'], 'steps': steps, 'metrics': info['metrics'],
    }
    if info.get('ended_at'):
        body['endedAt'] = info['ended_at']
    if info.get('commit'):
        body['commit'] = info['commit']
    return body


def check_report(url):
    """Before any step runs: a report that cannot be sent is said now, not after the run."""
    if url and not os.environ.get('NBPROMOTE_RUNNER_TOKEN'):
        raise PipelineError('--report-to needs the service token in $NBPROMOTE_RUNNER_TOKEN')
    if url and not url.startswith(('http://', 'https://')):
        raise PipelineError(f'--report-to {url!r}: give the service URL, http:// or https://')


def report(url, info):
    """Send the record; a run that worked is not failed by a service that did not answer."""
    if not url:
        return
    token = os.environ['NBPROMOTE_RUNNER_TOKEN']
    request = urllib.request.Request(
        url.rstrip('/') + '/api/v1/runs', data=json.dumps(report_body(info)).encode('utf-8'),
        method='POST', headers={'Content-Type': 'application/json',
                                'Authorization': f'Bearer {token}'})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
    except urllib.error.HTTPError as err:
        detail = err.read().decode('utf-8', 'replace')[:500]
        print(f'warning: the service refused the run record ({err.code}): {detail}',
              file=sys.stderr)
    except (urllib.error.URLError, OSError) as err:
        print(f'warning: could not send the run record to {url}: {err}', file=sys.stderr)
