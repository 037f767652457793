"""The .py the bundle ships (sim/device/board_py.py): private constants folded in as the board's compiler folds
them, line for line, and nothing folded that would change what the module does."""

from sim.device import board_py

SRC = '''from bandlift.compat import const

_A = const(1500)  # ms
_B = const(_A * 2 - 4000)
_F = const(0.4)
_S = const("short")
_LONG = const("a string longer than ten")
_LONG2 = const("another long string here")
_T = const((1, 2))
_T2 = const((3, "four"))
PUBLIC = const(7)
_AGAIN = const(3)


def f(x, _A2=0):
    y = _A + _B + x * _F
    return (y, _S, _LONG, _T, PUBLIC, _AGAIN, _LONG2, _LONG2, _T2, _T2)


def g():
    global _AGAIN
    _AGAIN = 4
'''

def _run(text):
    ns = {"__name__": "m"}
    exec(compile(text.replace("from bandlift.compat import const", "const = lambda v: v"), "m", "exec"), ns)
    return ns


def test_private_constants_are_written_where_they_are_read_and_their_definitions_go():
    out = board_py.fold(SRC)
    assert out.count("\n") == SRC.count("\n")  # every line where it was
    assert "y = 1500 + (-1000) + x * 0.4" in out
    assert "_A = const" not in out and "_F = const" not in out and "_S = const" not in out
    assert "'short'" in out and "'a string longer than ten'" in out  # a long string read once: one object still
    assert "(1, 2)" in out and "_T = const" not in out  # a tuple read once: the same one constant object


def test_what_folding_would_change_is_left_alone():
    """Public constants (other modules read them), a tuple or a long string read twice (one object at each use),
    and a name assigned again (global) stay names."""
    out = board_py.fold(SRC)
    for kept in ("PUBLIC = const(7)", "_T2 = const((3, ", "_LONG2 = const(", "_AGAIN = const(3)"):
        assert kept in out, kept
    assert "PUBLIC, _AGAIN, _LONG2, _LONG2, _T2, _T2)" in out


def test_the_folded_module_computes_what_the_source_does():
    assert _run(board_py.fold(SRC))["f"](2) == _run(SRC)["f"](2)


def test_a_module_without_constants_is_unchanged():
    text = "x = 1\n\n\ndef f():\n    return x  # _A\n"
    assert board_py.fold(text) == text


TYPED = '''from bandlift.compat import const

_TYPING = const(0)
if _TYPING:
    from typing import Any


class Made:
    """Its attributes set by a start-up module."""

    core: "Any"; level: int
    side = "any"

    def go(self):
        return self.core


class OnlyNames:
    """Nothing but what the type check reads."""

    buf: bytearray
'''


def test_what_only_the_type_check_reads_is_blank_on_the_drive():
    """The board's compiler drops an `if _TYPING:` block and a class body's bare annotations, but its lexer would
    intern their names: the shipped .py has blank lines there (the line numbers stay), the rest of the module as
    it was, and a class left with nothing else keeps its annotations (an empty class body would not compile)."""
    out = board_py.fold(TYPED)
    assert out.count("\n") == TYPED.count("\n")
    assert "typing" not in out and "Any" not in out and "core:" not in out and "level: int" not in out
    assert 'side = "any"' in out and "return self.core" in out and "buf: bytearray" in out
    ns = {}
    exec(compile(out.replace("from bandlift.compat import const", "const = int"), "<shipped>", "exec"), ns)
    assert ns["Made"].side == "any"
