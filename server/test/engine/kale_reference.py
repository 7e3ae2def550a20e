"""What Kale infers for a notebook: steps, edges and the variables passed between steps.

A test reference, written from reading Kale's NotebookProcessor (kubeflow-kale/kale,
backend/kale/processors/nbprocessor.py at 3e6b711): its tag reading, its pyflakes report of
the names a step is missing, and its search of each step's ancestors for "marshal
candidates". It is our own reading of that algorithm, run here without Kale's dependencies
(KFP, Rok) so the engine's results can be compared with it in the test suite. Two choices
are ours, where Kale 2.3 itself refuses the notebooks: `block:` is read as `step:` (as Kale
did before it dropped `block:`), and a cell may carry `prev:` with `block:`.

Usage: python kale_reference.py NOTEBOOK.ipynb  ->  JSON on stdout.
"""

import ast
import json
import re
import sys

from pyflakes import api as flakes_api, reporter as flakes_reporter

SPECIAL = ['skip', 'pipeline-parameters', 'pipeline-metrics', 'imports', 'functions']


def comment_magics(code):
    return re.sub(r'^(\s*%%?.*)$', r'#\1', code.strip(), flags=re.MULTILINE)


def undefined_names(code):
    """Names pyflakes reports as undefined, as Kale's flakeutils reads its report."""
    class Sink(list):
        def write(self, text):
            self.append(text)

    out, err = Sink(), Sink()
    flakes_api.check(comment_magics(code), 'kale', flakes_reporter.Reporter(out, err))
    if ''.join(err).strip():
        raise SystemExit('pyflakes could not read a step: ' + ''.join(err))
    names = set()
    for line in ''.join(out).splitlines():
        if 'undefined name' in line:
            names.add(re.search(r"'(.+?)'", line).group(1))
    return names


def _walk(node, stop_at):
    yield node
    if isinstance(node, stop_at):
        return
    for child in ast.iter_child_nodes(node):
        yield from _walk(child, stop_at)


def marshal_candidates(code):
    """Every name a step's top level mentions, defines or imports (not inside def/class)."""
    names = set()
    contexts = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    for block in ast.parse(comment_magics(code)).body:
        for node in _walk(block, contexts):
            if isinstance(node, contexts):
                names.add(node.name)
            elif isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    names.add(alias.asname or alias.name)
    return names


def functions_of(code):
    out = {}
    for block in ast.parse(comment_magics(code)).body:
        for node in _walk(block, (ast.FunctionDef, ast.ClassDef)):
            if isinstance(node, ast.FunctionDef):
                out[node.name] = ast.get_source_segment(comment_magics(code), node)
    return out


def read_tags(cell):
    tags = cell.get('metadata', {}).get('tags', []) or []
    steps, prev = [], []
    for tag in tags:
        if tag in SPECIAL:
            return {'steps': [tag], 'prev': []}
        name, _, rest = tag.partition(':')
        if name in ('step', 'block') and rest:
            steps.append(rest)
        elif name == 'prev' and rest:
            prev.append(rest)
    return {'steps': steps, 'prev': prev}


def infer(nb):
    order, source, parents = [], {}, {}
    shared = {'imports': [], 'functions': [], 'pipeline-parameters': [], 'pipeline-metrics': []}
    previous = None
    for cell in nb['cells']:
        if cell['cell_type'] != 'code':
            continue
        text = ''.join(cell['source']) if isinstance(cell['source'], list) else cell['source']
        tags = read_tags(cell)
        name = tags['steps'][0] if tags['steps'] else None
        if name == 'skip':
            continue
        if name in shared:
            shared[name].append(text)
            previous = name
            continue
        if name is None:
            # An untagged cell continues whatever came last, a shared block included.
            if previous in shared:
                shared[previous].append(text)
            elif previous is not None:
                source[previous].append(text)
            continue
        if name not in source:
            order.append(name)
            source[name] = [text]
            parents[name] = [p for p in tags['prev'] if p in source]
        else:
            source[name].append(text)
        previous = name

    params = set()
    for stmt in ast.parse('\n'.join(shared['pipeline-parameters'])).body:
        if isinstance(stmt, ast.Assign):
            params.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
    prelude = '\n'.join(shared['imports'] + shared['functions'])
    full = {s: prelude + '\n' + '\n'.join(source[s]) for s in order}

    def ancestors(step):
        """Ancestors nearest first (breadth-first over the prev: edges)."""
        seen, frontier, out = {step}, [step], []
        while frontier:
            nxt = []
            for s in frontier:
                for p in parents[s]:
                    if p not in seen:
                        seen.add(p)
                        out.append(p)
                        nxt.append(p)
            frontier = nxt
        return out

    ins = {s: {} for s in order}
    outs = {s: set() for s in order}
    for step in order:
        left = undefined_names(full[step]) - params
        for anc in ancestors(step):
            if not left:
                break
            found = left & marshal_candidates(full[anc])
            for name in found:
                ins[step][name] = anc
                outs[anc].add(name)
                # A function that travels brings the globals it reads from the same step.
                fn = functions_of('\n'.join(source[anc])).get(name)
                if fn:
                    for free in undefined_names(prelude + '\n' + fn) - params:
                        ins[step].setdefault(free, anc)
                        outs[anc].add(free)
            left -= found
    return {
        'steps': [{'name': s, 'prev': parents[s], 'inputs': dict(sorted(ins[s].items())),
                   'outputs': sorted(outs[s])} for s in order],
        'parameters': sorted(params),
    }


if __name__ == '__main__':
    with open(sys.argv[1], encoding='utf-8') as f:
        print(json.dumps(infer(json.load(f)), indent=1))
