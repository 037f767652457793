"""The fallback screen when the game package cannot be loaded: rep count, phase, an error line.

Same surface as bandlift.game.Game (on_events, on_button, show_error, clear_error, tick), so app.py
wires either. Labels are made once; text is set only when it changed.

It loads when memory is short, often late in a session: its names are ones the program holds already (an
attribute, a method, a string of up to 10 characters is a name; a longer string is not). A name new to the
session there can be the one that asks for the next pool of names, 7.7 kB in one piece on the board, which a
short heap does not have: the text view then failed for want of room that its own code did not need.
"""

from bandlift.compat import const

# the phases' words, 6 characters apart: one string over 10 characters, folded where it is read (no name)
_WORDS = const("CALIB REST  RAISE HOLD  LOWER ")


class TextView:
    def __init__(self, core, root_group, width, height, levels=None, store=None):
        self.core = core
        self.width = width
        self.height = height
        self.labels = []
        try:
            from bandlift.hw.display import Text  # tiles of the built-in font: no adafruit_display_text to load

            for y in ((5, 16, 27) if height <= 32 else (6, 19, 32, 45)):
                self.labels.append(Text(root_group, 0, y))
        except (ImportError, MemoryError) as e:
            print("text view failed:", e)
        self.texts = [""] * len(self.labels)
        self._changed = True

    def show(self, i, text):
        if i < len(self.texts) and self.texts[i] != text:
            self.texts[i] = text
            self.labels[i].text = text
            self._changed = True

    def on_events(self, ev, now_ms):
        pass  # the count and the phase are read each tick

    def _show(self):
        core = self.core
        ph = core.phase
        self.show(0, "Reps counted %d" % core.reps)
        self.show(1, _WORDS[6 * ph:6 * ph + 5].strip() if 0 <= ph < 5 else str(ph))

    def on_button(self, button, long_press, now_ms):
        if button == 0 and long_press:
            self.core.recalibrate()

    def show_error(self, text):
        self.show(2, text[:21])

    def clear_error(self):
        self.show(2, "")

    def tick(self, now_ms):
        self._show()
        c = self._changed
        self._changed = False
        return c
