"""Challenge levels: model (Level, Stage, LevelError), load (the lean device loader), parse, fields and spec
(its checks and the format's tables).

The thorough checker (typo suggestions, unlock progression, the JSON Schema) is PC-only: sim/levels/check.py.
"""


def forget_loader():
    """Drop the loader and its checks once the levels are loaded: the Levels need only the model.

    The package keeps each imported submodule as an attribute, so removing sys.modules' entry alone would
    not give the RAM back.
    """
    import sys

    g = globals()
    for name in ("load", "parse", "fields", "spec"):
        sys.modules.pop("bandlift.levels." + name, None)
        g.pop(name, None)
