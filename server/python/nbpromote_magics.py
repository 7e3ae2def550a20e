"""Translate IPython-only syntax (magics, shell lines, help) into Python, or report it.

Each issue has an action: `translated` (Python doing the same is kept), `dropped` (only the
interactive session needed it), `unsupported` (removed; production may differ) or `refused`
(production cannot do what the notebook did: an error). The magic names and their options
follow IPython's own (`%lsmagic`, and the option strings its magics pass to parse_options).
"""

import re

from nbpromote_magic_options import split_options

# Magics whose argument (after their options) is a Python statement, with IPython's options.
STATEMENT_MAGICS = {
    'time': ('', ('no-raise-error',)),
    'timeit': ('n:r:tcp:qov:', ()),
    'prun': ('D:l:rs:T:q', ()),
}
# Line magics that only affect the interactive session or only display something: dropped.
SESSION_MAGICS = {
    'aimport', 'alias', 'alias_magic', 'autoawait', 'autocall', 'automagic', 'autoreload',
    'autosave', 'bookmark', 'cat', 'clear', 'colors', 'config', 'connect_info', 'debug',
    'dhist', 'dirs', 'doctest_mode', 'ed', 'edit', 'gui', 'hist', 'history', 'killbgscripts',
    'ldir', 'less', 'lf', 'lk', 'll', 'load_ext', 'logoff', 'logon', 'logstart', 'logstate',
    'logstop', 'ls', 'lsmagic', 'lx', 'macro', 'magic', 'man', 'matplotlib', 'more',
    'notebook', 'page', 'pastebin', 'pdb', 'pdef', 'pdoc', 'pfile', 'pinfo', 'pinfo2',
    'pprint', 'precision', 'psearch', 'psource', 'pwd', 'pycat', 'pylab', 'qtconsole',
    'quickref', 'recall', 'rehashx', 'reload_ext', 'rep', 'rerun', 'reset', 'reset_selective',
    'save', 'store', 'tb', 'unalias', 'unload_ext', 'who', 'who_ls', 'whos', 'xdel', 'xmode',
    'pip', 'conda', 'mamba', 'micromamba', 'uv',
}
# Line magics IPython forwards to the shell: the same as a `!` line.
SHELL_MAGICS = {'mkdir', 'rm', 'rmdir', 'cp', 'mv', 'sx', 'system'}
# Line magics whose effect production cannot reproduce from the cell alone: errors.
REFUSED_MAGICS = {
    'run': 'runs another script or notebook into this one; production does not have it. '
           'Put its code in a cell tagged "functions", or import it from a module listed '
           'in the requirements',
    'load': "replaces the cell with a file's code; run the cell once so the code is in the "
            'notebook, then remove the %load line',
    'loadpy': "replaces the cell with a file's code; run the cell once so the code is in the "
              'notebook, then remove the %loadpy line',
    'sc': 'captures shell output into a variable in a form production does not have; use '
          'x = !command, or subprocess',
}
# Cell magics that only render their body: the cell is left out.
DISPLAY_CELL_MAGICS = {'html', 'markdown', 'javascript', 'js', 'latex', 'svg'}
SHELL_CELL_MAGICS = {'bash': '/bin/bash', 'sh': '/bin/sh'}
PIP_RE = re.compile(r'^\s*(?:!|%)\s*(?:(?:uv\s+)?pip3?|conda|mamba|micromamba)\s+install\b(.*)$')
# `x = !cmd`, `x = %magic args`: IPython's MagicAssign and SystemAssign transforms.
ASSIGN_RE = re.compile(r'^(?P<target>[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*=\s*'
                       r'(?P<kind>!!?|%)(?P<rest>.*)$')


def issue(kind, line, text, action, message):
    return {'kind': kind, 'line': line, 'text': text, 'action': action, 'message': message}


def _shell(command, capture=False):
    if capture:
        return ("__import__('subprocess').run(%r, shell=True, check=True, capture_output=True, "
                "text=True).stdout.splitlines()" % command)
    return "__import__('subprocess').run(%r, shell=True, check=True)" % command


def _expands(command):
    return '{' in command or '$' in command


EXPANSION = ('shell command with IPython variable expansion cannot be translated; rewrite it '
             'with subprocess')


def _shell_line(kind, command, stripped, number, issues, message):
    """A shell command run by subprocess, or removed (and reported) when it expands names."""
    if _expands(command):
        issues.append(issue('shell_command', number, stripped, 'unsupported', EXPANSION))
        return 'pass  # removed: ' + stripped
    issues.append(issue(kind, number, stripped, 'translated', message))
    return _shell(command)


