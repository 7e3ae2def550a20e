"""Analyse the code cells of one notebook with Python's own parser.

Reads one JSON request on stdin: {"cells": [{"key": str, "source": str, "params": bool}]}
and writes one JSON answer on stdout (see `analyse_cell`). One process handles every cell of
a notebook so the service pays the interpreter start-up once. With --serve it answers one
request per line until stdin closes, so a long-lived worker skips the start-up altogether.
Standard library only.
"""

import ast
import builtins
import io
import json
import os
import sys
import tokenize

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # -I leaves the script dir out

from nbpromote_magics import translate_magics  # noqa: E402
from nbpromote_scopes import CellAnalyser  # noqa: E402

# Names a notebook may use without defining them (IPython adds a few to builtins).
IPYTHON_NAMES = ['display', 'get_ipython', 'In', 'Out', '_', '__', '___', 'exit', 'quit']

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
        'import_bindings': {}, 'definitions': [], 'function_globals': {}, 'star_imports': [],
        'string_lines': [],
    }
    if tree is None:
        return result
    analyser = CellAnalyser(parsed)
    binding_ends = {}
    for stmt in tree.body:
        analyser.statement_binds = set()
        analyser.visit(stmt)
        for name in analyser.statement_binds:
            binding_ends.setdefault(name, []).append(stmt.end_lineno)
    top_defined = analyser.defined_set
    result.update({
        'defined': analyser.defined,
        'free': analyser.free,
        'deferred': sorted(analyser.deferred - top_defined - set(analyser.free)),
        'mutated': sorted(analyser.mutated),
        'modules': sorted(analyser.modules),
        'import_bindings': analyser.import_bindings,
        'definitions': sorted(analyser.definitions),
        'function_globals': analyser.function_globals,
        'function_mutates': analyser.function_mutates,
        'binding_ends': binding_ends,
        'star_imports': [ast.get_source_segment(parsed, s) for s in tree.body
                         if isinstance(s, ast.ImportFrom) and any(a.name == '*' for a in s.names)],
        'string_lines': string_continuation_lines(source),
    })
    if lenient:
        result['parameters'] = parameters_of(tree, parsed)
    return result


def analyse_request(request):
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
                          'function_globals': {}, 'star_imports': [], 'string_lines': []})
    return {
        'python': '%d.%d.%d' % sys.version_info[:3],
        'builtins': sorted(set(dir(builtins)) | set(IPYTHON_NAMES)),
        'stdlib': sorted(getattr(sys, 'stdlib_module_names', ())),
        'cells': cells,
    }


def serve():
    """One JSON request per stdin line, one JSON answer per stdout line, until stdin closes.

    A request that cannot be analysed gets {"error": ...} so the worker stays usable; the
    caller restarts the worker only when the process itself dies.
    """
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = analyse_request(json.loads(line))
        except Exception as err:  # noqa: BLE001 - reported to the caller, worker keeps going
            answer = {'error': f'{type(err).__name__}: {err}'}
        # ensure_ascii (the default) keeps the answer on one line whatever the sources hold.
        out.write(json.dumps(answer, separators=(',', ':')) + '\n')
        out.flush()


def main():
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    if '--serve' in sys.argv[1:]:
        serve()
        return
    json.dump(analyse_request(json.load(sys.stdin)), sys.stdout, separators=(',', ':'))


if __name__ == '__main__':
    main()
