"""What the bundle does to the names of a module of lib/bandlift shipped as .py: each local variable or argument
whose name the board would intern for it alone takes a name the firmware already holds in flash, line for line.

The board compiles a .py at import, and its lexer interns every identifier it reads, for good (names are never
given back). A function's local variable is one such name, though its bytecode keeps only a slot number: an .mpy
carries no name for it (mpy-cross read it on the PC). lib/bandlift's locals were ~190 names the .py install
interned and the .mpy one never did, and past the program's 1,260th name the board makes a 1,280-entry name pool
(7.7 kB) it never frees. So the .py on the drive calls such a local by a name of the firmware's own (a method of
the built-in types, `value`, `count`, ...: the board's flash holds those names, whatever the program does): a
renamed local costs no name at all. An argument's name is kept by a compiled function (a caller may pass it by
keyword), so an argument is renamed only when no call in the device program (lib/bandlift, code.py) passes any
argument by that name, or when it is a *args or **kwargs; `import x as name` renames `name` too.

Which names are locals, and where each is read or written, comes from python-minifier's scope analysis (the
binding of every name in every namespace, with each reference); the renaming is written into the source text in
place, so every line stays where it is and a traceback's line numbers and function names are the repository's.
To read a shipped file: the def line of each function whose names were renamed ends with a comment giving each new
name's old one (`# board names: count=lower_frac, value=x0`), one pair per name in that def (its lambdas' and
comprehensions' too); or open the repository's file at the traceback's line. Comments cost the board's compiler
nothing.

Renamed: a name bound in a function, lambda or comprehension (never a module's or a class's: those are globals and
attributes other code reads), referenced only as a plain name, an argument as above or an import's `as` name (so
never an exception's `as` name, a def, a global/nonlocal one), and not a name the module interns anyway (an
attribute, a keyword the program passes, a def's, a global's, an import's: renaming it would save nothing). The new
name is one no identifier in the module reads or binds (so it shadows nothing) and no other renamed name visible in
the same places, or noted on the same def, has.
"""

import ast
import functools
import io
import os
import tokenize

from sim import ROOT

# Names of the core language's built-in types' methods and arguments: interned in the firmware's flash on every
# CircuitPython board (py/ of the interpreter defines them), so a local of that name adds no name to the heap's
# pools. Builtin functions and types are left out (a local `max` would read as the builtin).
FLASH_NAMES = ("value", "key", "count", "index", "start", "end", "step", "stop", "args", "items", "keys", "values",
               "get", "pop", "append", "extend", "insert", "remove", "reverse", "sort", "clear", "copy", "update",
               "setdefault", "popitem", "add", "discard", "join", "split", "strip", "find", "replace",
               "startswith", "endswith", "lower", "upper", "encode", "decode", "read", "write", "close", "send",
               "throw", "sep")
_FREE = frozenset(FLASH_NAMES)
MARK = "board names:"


def _analysed(text):
    """The module's tree with python-minifier's namespaces and bindings on it, or None when it cannot tell
    (a module that reads its own names at run time: exec, eval, locals())."""
    from python_minifier.ast_annotation import add_parent
    from python_minifier.rename import add_namespace, bind_names, resolve_names

    tree = ast.parse(text)
    add_parent(tree)
    add_namespace(tree)
    bind_names(tree)
    resolve_names(tree)
    return None if tree.tainted else tree


def _bindings(node, out):
    """(namespace, binding) for every binding in every namespace under `node`, in source order."""
    for b in getattr(node, "bindings", ()) if hasattr(node, "bindings") else ():
        out.append((node, b))
    for child in ast.iter_child_nodes(node):
        _bindings(child, out)
    return out


def _identifiers(tree):
    """Every identifier the module reads or binds (names, arguments, defs, imports, global/nonlocal)."""
    got = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            got.add(node.id)
        elif isinstance(node, ast.arg):
            got.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            got.add(node.name)
        elif isinstance(node, ast.alias):
            got.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            got.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            got.add(node.name)
    return got


