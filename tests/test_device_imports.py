"""lib/'s modules import one another without a circle: every import statement, at the top or inside a function
(a lazy import is how the device loads a module late, and a circle there is still one job split in two)."""

import ast
import os

LIB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib")


def import_graph(lib=LIB):
    """{module: modules of lib/ it imports}; a submodule's import of its own package (the package's constants)
    is left out: the package is loaded before the submodule anyway."""
    paths = {}
    for folder, _, files in os.walk(os.path.join(lib, "bandlift")):
        for f in files:
            if f.endswith(".py"):
                name = os.path.relpath(os.path.join(folder, f), lib)[:-3].replace(os.sep, ".")
                paths[name[:-len(".__init__")] if name.endswith(".__init__") else name] = os.path.join(folder, f)
    graph = {m: set() for m in paths}
    for m, path in paths.items():
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module + "." + a.name if node.module + "." + a.name in paths else node.module
                           for a in node.names]
            else:
                continue
            for t in targets:
                if t in paths and t != m and not m.startswith(t + "."):
                    graph[m].add(t)
    return graph


def circles(graph):
    """The groups of modules that import one another, each sorted (Tarjan's strongly connected components)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_finder_sees_a_circle_through_a_lazy_import():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_module_of_lib_imports_one_that_imports_it():
    graph = import_graph()
    assert "bandlift.game.menu.pages" in graph["bandlift.game.menu.page_select"]  # the graph sees imports
    assert circles(graph) == []
