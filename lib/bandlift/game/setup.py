"""What the game makes once, at start-up: the Layout's pixel positions, the GameState's first values, the
Screens' first displayio pieces and the Sprites' sheets. Their classes call in here; bandlift.game.Game lets
this module go once it is made, so none of this code is on the heap in a set (the classes keep their methods).

Device code (CircuitPython 10): no typing; runs once.
"""

from bandlift.game.sets import S_CALIB, S_SELECT, SetTally
from bandlift.levels.model import Card
from bandlift.lifetime import release
from bandlift.targets import Targets


# Pixel positions for the 128x32 FeatherWing and a 128x64 SSD1306. Numbers only.
#
# The play screen is a stage on the left (Pip, the pacing ghost, the target ledge, the ground) and a panel on
# the right (big digits for the reps, the set's flower; the hold meter and the lowering meter). Everything read
# mid-rep is a 16 px digit, sprite or bar (12 px on 128x64, where each has its label); a lowering too fast turns
# the whole screen over. Text (terminalio.FONT, 6 x 12 px cells, 21 characters per line, placed by the vertical
# centre of the line) is only on the screens between sets. Boxes are (x, y, w, h) in px.
def layout(lay, width, height):
    """Pixel positions for the 128x32 FeatherWing and a 128x64 SSD1306 (bandlift.game.Layout)."""
    lay.width = width
    lay.height = height
    lay.big = height >= 64
    h = height
    # Text screens.
    if lay.big:
        lay.lines = 5
        lay.line_y = (6, 19, 32, 45, 58)
    else:
        lay.lines = 3
        lay.line_y = (5, 16, 27)
    # Stage: the sprites' top-left y runs from y_low (leg down, feet on the ground) to y_high (the top).
    lay.stage_w = 48 if lay.big else 44
    lay.pip_x = 3 if lay.big else 2
    lay.ghost_x = 27 if lay.big else 24
    lay.ground_y = h - 1
    lay.y_low = h - 17
    lay.y_high = -1  # the sprites' top row is blank: Pip's head reaches the top row
    # Panel.
    px = 50 if lay.big else 46
    lay.panel_x = px
    # "7/12": up to 5 digit tiles; then the set's running score, right-aligned before the flower (on 128x64
    # from the stage's edge: 6 px between "3/8" and a 3-digit score, which 4 px ran together)
    lay.reps_xy = (px - 2 if lay.big else px, 0)
    lay.bloom_xy = (width - 16, 0)  # the set's flower: it grows with good reps in a row (over the grade too)
    if lay.big:
        lay.hold = (84, 21, width - 84, 12)
        lay.hold_label = (px, 27, "HOLD")
        lay.lower = (84, 38, width - 84, 12)
        lay.lower_label = (px, 44, "LOWER")
        lay.info_y = 58  # a line of text under the meters: the stage and its tempo
    else:
        lay.hold = (px, 16, 39, 16)  # 16 px: what is read mid-rep is as tall as the digits
        lay.hold_label = None
        lay.lower = (width - 40, 16, 40, 16)
        lay.lower_label = None
        lay.info_y = None
    # The grade splash over the panel: three stars, one fault picture, the score and the combo.
    lay.splash_x = lay.stage_w
    sx = 48 if lay.big else px
    lay.stars_xy = (sx, 4 if lay.big else 0)  # three stars 16 px apart, then the fault (the flower after)
    lay.fault_xy = (sx + 48, 4 if lay.big else 0)
    lay.score_xy = (px, 26 if lay.big else 16)
    lay.splash_combo_xy = (width - 30, 26 if lay.big else 16)


