"""Run storage and step context for an nbpromote pipeline package (copied verbatim).

Every run writes below {root}/{project}/{env}/{algorithm}/{version}/{run_token}/: one folder
per step holding that step's outputs (pickles), plus run.json and metrics.json. A step loads
what it needs from there, so any run can be inspected or resumed step by step.
"""

import json
import math
import os
import pickle
import re
import secrets
import sys
import tempfile
from datetime import datetime, timezone

try:  # functions and lambdas need cloudpickle; plain values do not
    import cloudpickle as _pickler
except ImportError:  # pragma: no cover - depends on the environment
    _pickler = pickle

# Values given on the command line with --param; _params.py applies them over its defaults.
OVERRIDES = {}

TOKEN_RE = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$')


class PipelineError(Exception):
    """A failure to report in one line, without a traceback."""


def display(*values, **_options):
    """Stand-in for IPython's display() outside a notebook."""
    for value in values:
        print(value)


def new_run_token():
    """Sortable by start time, unique across machines."""
    now = datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S%fZ')
    return f'{now}-{secrets.token_hex(3)}'


def check_token(token, what='run token'):
    if not TOKEN_RE.match(token or ''):
        raise PipelineError(f'invalid {what} {token!r}: use letters, digits, ".", "_" and "-"')
    return token


def version_dir(pipeline, root, env):
    return os.path.join(root, pipeline['project'], env, pipeline['algorithm'],
                        pipeline['version'])


def read_run(run_dir):
    try:
        with open(os.path.join(run_dir, 'run.json'), encoding='utf-8') as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def write_json(path, value):
    """Write atomically so a crash never leaves half a file."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix='.tmp-')
    with os.fdopen(fd, 'w', encoding='utf-8') as f:
        json.dump(value, f, indent=2, sort_keys=True, default=str)
        f.write('\n')
    os.replace(tmp, path)


def latest_training_run(pipeline, root, env):
    base = version_dir(pipeline, root, env)
    if not os.path.isdir(base):
        return None
    for token in sorted(os.listdir(base), reverse=True):
        info = read_run(os.path.join(base, token))
        if info and info.get('use_case') == 'training' and info.get('status') == 'succeeded':
            return token
    return None


def as_metric(value):
    """Metrics are numbers where possible, so they can be compared across runs."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return repr(value)
    return number if math.isfinite(number) else repr(value)


class Context:
    """What a step's run(ctx) sees: its run's storage and the reference training run."""

    def __init__(self, pipeline, root, env, use_case, token, from_run=None):
        self.pipeline = pipeline
        self.root = root
        self.env = env
        self.use_case = use_case
        self.token = check_token(token)
        self.run_dir = os.path.join(version_dir(pipeline, root, env), token)
        self.local_steps = set(pipeline['use_cases'][use_case])
        self._from_run = from_run
        self.step = None

    def reference_dir(self, step, name):
        """Where values computed outside this use case come from: a training run."""
        token = self._from_run or latest_training_run(self.pipeline, self.root, self.env)
        if token is None:
            raise PipelineError(
                f'step {self.step!r} needs {name!r} from step {step!r}, which the '
                f'{self.use_case} use case does not run, and there is no successful training '
                f'run of version {self.pipeline["version"]} in env {self.env!r}: run the '
                'training use case first or pass --from-run <token>')
        self._from_run = check_token(token, 'from-run token')
        return os.path.join(version_dir(self.pipeline, self.root, self.env), token)

    def load(self, step, name):
        base = self.run_dir if step in self.local_steps else self.reference_dir(step, name)
        path = os.path.join(base, step, name + '.pkl')
        try:
            with open(path, 'rb') as f:
                return pickle.load(f)
        except FileNotFoundError:
            raise PipelineError(f'step {self.step!r} needs {name!r} from step {step!r}, but '
                                f'{path} does not exist: has step {step!r} run?') from None

    def keep(self, name, namespace):
        """Store a final value if it exists and can be stored; results are best effort."""
        if name not in namespace:
            return
        try:
            self.save(name, namespace[name])
        except PipelineError as err:
            print(f'note: {err}', file=sys.stderr)

    def save(self, name, value):
        folder = os.path.join(self.run_dir, self.step)
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix='.tmp-')
        try:
            with os.fdopen(fd, 'wb') as f:
                _pickler.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as err:
            os.unlink(tmp)
            raise PipelineError(f'step {self.step!r} cannot store {name!r}: {err}') from None
        os.replace(tmp, os.path.join(folder, name + '.pkl'))
