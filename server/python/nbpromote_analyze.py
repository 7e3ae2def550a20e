"""Analyse the code cells of one notebook with Python's own parser.

Reads one JSON request on stdin: {"cells": [{"key": str, "source": str, "params": bool}]}
and writes one JSON answer on stdout (see `analyse_cell`). One process handles every cell of
a notebook so the service pays the interpreter start-up once. Standard library only.
"""

import ast
import builtins
import io
import json
import re
import sys
import tokenize

# Names a notebook may use without defining them (IPython adds a few to builtins).
IPYTHON_NAMES = ['display', 'get_ipython', 'In', 'Out', '_', '__', '___', 'exit', 'quit']

# Cell magics whose body is plain Python that we can keep.
PYTHON_CELL_MAGICS = {'time', 'timeit', 'capture', 'prun'}
# Line magics that only affect the interactive session: dropped.
SESSION_MAGICS = {
    'matplotlib', 'load_ext', 'reload_ext', 'autoreload', 'aimport', 'config', 'pylab',
    'precision', 'who', 'whos', 'who_ls', 'pwd', 'history', 'lsmagic', 'xmode', 'pdb',
    'debug', 'reset', 'store', 'pinfo', 'pinfo2', 'psearch', 'page', 'notebook', 'colors',
    'autosave', 'qtconsole', 'magic', 'alias_magic', 'doctest_mode', 'tb', 'recall', 'rerun'
}
# Methods known not to change their object: calling them does not make a step a producer.
READ_ONLY_METHODS = {
    'predict', 'predict_proba', 'predict_log_proba', 'decision_function', 'score', 'transform',
    'inverse_transform', 'get_params', 'head', 'tail', 'describe', 'info', 'copy', 'groupby',
    'mean', 'median', 'sum', 'count', 'value_counts', 'unique', 'nunique', 'isnull', 'isna',
    'notna', 'notnull', 'to_csv', 'to_json', 'to_parquet', 'to_dict', 'to_numpy', 'tolist',
    'plot', 'hist', 'get', 'items', 'keys', 'values', 'format', 'join', 'split', 'strip',
    'startswith', 'endswith', 'replace', 'lower', 'upper', 'min', 'max', 'std', 'corr', 'drop',
    'dropna', 'fillna', 'astype', 'map', 'apply', 'merge', 'loc', 'iloc', 'query', 'filter',
    'select_dtypes', 'sample', 'reshape', 'round', 'any', 'all', 'read_csv', 'DataFrame'
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


def root_name(node):
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


class Scope:
    """A function, class, lambda or comprehension scope inside a cell."""

    def __init__(self, kind, params=()):
        self.kind = kind
        self.loads = set()
        self.stores = set(params)
        self.globals = set()
        self.nonlocals = set()

    def free(self):
        return self.loads - self.stores - self.nonlocals


class CellAnalyser(ast.NodeVisitor):
    """Walks a cell's top level in execution order; nested scopes are resolved statically."""

    def __init__(self, source):
        self.source = source
        self.scopes = []
        self.defined = []
        self.defined_set = set()
        self.free = []
        self.free_set = set()
        self.deferred = set()
        self.mutated = set()
        self.modules = set()
        self.import_bindings = {}
        self.definitions = set()

    # -- name bookkeeping
    def load(self, name):
        if self.scopes:
            self.scopes[-1].loads.add(name)
        elif name not in self.defined_set and name not in self.free_set:
            self.free_set.add(name)
            self.free.append(name)

    def store(self, name):
        scope = self._binding_scope()
        if scope is None or name in scope.globals:
            if name not in self.defined_set:
                self.defined_set.add(name)
                self.defined.append(name)
        else:
            scope.stores.add(name)

    def _binding_scope(self):
        # Comprehension targets bind in the comprehension; walrus skips comprehensions.
        return self.scopes[-1] if self.scopes else None

    def close_scope(self, scope, immediate):
        free = scope.free()
        if scope.kind == 'class':
            free = scope.loads - scope.stores
        if self.scopes:
            self.scopes[-1].loads |= free
        elif immediate:
            for name in sorted(free):
                self.load(name)
        else:
            self.deferred |= free

    # -- visitors that fix evaluation order or open scopes
    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Store):
            self.store(node.id)
        else:
            self.load(node.id)
            if isinstance(node.ctx, ast.Del) and not self.scopes:
                self.mutated.add(node.id)

    def _mark_mutation(self, node):
        name = root_name(node)
        if name and not self.scopes:
            self.mutated.add(name)

    def visit_Attribute(self, node):
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self._mark_mutation(node)
        self.visit(node.value)

    def visit_Subscript(self, node):
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self._mark_mutation(node)
        self.visit(node.value)
        self.visit(node.slice)

    def visit_Call(self, node):
        if isinstance(node.func, ast.Attribute) and not self._read_only(node):
            self._mark_mutation(node.func.value)  # df.drop(..., inplace=True), model.fit(...)
        self.generic_visit(node)

    @staticmethod
    def _read_only(call):
        if call.func.attr not in READ_ONLY_METHODS:
            return False
        # drop/fillna/... change the object only with inplace=True
        return not any(k.arg == 'inplace' for k in call.keywords)

    def visit_Assign(self, node):
        self.visit(node.value)
        for target in node.targets:
            self.visit(target)

    def visit_AnnAssign(self, node):
        if node.value is not None:
            self.visit(node.value)
        if not self.scopes:
            pass  # module-level annotations are evaluated, but are types; not data
        if node.value is not None or not isinstance(node.target, ast.Name):
            self.visit(node.target)

    def visit_AugAssign(self, node):
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self.load(node.target.id)
            if not self.scopes:
                self.mutated.add(node.target.id)
            self.store(node.target.id)
        else:
            self._mark_mutation(node.target)
            self.load_expr(node.target)

    def load_expr(self, target):
        name = root_name(target)
        if name:
            self.load(name)
        for child in ast.walk(target):
            if isinstance(child, ast.Subscript):
                self.visit(child.slice)

    def visit_NamedExpr(self, node):
        self.visit(node.value)
        # A walrus binds in the nearest enclosing non-comprehension scope.
        saved = []
        while self.scopes and self.scopes[-1].kind == 'comprehension':
            saved.append(self.scopes.pop())
        self.store(node.target.id)
        while saved:
            self.scopes.append(saved.pop())

    def visit_For(self, node):
        self.visit(node.iter)
        self.visit(node.target)
        for stmt in node.body + node.orelse:
            self.visit(stmt)

    visit_AsyncFor = visit_For

    def visit_Import(self, node):
        for alias in node.names:
            self.modules.add(alias.name.split('.')[0])
            bound = alias.asname or alias.name.split('.')[0]
            self.store(bound)
            if not self.scopes:
                text = f'import {alias.name}' + (f' as {alias.asname}' if alias.asname else '')
                self.import_bindings[bound] = text

    def visit_ImportFrom(self, node):
        if node.level == 0 and node.module:
            self.modules.add(node.module.split('.')[0])
        for alias in node.names:
            if alias.name == '*':
                continue
            bound = alias.asname or alias.name
            self.store(bound)
            if not self.scopes and node.level == 0:
                text = f'from {node.module} import {alias.name}' + (
                    f' as {alias.asname}' if alias.asname else '')
                self.import_bindings[bound] = text

    def visit_Global(self, node):
        if self.scopes:
            self.scopes[-1].globals.update(node.names)
        for name in node.names:
            if name not in self.defined_set:
                self.defined_set.add(name)
                self.defined.append(name)

    def visit_Nonlocal(self, node):
        if self.scopes:
            self.scopes[-1].nonlocals.update(node.names)

    def _arguments(self, args):
        for default in args.defaults + [d for d in args.kw_defaults if d is not None]:
            self.visit(default)
        every = args.posonlyargs + args.args + args.kwonlyargs
        every += [a for a in (args.vararg, args.kwarg) if a is not None]
        return [a.arg for a in every]

    def visit_FunctionDef(self, node):
        for deco in node.decorator_list:
            self.visit(deco)
        params = self._arguments(node.args)
        scope = Scope('function', params)
        self.scopes.append(scope)
        for stmt in node.body:
            self.visit(stmt)
        self.scopes.pop()
        self.close_scope(scope, immediate=False)
        self.store(node.name)
        if not self.scopes:
            self.definitions.add(node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        params = self._arguments(node.args)
        scope = Scope('function', params)
        self.scopes.append(scope)
        self.visit(node.body)
        self.scopes.pop()
        self.close_scope(scope, immediate=False)

    def visit_ClassDef(self, node):
        for expr in node.decorator_list + node.bases + [k.value for k in node.keywords]:
            self.visit(expr)
        scope = Scope('class')
        self.scopes.append(scope)
        for stmt in node.body:
            self.visit(stmt)
        self.scopes.pop()
        self.close_scope(scope, immediate=True)
        self.store(node.name)
        if not self.scopes:
            self.definitions.add(node.name)

    def _comprehension(self, node, elements):
        generators = node.generators
        self.visit(generators[0].iter)  # evaluated in the enclosing scope
        scope = Scope('comprehension')
        self.scopes.append(scope)
        for i, gen in enumerate(generators):
            if i > 0:
                self.visit(gen.iter)
            self.visit(gen.target)
            for cond in gen.ifs:
                self.visit(cond)
        for element in elements:
            self.visit(element)
        self.scopes.pop()
        self.close_scope(scope, immediate=True)

    def visit_ListComp(self, node):
        self._comprehension(node, [node.elt])

    visit_SetComp = visit_ListComp
    visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node):
        self._comprehension(node, [node.key, node.value])

    def visit_ExceptHandler(self, node):
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self.store(node.name)
        for stmt in node.body:
            self.visit(stmt)

    def visit_MatchAs(self, node):
        if node.pattern is not None:
            self.visit(node.pattern)
        if node.name:
            self.store(node.name)

    def visit_MatchStar(self, node):
        if node.name:
            self.store(node.name)

    def visit_MatchMapping(self, node):
        self.generic_visit(node)
        if node.rest:
            self.store(node.rest)


