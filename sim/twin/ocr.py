"""Read text off the twin's OLED pixels: the built-in terminalio font matched cell by cell.

The device draws every word with terminalio.FONT (under blinka a fontio.BuiltinFont: 6 x 12 px cells, each
glyph a full cell, the advance 6 px). A label anchored at (0, 0.5) on centre line y has its cells' top row
at y - 6 (bandlift.game.Layout gives the centre lines). Matching is exact: a cell whose pixels are
not one glyph (a bar, a frame, two overlapping texts) reads as UNKNOWN, so nothing is guessed.

    read_line(img, top, left=0)   -> the characters of the cells whose top-left corners are (left + 6 k, top)
    read_label(img, y_center, x)  -> read_line at the cell top of a label centred on y_center
    lines(img)                    -> [(top, text)] every text line found anywhere on the glass
    text(img)                     -> those lines joined with newlines

img: a twin Frame (sim/twin/session.py), a PIL image (lit = non-zero), or (pixels, w, h) with pixels
0/1 bytes row-major.
"""

CELL_W = 6
CELL_H = 12
UNKNOWN = "?"
_MASK = (1 << CELL_W) - 1
_TABLE = None
_CORE = None  # {rows 1..CELL_H-2: [(key, char)]}: glyphs told apart without their margin rows


def _glyph_key(glyph):
    """The glyph as CELL_H row bit masks (bit x = pixel x); terminalio glyphs fill their whole cell."""
    bmp = glyph.bitmap
    rows = []
    for y in range(CELL_H):
        v = 0
        for x in range(CELL_W):
            if bmp[x, y]:
                v |= 1 << x
        rows.append(v)
    return tuple(rows)


def glyph_table():
    """{cell pixels key: character} for the printable ASCII of terminalio.FONT (first one wins)."""
    global _TABLE
    if _TABLE is None:
        import terminalio

        font = terminalio.FONT
        w, h = font.get_bounding_box()[:2]
        if (w, h) != (CELL_W, CELL_H):
            raise ValueError("terminalio.FONT is %d x %d, the OCR expects %d x %d" % (w, h, CELL_W, CELL_H))
        table = {tuple([0] * CELL_H): " "}
        for code in range(0x21, 0x7F):
            g = font.get_glyph(code)
            if g is None or g.width != CELL_W or g.height != CELL_H or g.dx != 0:
                continue
            key = _glyph_key(g)
            if any(key):
                table.setdefault(key, chr(code))
        _TABLE = table
        core = {}
        for key, ch in table.items():
            core.setdefault(key[1:-1], []).append((key, ch))
        global _CORE
        _CORE = core
    return _TABLE


def match(cell):
    """The character of one cell (a CELL_H tuple of row masks), or UNKNOWN.

    Text lines on the 32 px glass are 11 px apart, so a cell's first and last rows can hold a neighbour
    line's descender (or be cut off by the glass edge): an exact match wins, else the glyph whose middle
    rows match, the one with the fewer differing margin rows when several do (ties: the lower code).
    'g' and 'q' differ only in their last row: where that row is off the glass (the 32 px glass's bottom
    line) a 'q' reads as 'g', as a user cannot tell them apart either.
    """
    table = glyph_table()
    ch = table.get(cell)
    if ch is not None:
        return ch
    cands = _CORE.get(cell[1:-1])
    if not cands:
        return UNKNOWN
    best = None
    for key, c in cands:
        d = (key[0] != cell[0]) + (key[-1] != cell[-1])
        if best is None or d < best[0]:
            best = (d, c)
    return best[1]


class Glass:
    """A 1-bit picture as one int per row (bit x = pixel x), for cheap cell cuts."""

    def __init__(self, img):
        pixels, w, h = _pixels(img)
        self.w = w
        self.h = h
        rows = []
        tr = bytes.maketrans(bytes(range(256)), b"0" + b"1" * 255)
        for y in range(h):
            s = pixels[y * w:(y + 1) * w].translate(tr)[::-1]
            rows.append(int(s, 2) if s else 0)
        self.rows = rows
        self._columns = {}  # left -> every row's CELL_W pixels from x = left, a cell's height of 0s above and below

    def cell(self, top, left):
        """The CELL_H row masks of the cell whose top-left corner is (left, top); 0 off the glass."""
        col = self._columns.get(left)
        if col is None:
            if left >= 0:
                cut = [(r >> left) & _MASK for r in self.rows]
            else:
                cut = [(r << -left) & _MASK for r in self.rows]
            col = self._columns[left] = [0] * CELL_H + cut + [0] * CELL_H
        if top <= -CELL_H or top >= self.h:
            return (0,) * CELL_H
        return tuple(col[top + CELL_H:top + 2 * CELL_H])


def _pixels(img):
    if isinstance(img, Glass):
        raise TypeError("already a Glass")
    if isinstance(img, tuple):
        pixels, w, h = img
        return bytes(pixels), w, h
    if hasattr(img, "pixels") and hasattr(img, "w"):  # sim.twin.outputs.Frame
        return bytes(img.pixels), img.w, img.h
    if hasattr(img, "convert") and hasattr(img, "size"):  # PIL image
        g = img.convert("L")
        w, h = g.size
        return bytes(1 if v else 0 for v in g.tobytes()), w, h
    raise TypeError("cannot read pixels from %r" % type(img).__name__)


def _glass(img):
    return img if isinstance(img, Glass) else Glass(img)


def read_line(img, top, left=0, cols=None):
    """The characters of a row of cells; spaces for empty cells, UNKNOWN for ink that is no glyph."""
    g = _glass(img)
    if cols is None:
        cols = (g.w - left) // CELL_W
    return "".join(match(g.cell(top, left + CELL_W * i)) for i in range(cols))


def read_label(img, y_center, x=0, cols=None):
    """The text of a label placed like bandlift.game.sprites.label(group, x, y_center) (anchor (0, 0.5))."""
    return read_line(img, y_center - CELL_H // 2, x, cols).rstrip()


def _score(line):
    """(letters, unknown cells) from the first letter to the last: pictures beside a line of text (a streak's
    digits, a big plant) are no part of it."""
    known = [i for i, c in enumerate(line) if c != " " and c != UNKNOWN]
    if not known:
        return 0, line.count(UNKNOWN)
    return len(known), line[known[0]:known[-1] + 1].count(UNKNOWN)


def lines(img, min_chars=2):
    """[(top, text)] of the text lines on the glass, top to bottom.

    Every cell top and every horizontal phase is tried; a line counts when it reads at least min_chars
    glyphs and more glyphs than unknown cells. Lines are taken best first and may not overlap by more
    than the cells' blank margins (3 rows).
    """
    g = _glass(img)
    cands = []
    for top in range(-2, g.h - 7):
        best = None
        for phase in range(CELL_W):
            s = read_line(g, top, phase)
            known, unknown = _score(s)
            if known >= min_chars and known > unknown and (best is None or known - unknown > best[0]):
                best = (known - unknown, top, (" " * phase + s).rstrip())
        if best is not None:
            cands.append(best)
    cands.sort(key=lambda c: (-c[0], c[1]))
    taken = []
    for score, top, s in cands:
        if all(abs(top - t) >= CELL_H - 3 for t, _ in taken):
            taken.append((top, s))
    taken.sort()
    return taken


def text(img, min_chars=2):
    """All text lines on the glass, top to bottom, joined with newlines."""
    return "\n".join(s for _, s in lines(img, min_chars))
