"""Challenge levels: model (Level, Stage, LevelError), load (the lean device loader), parse, fields and spec
(its checks and the format's tables).

The thorough checker (typo suggestions, unlock progression, the JSON Schema) is PC-only: sim/levels/check.py.
"""