def literal_parameter(name, value_node, annotation, source, line):
    entry = {'name': name, 'line': line}
    if annotation is not None:
        entry['annotation'] = ast.get_source_segment(source, annotation)
    try:
        value = ast.literal_eval(value_node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        entry['type'] = 'expression'
        entry['default'] = ast.get_source_segment(source, value_node)
        return entry
    entry['type'] = type_name(value)
    entry['default'] = to_json(value)
    return entry


def type_name(value):
    for kind, name in ((bool, 'bool'), (int, 'int'), (float, 'float'), (str, 'str'),
                       (list, 'list'), (tuple, 'list'), (dict, 'dict'), (set, 'list')):
        if isinstance(value, kind):
            return name
    return 'null' if value is None else 'expression'


def to_json(value):
    if isinstance(value, (list, tuple, set)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (complex, bytes)) or value != value or value in (float('inf'), float('-inf')):
        return repr(value)
    return value


def parameters_of(tree, source):
    found = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if isinstance(target, ast.Name):
                found.append(literal_parameter(target.id, stmt.value, None, source, stmt.lineno))
            elif isinstance(target, ast.Tuple) and isinstance(stmt.value, ast.Tuple) and \
                    len(target.elts) == len(stmt.value.elts):
                for t, v in zip(target.elts, stmt.value.elts):
                    if isinstance(t, ast.Name):
                        found.append(literal_parameter(t.id, v, None, source, stmt.lineno))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
            found.append(literal_parameter(stmt.target.id, stmt.value, stmt.annotation, source,
                                           stmt.lineno))
    return found


def string_continuation_lines(source):
    """Lines that start inside a multi-line string: re-indenting them would change data."""
    lines = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.STRING and tok.end[0] > tok.start[0]:
                lines.extend(range(tok.start[0] + 1, tok.end[0] + 1))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return lines


def parse_lenient(source, lenient):
    """Parse; for parameter cells drop unparsable lines one by one (as papermill does)."""
    errors = []
    lines = source.split('\n')
    for _ in range(50 if lenient else 1):
        try:
            return ast.parse('\n'.join(lines)), errors, '\n'.join(lines)
        except SyntaxError as err:
            line = err.lineno or 1
            errors.append({'line': line, 'column': err.offset or 0, 'message': err.msg,
                           'text': (err.text or '').rstrip('\n')})
            if not lenient or line > len(lines):
                break
            lines[line - 1] = ''
    return None, errors, source


def analyse_cell(cell):
    original = cell.get('source', '')
    source, magics = translate_magics(original)
    lenient = bool(cell.get('params'))
    tree, errors, parsed = parse_lenient(source, lenient)
    result = {
        'key': cell.get('key'),
        'source': source,
        'magics': magics,
        'syntax_errors': errors,
        'defined': [], 'free': [], 'deferred': [], 'mutated': [], 'modules': [],
        'import_bindings': {}, 'definitions': [], 'star_imports': [],
        'string_lines': [],
    }
    if tree is None:
        return result
    analyser = CellAnalyser(parsed)
    for stmt in tree.body:
        analyser.visit(stmt)
    top_defined = analyser.defined_set
    result.update({
        'defined': analyser.defined,
        'free': analyser.free,
        'deferred': sorted(analyser.deferred - top_defined - set(analyser.free)),
        'mutated': sorted(analyser.mutated),
        'modules': sorted(analyser.modules),
        'import_bindings': analyser.import_bindings,
        'definitions': sorted(analyser.definitions),
        'star_imports': [ast.get_source_segment(parsed, s) for s in tree.body
                         if isinstance(s, ast.ImportFrom) and any(a.name == '*' for a in s.names)],
        'string_lines': string_continuation_lines(source),
    })
    if lenient:
        result['parameters'] = parameters_of(tree, parsed)
    return result


def main():
    request = json.load(sys.stdin)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    cells = []
    for cell in request.get('cells', []):
        try:
            cells.append(analyse_cell(cell))
        except (RecursionError, MemoryError, ValueError) as err:
            cells.append({'key': cell.get('key'), 'source': cell.get('source', ''),
                          'magics': [], 'syntax_errors': [{'line': 1, 'column': 0,
                                                           'message': f'cannot analyse: {err}',
                                                           'text': ''}],
                          'defined': [], 'free': [], 'deferred': [], 'mutated': [],
                          'modules': [], 'import_bindings': {}, 'definitions': [],
                          'star_imports': [], 'string_lines': []})
    answer = {
        'python': '%d.%d.%d' % sys.version_info[:3],
        'builtins': sorted(set(dir(builtins)) | set(IPYTHON_NAMES)),
        'stdlib': sorted(getattr(sys, 'stdlib_module_names', ())),
        'cells': cells,
    }
    json.dump(answer, sys.stdout, separators=(',', ':'))


if __name__ == '__main__':
    main()
