# Stand-in for CircuitPython's fontio (firmware).
from terminalio import _Glyph as Glyph  # noqa: F401
from terminalio import _Font as BuiltinFont  # noqa: F401
