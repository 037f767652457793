"""What the game makes once, at start-up: the Game's parts, the Layout's pixel positions, the GameState's first
values, the Screens' first displayio pieces and the Sprites' sheets. Their classes call in here (the bodies of
their __init__); bandlift.game.Game lets this module go once it is made, so none of this code is on the heap in
a set (the classes keep their methods).

Device code (CircuitPython 10): no typing; runs once.
"""

from bandlift.game.sets import S_CALIB, S_SELECT, SetTally
from bandlift.levels.model import Card
from bandlift.lifetime import release
from bandlift.targets import Targets


def game(self, Layout, GameState, Screens, core, root_group, width, height, levels, store, broken, panel):
    """The body of bandlift.game.Game's __init__ (self a Game; its parts' classes given: this module imports no
    module that imports it)."""
    self.core = core
    self.layout = Layout(width, height)
    self.state = GameState(core, levels, store, broken, lines=self.layout.lines)
    self.feel = None  # during a set only (game/play/feel.py is loaded with the HUD and let go after it)
    self.screens = Screens(root_group, self.layout, panel)
    self.state.on_set_end = self._set_end
    self.state.on_open = self.screens.close_menu
    self.screens.before_hud = self._feel
    self.version = -1  # the state's version and set count as last shown (st.version, st.set_count)
    self.set_count = 0
    self._looked = -1  # ticks ms of a look() whose feel.update this pass's tick() need not repeat


# Pixel positions for the 128x32 FeatherWing and a 128x64 SSD1306. Numbers only. Those the play screen alone
# places are worked out as it is built (game/play/hud_build.py Places): the Layout keeps what is read after.
#
# Text (terminalio.FONT, 6 x 12 px cells, 21 characters per line, placed by the vertical centre of the line) is
# only on the screens between sets. Boxes are (x, y, w, h) in px.
def layout(self, width, height):
    """Pixel positions for the 128x32 FeatherWing and a 128x64 SSD1306: the body of bandlift.game.Layout's
    __init__ (self a Layout)."""
    self.width = width
    self.height = height
    self.big = height >= 64
    # Text screens.
    if self.big:
        self.lines = 5
        self.line_y = (6, 19, 32, 45, 58)
    else:
        self.lines = 3
        self.line_y = (5, 16, 27)
    # Stage: the sprites' top-left y runs from y_low (leg down, feet on the ground) to y_high (the top).
    self.y_low = height - 17
    self.y_high = -1  # the sprites' top row is blank: Pip's head reaches the top row
    px = 50 if self.big else 46  # the panel, right of the stage
    # the reps, "3/8" (or "10" alone in a set of 10 or more: Hud.update), then the set's running score,
    # right-aligned before the flower (on 128x64 from the stage's edge: 6 px between "3/8" and a 3-digit score,
    # which 4 px ran together)
    self.reps_xy = (px - 2 if self.big else px, 0)
    self.bloom_xy = (width - 16, 0)  # the set's flower: it grows with good reps in a row (over the grade too)
    self.score_xy = (px, 26 if self.big else 16)  # the set's points in the grade splash


def state(self, core, levels, store, broken, lines):
    """The first values of a GameState (bandlift.game.state, its __init__'s body): the menu's Cards, the store's
    view and the garden."""
    self.core = core
    self.levels = levels = list(levels or ())  # what the menu shows: Cards (a Level made in memory: its Card)
    for i in range(len(levels)):
        if not isinstance(levels[i], Card):
            from bandlift.levels.cards import make

            levels[i] = make(levels[i])
    self.broken = list(broken or [])
    if store is None:  # the progress file could not be used: a store in RAM that says so
        from bandlift.progress.memfs import no_drive_store

        store = no_drive_store()  # (memfs stays loaded: the store's drive is one of its objects)
    from bandlift.game.store import StoreView

    self._store = StoreView(store)
    self._kept = None  # what the store's view kept while a set is on (park_store)
    from bandlift.game.growth import Growth  # here only: a set lets the module go (park_growth)

    self._growth = Growth(self.store.growth_data(), self.store.session)
    self.growth_data = None  # the garden's state while a set is on (park_growth)
    self.lines_per_page = lines
    self.version = 0
    self.screen = S_SELECT if core.calibrated else S_CALIB
    self.back_screen = S_SELECT  # where calibration returns to
    lid = self.store.last_level()
    self.sel = 0  # the level played last
    for i in range(len(levels)):
        if levels[i].id == lid:
            self.sel = i
            break
    self.side = "L"  # leg for "any" levels; long A switches it, the leg question sets it
    self.ask_leg = False  # the select screen asks which leg (a level either leg may play)
    self.page = 0
    self.page_at = 0  # when the select screen turns its page
    self.error = ""
    self.alert = ""
    self.alert_sticky = False  # stays until calibration ends (strap slipped)
    self.alert_until = 0
    self.pending = ""  # an alert waiting for the grade splash to go
    self.level = None
    self.targets = Targets()
    self.run = None
    self.set_tally = SetTally()
    self.last_set = None  # the set just done (the rest screen shows its stars)
    self.set_count = 0  # sets started (views reset their meters when it moves)
    self.ending = False  # the set is over; it closes at end_at
    self.end_at = 0
    self.grade_on = False
    self.grade_until = 0
    self.lower_fast = False  # the live cue showed this rep's lowering too fast (Game sets it)
    self.rest_until = 0
    self.rest_t0 = 0  # when the rest (and the strap move) began
    self.rest_ms = 0
    self.strap = False  # the next set is on the other leg: the strap must move
    self.strap_moved = False  # the core saw the strap move since the rest began
    self.strap_ready = True
    self.summary = None
    self.last_result = None  # what was recorded in the store (tests and the twin read it)
    self.on_set_end = None  # called before a set or the level ends (bandlift.game.Game's hook)
    self.on_open = None  # called before a level's file is opened to start it (bandlift.game.Game's hook)
    self._last_tick = None
    self.store.park()  # the menu reads the records without the store's code (bandlift.game.store)


