"""The game between sets: menu, text pages, rest screen and card, a set's ending; let go while a set plays.

The package itself holds no code (pages.py has the text of every screen): a set's end imports it before
ending.py, and from .py the board compiles it then, with the play screen barely gone.
"""
