"""Run storage and step context for an nbpromote pipeline package (copied verbatim).

Every run writes below {root}/{project}/{env}/{algorithm}/{version}/{run_token}/: one folder
per step holding that step's outputs and its record (step.json), plus run.json and
metrics.json. The root is a local path or a URL that fsspec opens (s3://, gs://, abfs://...).
A step loads what it needs from there, so any run can be inspected or resumed step by step.
"""

import json
import math
import os
import re
import secrets
import sys
import tempfile
from datetime import datetime, timezone

import fsspec

from . import _formats

# Values given on the command line with --param; _params.py applies them over its defaults.
OVERRIDES = {}

TOKEN_RE = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$')

# Packages that provide the fsspec backends people use most, to name in an error.
BACKENDS = {'s3': 's3fs', 's3a': 's3fs', 'gs': 'gcsfs', 'gcs': 'gcsfs', 'abfs': 'adlfs',
            'az': 'adlfs', 'abfss': 'adlfs'}


class PipelineError(Exception):
    """A failure to report in one line, without a traceback."""


def display(*values, **_options):
    """Stand-in for IPython's display() outside a notebook."""
    for value in values:
        print(value)


def now_iso():
    return datetime.now(timezone.utc).isoformat(timespec='seconds').replace('+00:00', 'Z')


def new_run_token():
    """Sortable by start time, unique across machines."""
    now = datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S%fZ')
    return f'{now}-{secrets.token_hex(3)}'


def check_token(token, what='run token'):
    if not TOKEN_RE.match(token or ''):
        raise PipelineError(f'invalid {what} {token!r}: use letters, digits, ".", "_" and "-"')
    return token


def as_metric(value):
    """Metrics are numbers where possible, so they can be compared across runs."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return repr(value)
    return number if math.isfinite(number) else repr(value)


class Storage:
    """The run root, local or remote, checked once before any step runs."""

    def __init__(self, root):
        self.root = root
        protocol = root.split('://', 1)[0] if '://' in root else 'file'
        if protocol not in fsspec.available_protocols():
            raise PipelineError(f'--root {root!r}: unknown storage scheme {protocol}:// '
                                '(use a local path, s3://, gs://, abfs:// or another fsspec URL)')
        try:
            self.fs, base = fsspec.core.url_to_fs(root)
        except ImportError:
            package = BACKENDS.get(protocol, f'the fsspec backend for {protocol}://')
            raise PipelineError(f'--root {root!r}: {protocol}:// storage needs {package}; add '
                                'it to the notebook requirements') from None
        except Exception as err:  # bad options, credentials...: say which root
            raise PipelineError(f'--root {root!r}: cannot open the store: {err}') from None
        self.local = protocol in ('file', 'local')
        self.base = base.rstrip('/') if base not in ('/', '') else base
        self._check_reachable()

    def _check_reachable(self):
        if self.local:
            return
        bucket = self.base.split('/', 1)[0]
        try:  # info(), unlike exists(), lets connection and permission errors through
            self.fs.info(bucket)
        except FileNotFoundError:
            raise PipelineError(f'--root {self.root!r}: bucket or container {bucket!r} does '
                                'not exist') from None
        except Exception as err:
            raise PipelineError(f'--root {self.root!r}: the store does not answer: '
                                f'{type(err).__name__}: {err}') from None

    def path(self, *parts):
        return '/'.join([self.base.rstrip('/') or '/'] + [p.strip('/') for p in parts])

    def url(self, *parts):
        """The location as the user would type it (for messages and records)."""
        path = self.path(*parts)
        return path if self.local else f'{self.root.split("://", 1)[0]}://{path}'

    def exists(self, path):
        return self.fs.exists(path)

    def listdir(self, path):
        try:
            entries = self.fs.ls(path, detail=False)
        except FileNotFoundError:
            return []
        return sorted(e.rstrip('/').rsplit('/', 1)[-1] for e in entries)

    def read_bytes(self, path):
        return self.fs.cat_file(path)

    def write_bytes(self, path, data):
        """Atomic on a local disk (rename); an object store's PUT is atomic by itself."""
        folder = path.rsplit('/', 1)[0]
        if not self.local:
            self.fs.pipe_file(path, data)
            return
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix='.tmp-')
        try:
            with os.fdopen(fd, 'wb') as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def read_json(self, path):
        try:
            return json.loads(self.read_bytes(path))
        except (OSError, ValueError):
            return None

    def write_json(self, path, value):
        text = json.dumps(value, indent=2, sort_keys=True, default=str) + '\n'
        self.write_bytes(path, text.encode('utf-8'))


def version_parts(pipeline, env):
    return [pipeline['project'], env, pipeline['algorithm'], pipeline['version']]


def latest_training_run(pipeline, storage, env):
    base = storage.path(*version_parts(pipeline, env))
    for token in reversed(storage.listdir(base)):
        info = storage.read_json(f'{base}/{token}/run.json')
        if info and info.get('use_case') == 'training' and info.get('status') == 'succeeded':
            return token
    return None


class Context:
    """What a step's run(ctx) sees: its run's storage and the reference training run."""

    def __init__(self, pipeline, storage, env, use_case, token, from_run=None):
        self.pipeline = pipeline
        self.storage = storage
        self.env = env
        self.use_case = use_case
        self.token = check_token(token)
        self.run_dir = storage.path(*version_parts(pipeline, env), token)
        self.local_steps = set(pipeline['use_cases'][use_case])
        self._from_run = from_run
        self.step = None
        # Step -> output name -> storage format, of what this process wrote.
        self.formats = {}

    def reference_dir(self, step, name):
        """Where values computed outside this use case come from: a training run."""
        token = self._from_run or latest_training_run(self.pipeline, self.storage, self.env)
        if token is None:
            raise PipelineError(
                f'step {self.step!r} needs {name!r} from step {step!r}, which the '
                f'{self.use_case} use case does not run, and there is no successful training '
                f'run of version {self.pipeline["version"]} in env {self.env!r}: run the '
                'training use case first or pass --from-run <token>')
        self._from_run = check_token(token, 'from-run token')
        return self.storage.path(*version_parts(self.pipeline, self.env), token)

    def load(self, step, name):
        base = self.run_dir if step in self.local_steps else self.reference_dir(step, name)
        record = self.storage.read_json(f'{base}/{step}/step.json') or {}
        fmt = record.get('outputs', {}).get(name)
        candidates = [fmt] if fmt else list(_formats.FORMATS)
        for candidate in candidates:
            path = f'{base}/{step}/{name}{_formats.FORMATS[candidate]}'
            if self.storage.exists(path):
                return _formats.decode(candidate, self.storage.read_bytes(path))
        raise PipelineError(f'step {self.step!r} needs {name!r} from step {step!r}, but '
                            f'{base}/{step}/ holds no {name!r}: has step {step!r} run?')

    def keep(self, name, namespace):
        """Store a final value if it exists and can be stored; results are best effort."""
        if name not in namespace:
            return
        try:
            self.save(name, namespace[name])
        except PipelineError as err:
            print(f'note: {err}', file=sys.stderr)

    def save(self, name, value):
        try:
            fmt, data = _formats.encode(value)
        except Exception as err:
            raise PipelineError(f'step {self.step!r} cannot store {name!r}: {err}') from None
        self.storage.write_bytes(f'{self.run_dir}/{self.step}/{name}{_formats.FORMATS[fmt]}', data)
        self.formats.setdefault(self.step, {})[name] = fmt

