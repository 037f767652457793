"""What the bundle does to a module of lib/bandlift shipped as .py, beyond leaving out its docstrings
(cp_compiler.board_source): its private constants folded in, as CircuitPython's own compiler folds them into an
.mpy.

The board compiles a .py at import, and its lexer interns every identifier it reads, for good: a module's
private `_NAME = const(1500)` costs the board one interned name (its string and its slot in the name pools,
~14 B), though the compiler puts 1500 wherever the name is used and keeps no `_NAME` anywhere. An .mpy carries
no such name: mpy-cross folded it on the PC. lib/bandlift has ~300 of them: as .py they were ~300 names more
than the same program as .mpy (~4 kB of the heap for good). So the .py on the drive has the value where the
repository has the name, and the line that defined it blank: every line stays where it is (a traceback's line
numbers are the repository's).

Folded: module-level `_NAME = const(<expression of constants>)` (the names MicroPython's compiler keeps out of the
module's globals) whose value costs nothing written at each use: a small int (|v| < 2**29: a small int on the
board, no object), a float (30 bits in the word on the board), a string or bytes of 10 bytes or fewer (interned); a
longer string or bytes, and a tuple of such constants, only where it is read once (the compiler keeps one object
for the name; the literal written at each use would be one object per use). Each use after the definition (the
compiler substitutes from there on) that is a plain name read. Left as they are: public constants (other modules
read them), and a name that is ever assigned again. Blanked too: what only the type check reads (an `if _TYPING:`
block, a class body's bare annotations), which the board's compiler drops but its lexer would intern.
"""

import ast
import operator

_SMALL = 2 ** 29
_INTERN_LEN = 10  # bytes: the board's compiler interns a string or bytes constant this long or shorter
_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv,
           ast.Mod: operator.mod, ast.LShift: operator.lshift, ast.RShift: operator.rshift, ast.BitOr: operator.or_,
           ast.BitAnd: operator.and_, ast.BitXor: operator.xor, ast.Pow: operator.pow}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert}


class _NotConst(Exception):
    pass


def _value(node, known):
    """The value of a const() argument built from literals and constants defined before it (_NotConst else)."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in known:
        return known[node.id]
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_value(node.operand, known))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        return _BINOPS[type(node.op)](_value(node.left, known), _value(node.right, known))
    if isinstance(node, ast.Tuple):
        return tuple(_value(e, known) for e in node.elts)
    raise _NotConst()


def const_arg(stmt):
    """The argument of a module-level `_NAME = const(x)` and its name, or (None, None)."""
    if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Name)
            and stmt.value.func.id == "const" and len(stmt.value.args) == 1 and not stmt.value.keywords):
        return stmt.targets[0].id, stmt.value.args[0]
    return None, None


def folded_consts(tree):
    """{name: (value, the defining statement)} of the module's constants this module folds (see the docstring)."""
    known = {}
    folded = {}
    for stmt in tree.body:
        name, arg = const_arg(stmt)
        if name is None:
            continue
        try:
            v = _value(arg, known)
        except (_NotConst, ArithmeticError, TypeError, ValueError):
            continue
        known[name] = v
        if name.startswith("_") and _foldable(v) is not None:
            folded[name] = (v, stmt)
    stored = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            stored.add((node.id, node))
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            stored.update((n, None) for n in node.names)
        elif isinstance(node, ast.arg):
            stored.add((node.arg, None))
    for name, node in stored:
        if name in folded and node is not folded[name][1].targets[0]:
            del folded[name]
    uses = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in folded:
            uses[node.id] = uses.get(node.id, 0) + 1
    for name in list(folded):
        if not _foldable(folded[name][0]) and uses.get(name, 0) > 2:  # (the definition's own name, one use)
            del folded[name]
    return folded