def translate_magics(source):
    """Rewrite IPython-only syntax into Python, keeping line numbers.

    Returns (python_source, issues). Lines we cannot keep become `pass  # ...` at the same
    indentation so blocks stay valid and line numbers still point at the notebook cell.
    """
    lines = source.split('\n')
    issues = []
    first = lines[0].strip() if lines else ''
    if first.startswith('%%'):
        body = _cell_magic(first, lines, issues)
        if body is None:
            return '', issues
        lines = body
    out = []
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        # Cheap tests first: most lines hold neither form.
        assign = ASSIGN_RE.match(stripped) if ('=' in stripped and stripped[:1] not in '!%'
                                               and ('!' in stripped or '%' in stripped)) \
            else None
        if assign:
            out.append(indent + _assignment(assign, stripped, number, issues))
            continue
        if not stripped or not (stripped[0] in '!%' or _is_help(stripped)):
            out.append(line)
            continue
        if stripped.startswith('%%'):
            out.append(line)  # only meaningful on the first line; let the parser report it
            continue
        out.append(indent + _line(stripped, number, issues))
    return '\n'.join(out), issues


def _cell_magic(first, lines, issues):
    """The cell's lines with its %% line translated, or None when the cell is left out."""
    words = first[2:].split(None, 1)
    name = words[0] if words else ''
    rest = words[1] if len(words) > 1 else ''
    body = '\n'.join(lines[1:])
    removed = 'pass  # removed: ' + first
    if name in STATEMENT_MAGICS or name == 'capture':
        spec, longs = STATEMENT_MAGICS.get(name, ('', ('no-stderr', 'no-stdout', 'no-display')))
        opts, stmt, error = split_options(rest, spec, longs)
        if error:
            issues.append(issue('cell_magic', 1, first, 'refused', f'%%{name}: {error}'))
            return [removed] + lines[1:]
        if name == 'capture':
            target = stmt.strip()
            note = (f'; `{target}` (the captured output) does not exist in production'
                    if target else '')
            issues.append(issue('cell_magic', 1, first, 'translated',
                                f'cell magic %%capture removed; the cell body is kept{note}'))
            return [removed] + lines[1:]
        if stmt.strip() and name == 'time':
            issues.append(issue('cell_magic', 1, first, 'refused',
                                "%%time takes no statement on its first line (IPython: Can't "
                                "use statement directly after '%%time')"))
            return [removed] + lines[1:]
        # %%timeit's first line, after its options, is a setup statement run once.
        kept = stmt.strip()
        issues.append(issue('cell_magic', 1, first, 'translated',
                            f'cell magic %%{name} removed; the cell body is kept'
                            + (', after its setup statement' if kept else '')))
        return [kept if kept else removed] + lines[1:]
    if name in SHELL_CELL_MAGICS or (name == 'script' and rest.split()[:1] in (['bash'], ['sh'])):
        shell = SHELL_CELL_MAGICS.get(name) or SHELL_CELL_MAGICS[rest.split()[0]]
        if _expands(body):
            issues.append(issue('cell_magic', 1, first, 'refused',
                                f'%%{name} cell with IPython variable expansion cannot be '
                                'translated; rewrite it with subprocess'))
            return None
        issues.append(issue('cell_magic', 1, first, 'translated',
                            f'%%{name} cell translated to subprocess.run'))
        code = ("__import__('subprocess').run(%r, shell=True, check=True, executable=%r)"
                % (body, shell))
        return [code] + [''] * (len(lines) - 1)
    if name == 'writefile':
        opts, target, error = split_options(rest, 'a', ())
        target = target.strip().strip('"\'')
        if error or not target:
            issues.append(issue('cell_magic', 1, first, 'refused',
                                f'%%writefile: {error or "a file name is missing"}'))
            return None
        mode = 'a' if 'a' in opts else 'w'
        issues.append(issue('cell_magic', 1, first, 'translated',
                            f'%%writefile translated: the step writes {target}'))
        # No name bound: a step's leftover names are kept as its results.
        code = ("__import__('pathlib').Path(%r).open(%r, encoding='utf-8').write(%r)"
                % (target, mode, body + '\n'))
        return [code] + [''] * (len(lines) - 1)
    if name in DISPLAY_CELL_MAGICS:
        issues.append(issue('cell_magic', 1, first, 'dropped',
                            f'cell magic %%{name} only displays its content; the cell is left '
                            'out'))
        return None
    issues.append(issue('cell_magic', 1, first, 'refused',
                        f'cell magic %%{name} runs code that is not Python, which production '
                        'cannot run; rewrite the cell in Python or tag it "skip"'))
    return None


