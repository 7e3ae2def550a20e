"""Translate IPython-only syntax (magics, shell lines, help) into Python, or report it."""

import re

# Cell magics whose body is plain Python that we can keep.
PYTHON_CELL_MAGICS = {'time', 'timeit', 'capture', 'prun'}
# Line magics that only affect the interactive session: dropped.
SESSION_MAGICS = {
    'matplotlib', 'load_ext', 'reload_ext', 'autoreload', 'aimport', 'config', 'pylab',
    'precision', 'who', 'whos', 'who_ls', 'pwd', 'history', 'lsmagic', 'xmode', 'pdb',
    'debug', 'reset', 'store', 'pinfo', 'pinfo2', 'psearch', 'page', 'notebook', 'colors',
    'autosave', 'qtconsole', 'magic', 'alias_magic', 'doctest_mode', 'tb', 'recall', 'rerun'
}
PIP_RE = re.compile(r'^\s*(?:!|%)\s*(?:pip3?|conda|mamba)\s+install\b(.*)$')


def issue(kind, line, text, action, message):
    return {'kind': kind, 'line': line, 'text': text, 'action': action, 'message': message}


def translate_magics(source):
    """Rewrite IPython-only syntax into Python, keeping line numbers.

    Returns (python_source, issues). Lines we cannot keep become `pass  # ...` at the same
    indentation so blocks stay valid and line numbers still point at the notebook cell.
    """
    lines = source.split('\n')
    issues = []
    first = lines[0].strip() if lines else ''
    if first.startswith('%%'):
        name = first[2:].split()[0] if len(first) > 2 else ''
        if name in PYTHON_CELL_MAGICS:
            lines[0] = 'pass  # removed: ' + first
            issues.append(issue('cell_magic', 1, first, 'translated',
                                f'cell magic %%{name} removed; the cell body is kept'))
        else:
            issues.append(issue('cell_magic', 1, first, 'dropped',
                                f'cell magic %%{name} is not Python; the cell is left out'))
            return '', issues
    out = []
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if not stripped or not (stripped[0] in '!%' or _is_help(stripped)):
            out.append(line)
            continue
        if stripped.startswith('%%'):
            out.append(line)  # only meaningful on the first line; let the parser report it
            continue
        pip = PIP_RE.match(stripped)
        if pip:
            out.append(indent + 'pass  # removed: ' + stripped)
            packages = [p for p in pip.group(1).split() if not p.startswith('-')]
            issues.append(issue('pip_install', number, stripped, 'dropped',
                                'package installation removed; list the packages in '
                                'requirements instead: ' + ' '.join(packages)))
            continue
        if _is_help(stripped):
            out.append(indent + 'pass  # removed: ' + stripped)
            issues.append(issue('help', number, stripped, 'dropped', 'help request removed'))
            continue
        if stripped.startswith('!'):
            command = stripped[1:].strip()
            if '{' in command or '$' in command:
                out.append(indent + 'pass  # removed: ' + stripped)
                issues.append(issue('shell_command', number, stripped, 'unsupported',
                                    'shell command with IPython variable expansion cannot be '
                                    'translated; rewrite it with subprocess'))
            else:
                out.append(indent + "__import__('subprocess').run(%r, shell=True, check=True)"
                           % command)
                issues.append(issue('shell_command', number, stripped, 'translated',
                                    'shell command translated to subprocess.run'))
            continue
        # line magic
        body = stripped[1:]
        name = body.split()[0] if body.split() else ''
        rest = body[len(name):].strip()
        if name in ('time', 'timeit') and rest:
            out.append(indent + rest)
            issues.append(issue('line_magic', number, stripped, 'translated',
                                f'%{name} removed; the statement is kept'))
        elif name == 'env' and '=' in rest:
            key, _, value = rest.partition('=')
            out.append(indent + "__import__('os').environ[%r] = %r" % (key.strip(), value.strip()))
            issues.append(issue('line_magic', number, stripped, 'translated',
                                '%env translated to os.environ'))
        elif name == 'cd' and rest:
            out.append(indent + "__import__('os').chdir(%r)" % rest)
            issues.append(issue('line_magic', number, stripped, 'translated',
                                '%cd translated to os.chdir'))
        elif name in SESSION_MAGICS:
            out.append(indent + 'pass  # removed: ' + stripped)
            issues.append(issue('line_magic', number, stripped, 'dropped',
                                f'%{name} only affects the interactive session; removed'))
        else:
            out.append(indent + 'pass  # removed: ' + stripped)
            issues.append(issue('line_magic', number, stripped, 'unsupported',
                                f'%{name} has no production equivalent; removed'))
    return '\n'.join(out), issues


def _is_help(stripped):
    return stripped.endswith('?') and not stripped.startswith('#') and \
        re.match(r'^\??[A-Za-z_][\w.]*\??\?$', stripped) is not None
