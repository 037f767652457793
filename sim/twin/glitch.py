"""Glitches a player sees on the OLED, found in the pixels of one frame (a twin Frame or glass bytes).

Each reader returns [] when the frame is clean, else what is wrong, in words:

    torn_grade(a, stage_w)  the grade splash is not whole: three grade stars, a check or a fault picture, the
                            set's score and an "x" with the combo, and in the splash (x >= stage_w) no ink that
                            is not one of those pictures or the set's flower (the HUD's bars or digits showing
                            through a splash drawn over them half-way)
    cut_words(a)            a line of text runs off the glass's right edge: a glyph cut at the edge, or the
                            last letter's cell ending in the glass's last column (a next letter would be off
                            it, unseen: "Steady at the to")
    alert_leftovers(a, box_h, meters)
                            an alert line (its box: rows 0..box_h-1) holds nothing but its letters, and the
                            meters of the play screen under it (Layout.hold / .lower boxes) keep their whole
                            frame: no top row hidden, the rest left over as open walls

a: the glass as a (h, w) bool array (shown._lit: a whole-screen inversion read back).
"""

import numpy as np

from sim.twin import ocr, shown


def as_array(frame):
    """The lit pixels of a twin Frame (inverted glass read back)."""
    return shown._lit(frame)


def torn_grade(a, stage_w):
    art_ = shown._art()
    s = art_.s
    h, w = a.shape
    st16 = shown._stack(shown._codes(a, 16))
    grades = shown._exact(st16, art_.grades)  # star, empty star, check
    stars = int(grades[0].sum() + grades[1].sum())
    if stars == 0 or shown.stage_pose(a, stage_w) is None:
        return []  # no grade on the glass (stars without Pip on the stage: the summary's card)
    bad = []
    if stars != 3:
        bad.append("%d grade stars (3 expected)" % stars)
    faults = shown._exact(st16, np.array([shown.art.rows16(p) for p in _fault_pics()], dtype=np.int64))
    if not grades[2].any() and not faults.any():
        bad.append("neither the check nor a fault picture")
    nums = shown.read_numbers(a)
    if not any(x_at for x_at, _ in nums):
        bad.append("no combo (x and a number)")
    if not any(not x_at for x_at, _ in nums):
        bad.append("no score")
    # every lit pixel of the splash belongs to a picture found whole
    known = np.zeros_like(a)
    for ex in list(grades) + list(faults) + list(shown._exact(st16, art_.plants)):
        for y, x in np.argwhere(ex):
            known[max(0, y - 1):y + 15, x:x + 16] = True
    st8 = shown._stack(shown._codes(a, 8))
    for ex in shown._exact(st8, art_.digits[:s._D_BLANK]):
        for y, x in np.argwhere(ex):
            known[max(0, y - 1):y + 15, x:x + 8] = True
    stray = a & ~known
    stray[:, :stage_w] = False
    stray[:16, w - 18:] = False  # the flower's corner: a shake clips it at the edge (then it matches no tile)
    n = int(stray.sum())
    if n:
        ys, xs = np.nonzero(stray)
        bad.append("%d lit pixels in the splash that are none of its pictures (x %d..%d, y %d..%d)" % (
            n, xs.min(), xs.max(), ys.min(), ys.max()))
    return bad


def _fault_pics():
    from sim.screens import art

    s = shown._art().s
    pics = art.PIP + art.ICONS + art.PLANT
    return [pics[s._IC_FAULT0 + k] for k in range(7)]


def _line_at(g, top):
    """(phase, cells) of the text line whose cells' top row is `top`: the horizontal phase (0-5 px) that
    reads most letters."""
    best = None
    for phase in range(ocr.CELL_W):
        cells = ocr.read_line(g, top, phase)
        known = sum(1 for c in cells if c not in (" ", ocr.UNKNOWN))
        score = known - cells.count(ocr.UNKNOWN)
        if best is None or score > best[0]:
            best = (score, phase, cells)
    return best[1], best[2]


def cut_words(a):
    h, w = a.shape
    g = ocr.Glass((np.ascontiguousarray(a, dtype=np.uint8).tobytes(), w, h))
    bad = []
    for top, _ in ocr.lines(g):
        phase, cells = _line_at(g, top)
        body = cells.rstrip()
        if not body or body[-1] == ocr.UNKNOWN:
            continue
        end = phase + ocr.CELL_W * len(body)  # the last letter's cell ends here
        rows = a[max(0, top):max(0, top + ocr.CELL_H)]
        if end >= w:  # (a cell's blank column is its last: a next letter would show from its first column)
            bad.append("%r (y %d) ends in the glass's last column: a next letter would be off the glass" %
                       (body.strip(), top))
        elif len(body) == len(cells) and rows[:, end:].any():
            bad.append("%r (y %d) has a letter cut at the right edge" % (body.strip(), top))
    return bad


def alert_leftovers(a, box_h, meters=()):
    h, w = a.shape
    g = ocr.Glass((np.ascontiguousarray(a, dtype=np.uint8).tobytes(), w, h))
    tops = [t for t, _ in ocr.lines(g) if t < box_h - 6]
    if not tops:
        return []  # no alert line
    phase, cells = _line_at(g, tops[0])
    bad = []
    box = a[:box_h].copy()
    lead = len(cells) - len(cells.lstrip(" "))
    x0 = phase + ocr.CELL_W * lead
    x1 = phase + ocr.CELL_W * len(cells.rstrip())
    box[max(0, tops[0]):tops[0] + ocr.CELL_H, x0:x1] = False
    if box.any():
        ys, xs = np.nonzero(box)
        bad.append("the alert's box holds %d lit pixels that are not its letters (x %d..%d, y %d..%d)" % (
            len(xs), xs.min(), xs.max(), ys.min(), ys.max()))
    for x, y, mw, mh in meters:  # a meter under the alert keeps its whole frame (no open top, no stray walls)
        if not (a[y, x:x + mw].all() and a[y + mh - 1, x:x + mw].all() and a[y:y + mh, x].all() and
                a[y:y + mh, x + mw - 1].all()):
            bad.append("the meter at (%d, %d) is cut: its frame is not whole under the alert" % (x, y))
    return bad
