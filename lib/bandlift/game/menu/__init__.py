"""The game between sets: menu, text pages, rest screen and card, a set's ending; let go while a set plays.
Nothing of its own: a set's end imports this package for game/menu/ending.py alone (the screens' text is
pages.py's)."""
