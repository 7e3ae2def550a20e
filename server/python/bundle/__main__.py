"""Local runner of an nbpromote pipeline package (copied verbatim).

    python -m <package> run --use-case training --env dev --root ./runs [--param n=5]
    python -m <package> run --use-case prediction --env dev --root ./runs [--from-run TOKEN]
    python -m <package> run-step --step train --run-token TOKEN --use-case training ...

Steps run in dependency order; each reads its inputs from run storage and writes its
outputs there. A failure names the failing step and exits with status 1.
"""

import argparse
import ast
import importlib
import json
import os
import sys
import traceback

from . import PIPELINE, _runtime
from ._runtime import Context, PipelineError

TYPES = {
    'int': (int,), 'float': (int, float), 'bool': (bool,), 'list': (list, tuple),
    'dict': (dict,), 'str': (str,)
}


def convert(name, kind, raw):
    if kind == 'str':
        return raw
    if kind == 'bool' and raw.lower() in ('true', 'false'):
        return raw.lower() == 'true'
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        if kind in ('null', 'expression'):
            return raw
        raise PipelineError(f'parameter {name!r} expects a value of type {kind}, got {raw!r}') from None
    expected = TYPES.get(kind)
    if expected and (not isinstance(value, expected) or (kind != 'bool' and isinstance(value, bool))):
        raise PipelineError(f'parameter {name!r} expects a value of type {kind}, got {raw!r}')
    if kind == 'float':
        value = float(value)
    if kind == 'list':
        value = list(value)
    return value


def parse_params(pairs):
    declared = {p['name']: p['type'] for p in PIPELINE['parameters']}
    values = {}
    for pair in pairs or []:
        name, sep, raw = pair.partition('=')
        if not sep:
            raise PipelineError(f'--param {pair!r}: write name=value')
        if name not in declared:
            known = ', '.join(sorted(declared)) or 'none'
            raise PipelineError(f'unknown parameter {name!r} (parameters: {known})')
        values[name] = convert(name, declared[name], raw)
    return values


def steps_of(use_case):
    wanted = set(PIPELINE['use_cases'][use_case])
    steps = [s for s in PIPELINE['order'] if s in wanted]
    if not steps:
        raise PipelineError(f'the {use_case} use case has no steps in this pipeline')
    return steps


def run_step(ctx, name):
    step = PIPELINE['steps'][name]
    ctx.step = name
    print(f'[{PIPELINE["name"]}] step {name} ...', file=sys.stderr, flush=True)
    try:
        module = importlib.import_module(f'{__package__}.{step["module"]}')
        module.run(ctx)
    except PipelineError:
        raise
    except Exception as err:  # the notebook's own code failed: keep the detail, name the step
        traceback.print_exc()
        raise PipelineError(f'step {name!r} failed: {type(err).__name__}: {err}') from None


def record(ctx, status, steps, params, extra=None):
    info = _runtime.read_run(ctx.run_dir) or {}
    info.update({'pipeline': PIPELINE['name'], 'version': PIPELINE['version'],
                 'use_case': ctx.use_case, 'env': ctx.env, 'token': ctx.token,
                 'steps': steps, 'params': params, 'status': status})
    if ctx._from_run:
        info['from_run'] = ctx._from_run
    info.update(extra or {})
    _runtime.write_json(os.path.join(ctx.run_dir, 'run.json'), info)


def save_metrics(ctx, steps):
    path = os.path.join(ctx.run_dir, 'metrics.json')
    metrics = {}
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            metrics = json.load(f)
    for metric in PIPELINE['metrics']:
        if metric['step'] in steps:
            metrics[metric['name']] = _runtime.as_metric(ctx.load(metric['step'], metric['name']))
    if metrics:
        _runtime.write_json(path, metrics)
    return metrics


def command_run(args):
    steps = steps_of(args.use_case)
    params = parse_params(args.param)
    _runtime.OVERRIDES.update(params)
    token = _runtime.check_token(args.run_token or _runtime.new_run_token())
    ctx = Context(PIPELINE, args.root, args.env, args.use_case, token, args.from_run)
    record(ctx, 'running', steps, params)
    try:
        for name in steps:
            run_step(ctx, name)
        metrics = save_metrics(ctx, steps)
    except PipelineError as err:
        record(ctx, 'failed', steps, params, {'failed_step': ctx.step, 'error': str(err)})
        raise
    record(ctx, 'succeeded', steps, params)
    print(f'run {token} succeeded: {ctx.run_dir}')
    for name, value in sorted(metrics.items()):
        print(f'  {name} = {value}')


def command_run_step(args):
    steps = steps_of(args.use_case)
    if args.step not in PIPELINE['steps']:
        raise PipelineError(f'unknown step {args.step!r} (steps: {", ".join(PIPELINE["order"])})')
    params = parse_params(args.param)
    _runtime.OVERRIDES.update(params)
    ctx = Context(PIPELINE, args.root, args.env, args.use_case, args.run_token, args.from_run)
    record(ctx, 'running', steps, params)
    try:
        run_step(ctx, args.step)
        save_metrics(ctx, [args.step])
    except PipelineError as err:
        record(ctx, 'failed', steps, params, {'failed_step': args.step, 'error': str(err)})
        raise
    record(ctx, 'succeeded' if args.step == steps[-1] else 'running', steps, params)


def parser():
    p = argparse.ArgumentParser(prog=f'python -m {__package__}',
                                description=f'Run the {PIPELINE["name"]} pipeline.')
    sub = p.add_subparsers(dest='command', required=True)
    for name, helptext in (('run', 'run a use case'), ('run-step', 'run one step of a run')):
        s = sub.add_parser(name, help=helptext)
        s.add_argument('--use-case', default='training', choices=sorted(PIPELINE['use_cases']))
        s.add_argument('--env', default=PIPELINE['environment'], choices=['dev', 'stage', 'prod'])
        s.add_argument('--root', default=os.environ.get('NBPROMOTE_ROOT', 'runs'),
                       help='storage root (default: $NBPROMOTE_ROOT or ./runs)')
        s.add_argument('--param', action='append', metavar='NAME=VALUE',
                       help='override a parameter default')
        s.add_argument('--from-run', metavar='TOKEN',
                       help='training run to read values this use case does not compute '
                            '(default: the latest successful one)')
        if name == 'run':
            s.add_argument('--run-token', help='token of the new run (default: generated)')
        else:
            s.add_argument('--step', required=True)
            s.add_argument('--run-token', required=True)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        (command_run if args.command == 'run' else command_run_step)(args)
    except PipelineError as err:
        print(f'error: {err}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