def _foldable(v):
    """True: written at every use costs nothing (a small int, a float, which the board keeps in the word, a
    string or bytes the compiler interns: 10 bytes or shorter, PARSE_INTERN_LEN); False: a longer string or bytes,
    an object at each use (folded only where it is used once); None: never folded."""
    if v is None or type(v) is bool:
        return True
    if type(v) is int:
        return True if -_SMALL <= v < _SMALL else None
    if type(v) is float:
        return True if v == v and abs(v) != float("inf") else None
    if type(v) in (str, bytes):
        n = len(v.encode("utf-8")) if type(v) is str else len(v)
        return n <= _INTERN_LEN
    if type(v) is tuple and all(_foldable(e) is not None for e in v):
        return False  # (the board's compiler makes a tuple of constants one constant object, as const() does)
    return None


def _text(v):
    t = repr(v)
    return "(%s)" % t if t.startswith("-") else t


def fold(text):
    """`text` (a module's source) with its private constants folded in, line for line (see the docstring)."""
    tree = ast.parse(text)
    folded = folded_consts(tree)
    typing_only = _typing_only_lines(tree)
    if not folded and not typing_only:
        return text
    lines = text.splitlines(keepends=True)
    edits = {}  # line index: [(start byte, end byte, new text)]
    blank = set()  # the lines of the definitions folded
    for i in typing_only:
        lines[i] = "\n"
        blank.add(i)
    for name, (v, stmt) in folded.items():
        first, last = stmt.lineno - 1, stmt.end_lineno - 1
        head = lines[first].encode("utf-8")[:stmt.col_offset]
        tail = lines[last].encode("utf-8")[stmt.end_col_offset:].decode("utf-8").strip()
        if head.strip() or (tail and not tail.startswith("#")):
            continue  # (shares a line with other code: left whole; never so in lib/bandlift)
        for i in range(first, last + 1):
            lines[i] = "\n"
            blank.add(i)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in folded:
            stmt = folded[node.id][1]
            if (node.lineno, node.col_offset) > (stmt.end_lineno, stmt.end_col_offset) and \
                    node.lineno - 1 not in blank:
                edits.setdefault(node.lineno - 1, []).append((node.col_offset, node.end_col_offset,
                                                              _text(folded[node.id][0])))
    return apply_edits(lines, edits)


def typing_block(node):
    """True for an `if _TYPING:` block (`_TYPING = const(0)`: the type check's imports, which mypy reads and the
    board's compiler drops)."""
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "_TYPING"


def _typing_only_lines(tree):
    """Line indexes that hold only what the type check reads: an `if _TYPING:` block (its imports; `_TYPING =
    const(0)`) and class-body annotations without a value. The board's compiler drops both, but its lexer would
    still read them and intern their names: the .py on the drive has them as blank lines."""
    only, other = set(), set()
    for node in tree.body:
        if typing_block(node) and not node.orelse:
            only.update(range(node.lineno - 1, node.end_lineno))
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef):
            continue
        bare = [stmt for stmt in cls.body
                if isinstance(stmt, ast.AnnAssign) and stmt.value is None and isinstance(stmt.target, ast.Name)]
        code = [stmt for stmt in cls.body if stmt not in bare and not (
            isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))]  # (docstrings go too)
        if not code:
            continue  # the annotations are all the class body has left: kept, or the class would be empty
        for stmt in bare:
            only.update(range(stmt.lineno - 1, stmt.end_lineno))
        for stmt in code:
            other.update(range(stmt.lineno - 1, stmt.end_lineno))
    return only - other


def apply_edits(lines, edits):
    """The module's text from its `lines` with `edits` ({line index: [(start, end, new)]}, UTF-8 byte columns as
    ast gives them) written in place, right to left within a line so earlier columns stay valid."""
    for i, spans in edits.items():
        b = lines[i].encode("utf-8")
        for start, end, new in sorted(spans, reverse=True):
            b = b[:start] + new.encode("utf-8") + b[end:]
        lines[i] = b.decode("utf-8")
    return "".join(lines)
