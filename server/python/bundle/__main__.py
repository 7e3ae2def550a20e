"""Local runner of an nbpromote pipeline package (copied verbatim).

    python -m <package> run --use-case training --env dev --root ./runs [--param n=5]
    python -m <package> run --use-case prediction --env prod --root s3://bucket/runs
    python -m <package> run-step --step train --run-token TOKEN --use-case training ...
    python -m <package> runs --env dev --root ./runs [TOKEN]

Steps run in dependency order; each reads its inputs from run storage and writes its
outputs there. A failure names the failing step and exits with status 1. Every run keeps its
record in run.json; with --report-to the record is also sent to the nbpromote service, with
the token in $NBPROMOTE_RUNNER_TOKEN.
"""

import argparse
import importlib
import json
import os
import sys
import traceback

from . import PIPELINE, _records, _runtime
from ._params_cli import parse_params
from ._runtime import Context, PipelineError, Storage


def steps_of(use_case):
    wanted = set(PIPELINE['use_cases'][use_case])
    steps = [s for s in PIPELINE['order'] if s in wanted]
    if not steps:
        raise PipelineError(f'the {use_case} use case has no steps in this pipeline')
    return steps


def run_step(ctx, name, params):
    step = PIPELINE['steps'][name]
    ctx.step = name
    record = {'status': 'running', 'started_at': _runtime.now_iso()}
    print(f'[{PIPELINE["name"]}] step {name} ...', file=sys.stderr, flush=True)
    try:
        module = importlib.import_module(f'{__package__}.{step["module"]}')
        module.run(ctx)
        record['metrics'] = _records.step_metrics(ctx, name)
    except Exception as err:
        if isinstance(err, PipelineError):
            message = str(err)
        else:  # the notebook's own code failed: keep the detail, name the step
            traceback.print_exc()
            message = f'step {name!r} failed: {type(err).__name__}: {err}'
        record.update(status='failed', error=message)
        raise PipelineError(message) from None
    else:
        record['status'] = 'succeeded'
    finally:
        record['ended_at'] = _runtime.now_iso()
        record['outputs'] = ctx.formats.get(name, {})
        _records.write_step(ctx, name, record)


def context(args):
    _records.check_report(args.report_to)
    storage = Storage(args.root or _records.default_root(args.env))
    params = parse_params(PIPELINE, args.env, args.param)
    _runtime.OVERRIDES.update(params)
    token = args.run_token or getattr(args, 'run_token_fallback', None) or _runtime.new_run_token()
    return Context(PIPELINE, storage, args.env, args.use_case, token, args.from_run), params


def command_run(args):
    steps = steps_of(args.use_case)
    ctx, params = context(args)
    _records.update_run(ctx, steps, params)
    try:
        for name in steps:
            run_step(ctx, name, params)
    finally:
        info = _records.update_run(ctx, steps, params)
        _records.report(args.report_to, info)
    print(f'run {ctx.token} succeeded: {ctx.storage.url(*_runtime.version_parts(PIPELINE, ctx.env), ctx.token)}')
    for name, value in sorted(info['metrics'].items()):
        print(f'  {name} = {value}')


def command_run_step(args):
    steps = steps_of(args.use_case)
    if args.step not in steps:
        raise PipelineError(f'step {args.step!r} is not in the {args.use_case} use case '
                            f'(steps: {", ".join(steps)})')
    ctx, params = context(args)
    try:
        run_step(ctx, args.step, params)
    finally:
        info = _records.update_run(ctx, steps, params)
        _records.report(args.report_to, info)


def command_runs(args):
    storage = Storage(args.root or _records.default_root(args.env))
    if args.token:
        info = _records.read_run(storage, args.env, _runtime.check_token(args.token))
        if info is None:
            raise PipelineError(f'no run {args.token!r} of version {PIPELINE["version"]} in '
                                f'env {args.env!r} under {args.root}')
        print(json.dumps(info, indent=2, sort_keys=True))
        return
    runs = _records.list_runs(storage, args.env)
    if args.json:
        print(json.dumps(runs, indent=2, sort_keys=True))
        return
    if not runs:
        print(f'no runs of {PIPELINE["name"]} {PIPELINE["version"]} in env {args.env!r}')
    for info in runs:
        metrics = ', '.join(f'{k}={v}' for k, v in sorted((info.get('metrics') or {}).items()))
        print(f'{info.get("token")}  {info.get("use_case", "?"):<10}  {info.get("status", "?"):<9}  '
              f'{info.get("started_at", "")}  {metrics}'.rstrip())


def parser():
    p = argparse.ArgumentParser(prog=f'python -m {__package__}',
                                description=f'Run the {PIPELINE["name"]} pipeline.')
    sub = p.add_subparsers(dest='command', required=True)
    helps = (('run', 'run a use case'), ('run-step', 'run one step of a run'),
             ('runs', 'list the runs of this version, or show one'))
    for name, helptext in helps:
        s = sub.add_parser(name, help=helptext)
        s.add_argument('--env', default=PIPELINE['environment'], choices=['dev', 'stage', 'prod'])
        s.add_argument('--root', default=os.environ.get('NBPROMOTE_ROOT'),
                       help='storage root, a path or a URL such as s3://bucket/runs '
                            '(default: $NBPROMOTE_ROOT, the environment\'s root, or ./runs)')
        if name == 'runs':
            s.add_argument('token', nargs='?', help='show this run\'s record')
            s.add_argument('--json', action='store_true', help='print the list as JSON')
            continue
        s.add_argument('--use-case', default='training', choices=sorted(PIPELINE['use_cases']))
        s.add_argument('--param', action='append', metavar='NAME=VALUE',
                       help='override a parameter default')
        s.add_argument('--from-run', metavar='TOKEN',
                       help='training run to read values this use case does not compute '
                            '(default: the latest successful one)')
        s.add_argument('--report-to', metavar='URL',
                       help='nbpromote service to send the run record to '
                            '(token in $NBPROMOTE_RUNNER_TOKEN)')
        if name == 'run':
            s.add_argument('--run-token', help='token of the new run (default: generated)')
        else:
            s.add_argument('--step', required=True)
            s.add_argument('--run-token', required=True,
                           help='token shared by all steps of the run')
            s.add_argument('--run-token-fallback', help='token to use when --run-token is empty')
    return p


COMMANDS = {'run': command_run, 'run-step': command_run_step, 'runs': command_runs}


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        COMMANDS[args.command](args)
    except PipelineError as err:
        print(f'error: {err}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