def _assignment(m, stripped, number, issues):
    target, kind, rest = m.group('target'), m.group('kind'), m.group('rest').strip()
    if kind.startswith('!'):
        if _expands(rest):
            issues.append(issue('shell_command', number, stripped, 'unsupported', EXPANSION))
            return 'pass  # removed: ' + stripped
        issues.append(issue('shell_command', number, stripped, 'translated',
                            f'shell output captured with subprocess.run: {target} is a list of '
                            "lines (IPython's SList has .n, .s, .grep too)"))
        return f'{target} = {_shell(rest, capture=True)}'
    words = rest.split(None, 1)
    name = words[0] if words else ''
    args = words[1] if len(words) > 1 else ''
    if name in SHELL_MAGICS - {'mkdir', 'rm', 'rmdir', 'cp', 'mv'}:
        issues.append(issue('line_magic', number, stripped, 'translated',
                            f'%{name} translated to subprocess.run: {target} is a list of lines'))
        return f'{target} = {_shell(args, capture=True)}'
    if name in STATEMENT_MAGICS:
        opts, stmt, error = split_options(args, *STATEMENT_MAGICS[name])
        if error:
            issues.append(issue('line_magic', number, stripped, 'refused', f'%{name}: {error}'))
            return 'pass  # removed: ' + stripped
        if name == 'time':
            issues.append(issue('line_magic', number, stripped, 'translated',
                                '%time removed; the value is kept'))
            return f'{target} = {stmt.strip()}'
        issues.append(issue('line_magic', number, stripped, 'translated',
                            f'%{name} removed; the statement is kept, but {target} (the timing '
                            'result) does not exist in production'))
        return stmt.strip()
    if name == 'env' and args and '=' not in args and ' ' not in args.strip():
        issues.append(issue('line_magic', number, stripped, 'translated',
                            '%env translated to os.environ'))
        return f"{target} = __import__('os').environ.get({args.strip()!r})"
    issues.append(issue('line_magic', number, stripped, 'refused',
                        f'{target} = %{name} has no production equivalent'))
    return 'pass  # removed: ' + stripped


def _line(stripped, number, issues):
    """The Python for one IPython-only line (not an assignment)."""
    removed = 'pass  # removed: ' + stripped
    pip = PIP_RE.match(stripped)
    if pip:
        packages = [p for p in pip.group(1).split() if not p.startswith('-')]
        issues.append(issue('pip_install', number, stripped, 'dropped',
                            'package installation removed; list the packages in '
                            'requirements instead: ' + ' '.join(packages)))
        return removed
    if _is_help(stripped):
        issues.append(issue('help', number, stripped, 'dropped', 'help request removed'))
        return removed
    if stripped.startswith('!'):
        return _shell_line('shell_command', stripped.lstrip('!').strip(), stripped, number,
                           issues, 'shell command translated to subprocess.run')
    body = stripped[1:]
    name = body.split()[0] if body.split() else ''
    rest = body[len(name):].strip()
    if name in STATEMENT_MAGICS:
        opts, stmt, error = split_options(rest, *STATEMENT_MAGICS[name])
        if error:
            issues.append(issue('line_magic', number, stripped, 'refused', f'%{name}: {error}'))
            return removed
        if not stmt.strip():
            issues.append(issue('line_magic', number, stripped, 'dropped',
                                f'%{name} without a statement does nothing; removed'))
            return removed
        kept = [f'%{name} removed; the statement is kept']
        if 'no-raise-error' in opts:
            kept.append('an error it raises now stops the step')
        if 'v' in opts:
            kept.append(f'{opts["v"]} (the timing result) does not exist in production')
        issues.append(issue('line_magic', number, stripped, 'translated', ', '.join(kept)))
        return stmt.strip()
    if name in ('env', 'set_env') and rest:
        key, sep, value = rest.partition('=') if '=' in rest else rest.partition(' ')
        if sep and key.strip():
            issues.append(issue('line_magic', number, stripped, 'translated',
                                f'%{name} translated to os.environ'))
            return "__import__('os').environ[%r] = %r" % (key.strip(), value.strip())
    if name == 'cd' and rest:
        issues.append(issue('line_magic', number, stripped, 'translated',
                            '%cd translated to os.chdir'))
        return "__import__('os').chdir(%r)" % rest.strip('"\'')
    if name in SHELL_MAGICS:
        command = (rest if name in ('sx', 'system') else f'{name} {rest}').strip()
        return _shell_line('line_magic', command, stripped, number, issues,
                           f'%{name} translated to subprocess.run')
    if name in REFUSED_MAGICS:
        issues.append(issue('line_magic', number, stripped, 'refused',
                            f'%{name} {REFUSED_MAGICS[name]}'))
        return removed
    if name in SESSION_MAGICS or name == 'env':
        issues.append(issue('line_magic', number, stripped, 'dropped',
                            f'%{name} only affects the interactive session; removed'))
        return removed
    issues.append(issue('line_magic', number, stripped, 'unsupported',
                        f'%{name} has no production equivalent; removed'))
    return removed


def _is_help(stripped):
    return stripped.endswith('?') and not stripped.startswith('#') and \
        re.match(r'^\??[A-Za-z_][\w.]*\??\?$', stripped) is not None
