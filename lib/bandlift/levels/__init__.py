"""Challenge levels: model (Level, Stage, LevelError) and load (the lean device loader).

The thorough checker (typo suggestions, unlock progression, the JSON Schema) is PC-only: sim/levels/check.py.
"""