def screens(self, root, layout, panel, spr):
    """The displayio tree of a Screens (bandlift.game.screens, its __init__'s body): the text lines, the garden,
    the alert line (displayio only here: the state's logic imports this module without it). spr: the module
    bandlift.game.sprites, which imports this one (for its sheets), so this one does not import it."""
    import displayio

    self.layout = layout
    self.sp = spr.Sprites(panel)
    pal = self.sp.pal
    w, h = layout.width, layout.height
    self.root = displayio.Group()
    root.append(self.root)
    # Calibration, level select, summary, records: lines of text.
    self.text_group = displayio.Group()
    self.text = spr.Lines(self.text_group, 0, layout.line_y)
    self.root.append(self.text_group)
    # The garden in the menu's corner (128x64: the menu's lines there are short enough).
    self.garden = self.sp.sprite(self.root, w - 16, h - 16, spr.PLANT0) if layout.big else None
    if self.garden is not None:
        self.garden.hidden = True
    # Play: built when a set starts (open_hud), dropped when it ends. The rest screen and the summary's
    # card (game/menu/views.py): each only while it shows.
    self.hud = None
    self.before_hud = None  # called once the HUD's module is loaded (bandlift.game.Game loads the feel)
    self.rest = None
    self.card = None
    # Alert line (strap moved, form fading, stage change) over the top line.
    self.alert_group = displayio.Group()
    spr.rect(self.alert_group, pal, 0, 0, w, 16, spr.BLACK)  # covers the 16 px digits, not the meters under them
    self.alert = spr.label(self.alert_group, 0, 7)
    self._alert_text = ""
    self.root.append(self.alert_group)
    # Hardware error, over everything: made while one shows.
    self.error_group = None
    self.error = None
    self._hidden = {}
    for g in (self.text_group, self.alert_group):
        g.hidden = True
        self._hidden[id(g)] = True


def sprites(self, panel, sheet, digits):
    """The sprite sheets of a Sprites (bandlift.game.sprites): sheet (width, height, tile size) and digits (width,
    height, cell width and height) in px, unpacked from game/artbits.py, which goes again."""
    import displayio

    from bandlift.game import artbits

    w, h, tile = sheet
    self.sheet = b = displayio.Bitmap(w, h, 2)
    _unpack(b, artbits.SHEET, 2, tile, tile, tile)
    w, h, dw, dh = digits
    self.digits = b = displayio.Bitmap(w, h, 2)
    _unpack(b, artbits.DIGITS, 1, 8, dw, dh)
    # The packed bytes are in the bitmaps now: let them go (1.3 kB).
    del artbits
    release("bandlift.game.artbits")
    self.pal = displayio.Palette(2)
    self.spal = displayio.Palette(2)
    self.spal.make_transparent(0)
    for p in (self.pal, self.spal):
        p[0] = 0x000000
        p[1] = 0xFFFFFF
    self.panel = panel
    self.inverted = False


def _unpack(bitmap, data, bytes_per_row, width, tw, th):
    """Copy packed rows (high bit = left pixel), tile after tile, into the bitmap's tw x th cells: left to right,
    then the next row of cells (a TileGrid's tile order)."""
    cols = bitmap.width // tw
    y = 0  # the row in `data`: tile y // th, its row y % th
    i = 0
    n = len(data)
    top = 1 << (8 * bytes_per_row - 1)
    while i < n:
        bits = 0
        for k in range(bytes_per_row):
            bits = bits << 8 | data[i + k]
        i += bytes_per_row
        t = y // th
        x0 = t % cols * tw
        by = t // cols * th + y % th
        for x in range(width):
            if bits & (top >> x):
                bitmap[x0 + x, by] = 1
        y += 1
