"""The game between sets: menu, text pages, rest screen and card, a set's ending; let go while a set plays."""
