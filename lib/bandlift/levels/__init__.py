"""Challenge levels: model (Level, Stage), load (the lean device loader), parse (LevelError), fields and spec
(its checks and the format's tables).

The thorough checker (typo suggestions, unlock progression, the JSON Schema) is PC-only: sim/levels/check.py.
"""

