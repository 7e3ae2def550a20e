"""Parameter values of a run: the environment's values, then --param (copied verbatim)."""

import ast

from ._runtime import PipelineError

TYPES = {
    'int': (int,), 'float': (int, float), 'bool': (bool,), 'list': (list, tuple),
    'dict': (dict,), 'str': (str,)
}


def check_type(name, kind, value, shown):
    expected = TYPES.get(kind)
    if expected and (not isinstance(value, expected) or (kind != 'bool' and isinstance(value, bool))):
        raise PipelineError(f'parameter {name!r} expects a value of type {kind}, got {shown!r}')
    if kind == 'float':
        value = float(value)
    if kind == 'list':
        value = list(value)
    return value


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
    return check_type(name, kind, value, raw)


def parse_params(pipeline, env, pairs):
    """Values that replace the notebook defaults in this run, by parameter name."""
    declared = {p['name']: p['type'] for p in pipeline['parameters']}
    values = {}
    for name, value in (pipeline.get('environments', {}).get(env, {}).get('parameters') or {}).items():
        values[name] = check_type(name, declared.get(name, ''), value, value)
    for pair in pairs or []:
        name, sep, raw = pair.partition('=')
        if not sep:
            raise PipelineError(f'--param {pair!r}: write name=value')
        if name not in declared:
            known = ', '.join(sorted(declared)) or 'none'
            raise PipelineError(f'unknown parameter {name!r} (parameters: {known})')
        values[name] = convert(name, declared[name], raw)
    return values