def _interned_anyway(tree):
    """The names this module's .py interns whatever its locals are called: attributes, keyword arguments of its
    calls, its defs and classes, its module- and class-level names, what it imports."""
    got = {"self", "cls"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            got.add(node.attr)
        elif isinstance(node, ast.keyword) and node.arg:
            got.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            got.add(node.name)
        elif isinstance(node, ast.alias):
            got.update(node.name.split("."))
    got.update(b.name for b in getattr(tree, "bindings", ()))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            got.update(b.name for b in getattr(node, "bindings", ()))
    return got


def _star(namespace, ref):
    """True when the argument `ref` is a function's *args or **kwargs (no caller names those)."""
    a = getattr(namespace, "args", None)
    return a is not None and (a.vararg is ref or a.kwarg is ref)


def _renamable(namespace, binding, kept, keywords):
    from python_minifier.rename.binding import NameBinding

    if not isinstance(binding, NameBinding) or not binding.allow_rename or binding.name in kept:
        return False
    if isinstance(namespace, (ast.Module, ast.ClassDef)) or not binding.references:
        return False
    for r in binding.references:
        if isinstance(r, ast.Name) and isinstance(r.ctx, (ast.Load, ast.Store, ast.Del)):
            continue
        if isinstance(r, ast.arg) and (binding.name not in keywords or _star(namespace, r)):
            continue  # an argument no call in the program passes by its name
        if isinstance(r, ast.alias) and r.asname == binding.name:
            continue  # `import x as name`: x's own name stays
        return False
    return True


def _scope(namespace, binding):
    """The namespaces in which the binding must stay visible: its own and those between it and each use."""
    got = {id(namespace)}
    for node in binding.references:
        while node is not namespace:
            got.add(id(node.namespace))
            node = node.namespace
    return got


@functools.lru_cache(maxsize=None)
def program_keywords(root=ROOT):
    """The names the device program's calls pass arguments by (f(x, name=1)), over lib/bandlift and code.py:
    an argument of that name keeps it. Any `f(**mapping)` call makes this None (then no argument is renamed)."""
    paths = [os.path.join(root, "code.py")]
    for folder, dirnames, files in os.walk(os.path.join(root, "lib", "bandlift")):
        dirnames.sort()
        paths += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".py")]
    got = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for node in ast.walk(ast.parse(f.read())):
                if isinstance(node, ast.keyword):
                    if node.arg is None:
                        return None
                    got.add(node.arg)
    return frozenset(got)


def renames(text, keywords=None):
    """([(namespace node, old name, new name, [reference nodes])], tree) for the module's source `text` (see the
    docstring). keywords: the names the program's calls pass arguments by (program_keywords); None: no argument
    is renamed."""
    tree = _analysed(text)
    if tree is None:
        return [], None
    used = _identifiers(tree)
    free = [n for n in FLASH_NAMES if n not in used]
    kept = _FREE | _interned_anyway(tree)
    if keywords is None:
        kept |= set(n.arg for n in ast.walk(tree) if isinstance(n, ast.arg))
        keywords = frozenset()
    kept |= keywords  # (interned by the calls that pass them)
    taken = {}  # id(namespace): new names given in it
    out = []
    for namespace, binding in _bindings(tree, []):
        if not _renamable(namespace, binding, kept, keywords):
            continue
        scope = _scope(namespace, binding)
        fn = _function(namespace)
        if fn is not None:  # (a def's note names each new name once: a lambda's or comprehension's too)
            scope.add(id(fn))
        for new in free:
            if all(new not in taken.get(s, ()) for s in scope):
                break
        else:
            continue  # (more locals in one place than names to give: the rest keep theirs)
        for s in scope:
            taken.setdefault(s, set()).add(new)
        out.append((namespace, binding.name, new, list(binding.references)))
    return out, tree