def state(st, core, levels, store, broken, lines):
    """The first values of a GameState (bandlift.game.state): the menu's Cards, the store's view and the garden."""
    st.core = core
    st.levels = levels = list(levels or ())  # what the menu shows: Cards (a Level made in memory: its Card)
    for i in range(len(levels)):
        if not isinstance(levels[i], Card):
            from bandlift.levels.cards import make

            levels[i] = make(levels[i])
    st.broken = list(broken or [])
    if store is None:  # the progress file could not be used: a store in RAM that says so
        from bandlift.progress.memfs import no_drive_store

        store = no_drive_store()  # (memfs stays loaded: the store's drive is one of its objects)
    from bandlift.game.store import StoreView

    st._store = StoreView(store)
    st._kept = None  # what the store's view kept while a set is on (park_store)
    from bandlift.game.growth import Growth  # here only: a set lets the module go (park_growth)

    st._growth = Growth(st.store.growth_data(), st.store.session)
    st.growth_data = None  # the garden's state while a set is on (park_growth)
    st.lines_per_page = lines
    st.version = 0
    st.screen = S_SELECT if core.calibrated else S_CALIB
    st.back_screen = S_SELECT  # where calibration returns to
    lid = st.store.last_level()
    st.sel = 0  # the level played last
    for i in range(len(levels)):
        if levels[i].id == lid:
            st.sel = i
            break
    st.side = "L"  # leg for "any" levels; long A switches it, the leg question sets it
    st.ask_leg = False  # the select screen asks which leg (a level either leg may play)
    st.page = 0
    st.page_at = 0  # when the select screen turns its page
    st.error = ""
    st.alert = ""
    st.alert_sticky = False  # stays until calibration ends (strap slipped)
    st.alert_until = 0
    st.pending = ""  # an alert waiting for the grade splash to go
    st.level = None
    st.targets = Targets()
    st.run = None
    st.set_tally = SetTally()
    st.last_set = None  # the set just done (the rest screen shows its stars)
    st.set_count = 0  # sets started (views reset their meters when it moves)
    st.ending = False  # the set is over; it closes at end_at
    st.end_at = 0
    st.grade_on = False
    st.grade_until = 0
    st.lower_fast = False  # the live cue showed this rep's lowering too fast (Game sets it)
    st.rest_until = 0
    st.rest_t0 = 0  # when the rest (and the strap move) began
    st.rest_ms = 0
    st.strap = False  # the next set is on the other leg: the strap must move
    st.strap_moved = False  # the core saw the strap move since the rest began
    st.strap_ready = True
    st.summary = None
    st.last_result = None  # what was recorded in the store (tests and the twin read it)
    st.on_set_end = None  # called before a set or the level ends (bandlift.game.Game's hook)
    st.on_open = None  # called before a level's file is opened to start it (bandlift.game.Game's hook)
    st._last_tick = None
    st.store.park()  # the menu reads the records without the store's code (bandlift.game.store)


def screens(scr, root, layout, panel):
    """The displayio tree of a Screens (bandlift.game.screens): the text lines, the garden, the alert line
    (displayio only here: the state's logic imports this module without it)."""
    import displayio

    from bandlift.game import sprites as spr
    from bandlift.game.sprites import BLACK, Lines, label, rect

    scr.layout = layout
    scr.sp = spr.Sprites(panel)
    pal = scr.sp.pal
    w, h = layout.width, layout.height
    scr.root = displayio.Group()
    root.append(scr.root)
    # Calibration, level select, summary, records: lines of text.
    scr.text_group = displayio.Group()
    scr.text = Lines(scr.text_group, 0, layout.line_y)
    scr.root.append(scr.text_group)
    # The garden in the menu's corner (128x64: the menu's lines there are short enough).
    scr.garden = scr.sp.sprite(scr.root, w - 16, h - 16, spr.PLANT0) if layout.big else None
    if scr.garden is not None:
        scr.garden.hidden = True
    # Play: built when a set starts (open_hud), dropped when it ends. The rest screen and the summary's
    # card (game/menu/views.py): each only while it shows.
    scr.hud = None
    scr.before_hud = None  # called once the HUD's module is loaded (bandlift.game.Game loads the feel)
    scr.rest = None
    scr.card = None
    # Alert line (strap moved, form fading, stage change) over the top line.
    scr.alert_group = displayio.Group()
    rect(scr.alert_group, pal, 0, 0, w, 16, BLACK)  # covers the 16 px digits, not the meters under them
    scr.alert = label(scr.alert_group, 0, 7)
    scr._alert_text = ""
    scr.root.append(scr.alert_group)
    # Hardware error, over everything: made while one shows.
    scr.error_group = None
    scr.error = None
    scr._hidden = {}
    for g in (scr.text_group, scr.alert_group):
        g.hidden = True
        scr._hidden[id(g)] = True


def sprites(sp, panel, tile, cols, n, dw, dh, dcols, nd):
    """The sprite sheets of a Sprites (bandlift.game.sprites: its tile sizes, tiles a row and counts), unpacked
    from game/artbits.py, which goes again."""
    import displayio

    from bandlift.game import artbits

    # The tiles side by side, as many as fill a 32-bit word: a Bitmap's row is whole words on the board, so a
    # column of 16 px tiles would leave half of each unused (1 kB), one of 10 px digits two thirds (0.6 kB)
    sheet = displayio.Bitmap(tile * cols, tile * ((n + cols - 1) // cols), 2)
    _unpack(sheet, artbits.SHEET, 2, tile, tile, tile)
    digits = displayio.Bitmap(dw * dcols, dh * ((nd + dcols - 1) // dcols), 2)
    _unpack(digits, artbits.DIGITS, 1, 8, dw, dh)
    sp.sheet = sheet
    sp.digits = digits
    # The packed bytes are in the bitmaps now: let them go (1.3 kB).
    del artbits
    release("bandlift.game.artbits")
    sp.pal = displayio.Palette(2)
    sp.spal = displayio.Palette(2)
    sp.spal.make_transparent(0)
    for p in (sp.pal, sp.spal):
        p[0] = 0x000000
        p[1] = 0xFFFFFF
    sp.panel = panel
    sp.inverted = False


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
