"""The fallback screen when the game package cannot be loaded: rep count, phase, an error line.

Same surface as bandlift.game.Game (on_events, on_button, show_error, clear_error, tick), so app.py
wires either. Labels are made once; text is set only when it changed.
"""

PHASES = ("CALIB", "REST", "RAISE", "HOLD", "LOWER")


class TextView:
    def __init__(self, core, root_group, width, height, levels=None, store=None):
        self.core = core
        self.width = width
        self.height = height
        self._labels = []
        try:
            from bandlift.hw.display import Text  # tiles of the built-in font: no adafruit_display_text to load

            for y in ((5, 16, 27) if height <= 32 else (6, 19, 32, 45)):
                self._labels.append(Text(root_group, 0, y))
        except (ImportError, MemoryError) as e:
            print("textview:", e)
        self._texts = [""] * len(self._labels)
        self._error = ""
        self._changed = True

    def _set(self, i, text):
        if i < len(self._texts) and self._texts[i] != text:
            self._texts[i] = text
            self._labels[i].text = text
            self._changed = True

    def on_events(self, ev, now_ms):
        pass  # the count and the phase are read each tick

    def _show_core(self):
        core = self.core
        ph = core.phase
        self._set(0, "Reps %d" % core.reps)
        self._set(1, PHASES[ph] if 0 <= ph < len(PHASES) else str(ph))

    def on_button(self, button, long_press, now_ms):
        if button == 0 and long_press:
            self.core.recalibrate()

    def show_error(self, text):
        self._error = text
        self._set(2, text[:21])

    def clear_error(self):
        self._error = ""
        self._set(2, "")

    def tick(self, now_ms):
        self._show_core()
        c = self._changed
        self._changed = False
        return c
