"""Which names a cell binds, reads before binding, and changes in place (scope-aware)."""

import ast

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
        # Names changed in place (x.append(...), x[k] = v) or rebound through `global`.
        self.mutated = set()

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
        # Top-level function -> the globals its body (and nested scopes) reads when called,
        # and those it changes in place or rebinds.
        self.function_globals = {}
        self.function_mutates = {}
        # Names the top-level statement being visited binds at cell level.
        self.statement_binds = set()

    # -- name bookkeeping
    def load(self, name):
        if self.scopes:
            self.scopes[-1].loads.add(name)
        elif name not in self.defined_set and name not in self.free_set:
            self.free_set.add(name)
            self.free.append(name)

    def store(self, name):
        scope = self._binding_scope()
        if scope is None:
            self.statement_binds.add(name)
        elif name in scope.globals:
            scope.mutated.add(name)
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
        # What a nested scope changes that is not its own is changed in the enclosing one.
        if self.scopes:
            self.scopes[-1].mutated |= scope.mutated - (scope.stores - scope.globals)
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
        elif name:
            self.scopes[-1].mutated.add(name)

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
            self.function_globals[node.name] = sorted(scope.free() | (scope.globals & scope.loads))
            changed = scope.mutated - (scope.stores - scope.globals)
            if changed:
                self.function_mutates[node.name] = sorted(changed)

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