def _function(node):
    """The def a namespace belongs to (itself, or the def around a lambda or comprehension), or None."""
    while node is not None and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        parent = getattr(node, "namespace", None)
        node = None if parent is node else parent
    return node


def _header_end(toks, fn):
    """(0-based index of the line on which the def `fn`'s header ends, True when that line has a comment)."""
    body = fn.body[0].lineno
    last = fn.lineno
    for t in toks:
        if t.start[0] < fn.lineno:
            continue
        if t.start[0] >= body and t.type not in (tokenize.NL, tokenize.COMMENT):
            break
        if t.type == tokenize.OP and t.string == ":":
            last = t.start[0]
    return last - 1, any(t.type == tokenize.COMMENT and t.start[0] == last for t in toks)


def _span(ref, old):
    """(line index, start byte, end byte) of the name `old` that the reference node `ref` writes."""
    if isinstance(ref, ast.alias):  # `x as old`: the name ends the alias
        return ref.end_lineno - 1, ref.end_col_offset - len(old.encode("utf-8")), ref.end_col_offset
    start = ref.col_offset
    return ref.lineno - 1, start, start + len(old.encode("utf-8"))  # (an argument: its name starts it)


def rename(text, keywords=None):
    """`text` (a module's source, as the bundle writes it) with its locals renamed, line for line (see the
    docstring). keywords: as renames(); by default the repository's program's (program_keywords)."""
    got, tree = renames(text, program_keywords() if keywords is None else keywords)
    if not got:
        return text
    lines = text.splitlines(keepends=True)
    edits = {}  # line index: [(start byte, end byte, new text)]
    notes = {}  # def node: ["new=old"]
    for namespace, old, new, refs in got:
        for r in refs:
            i, start, end = _span(r, old)
            if lines[i].encode("utf-8")[start:end] != old.encode("utf-8"):
                raise ValueError("line %d: %r is not at column %d" % (i + 1, old, start))
            edits.setdefault(i, []).append((start, end, new))
        fn = _function(namespace)
        if fn is not None:
            notes.setdefault(fn, []).append("%s=%s" % (new, old))
    for i, spans in edits.items():
        b = lines[i].encode("utf-8")
        for start, end, new in sorted(spans, reverse=True):
            b = b[:start] + new.encode("utf-8") + b[end:]
        lines[i] = b.decode("utf-8")
    toks = list(tokenize.generate_tokens(io.StringIO(text).readline))
    for fn, pairs in notes.items():
        i, commented = _header_end(toks, fn)
        body = lines[i].rstrip("\r\n")
        sep = "; " if commented else "  # "
        lines[i] = body + sep + MARK + " " + ", ".join(sorted(pairs)) + lines[i][len(body):]
    return "".join(lines)


def restore(text):
    """A shipped module's `text` with each renamed name given back its old one, read from the def notes (the
    innermost def that notes a name wins): the repository's names on the drive's lines, to read a traceback by.
    `python -m sim.device.board_names FILE` prints it."""
    lines = text.splitlines(keepends=True)
    tree = ast.parse(text)
    notes = {}
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for i in range(fn.lineno - 1, max(fn.lineno, fn.body[0].lineno - 1)):
                at = lines[i].find(MARK)
                if at >= 0:
                    notes[fn] = dict(p.split("=") for p in lines[i][at + len(MARK):].strip().split(", "))
    edits = {}

    def walk(node, stack):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            stack = stack + [notes.get(node, {})]
        for field in ("id", "arg", "asname"):
            v = getattr(node, field, None)
            if isinstance(v, str):
                for m in reversed(stack):
                    if v in m:
                        i, start, end = _span(node, v)
                        edits.setdefault(i, []).append((start, end, m[v]))
                        break
        for child in ast.iter_child_nodes(node):
            walk(child, stack)

    walk(tree, [])
    from sim.device.board_py import apply_edits

    return apply_edits(lines, edits)


if __name__ == "__main__":
    import sys

    with open(sys.argv[1], encoding="utf-8") as f:
        sys.stdout.write(restore(f.read()))
