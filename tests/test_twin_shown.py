"""sim/twin/shown.py reads the game's pictures off the glass: Pip's pose on the stage (also cut by the top edge,
drawn over a ledge line, or in the inverted flash), the grade's stars, check and combo, and nothing where the
picture is not whole."""

from sim.screens import art
from sim.twin import shown
from sim.twin.outputs import Frame

POSES = ("stand", "rest", "lift", "hold", "wobble", "glide", "fall", "land")


def blit(px, w, rows, x, y, width=16):
    for r, bits in enumerate(rows):
        for c in range(width):
            if bits >> (width - 1 - c) & 1 and 0 <= y + r < len(px) // w and 0 <= x + c < w:
                px[(y + r) * w + x + c] = 1


def frame(w=128, h=32):
    return bytearray(w * h), w, h


def tile(name):
    a = shown._art()
    return art.rows16((art.PIP + art.ICONS + art.PLANT)[a.POSES[name] if name in a.POSES else name])


def read(px, w, h, t=0):
    return shown.read_frames([Frame(t, w, h, bytes(px))])[0]


def test_each_pose_is_read_where_pip_stands_on_the_stage_also_cut_by_the_top_edge_and_over_a_ledge():
    for name in POSES:
        for y in (-1, 5, 16):
            px, w, h = frame()
            blit(px, w, tile(name), 2, y)
            blit(px, w, [0xFFFF] * 1, 0, 12)  # a ledge line across the stage
            assert read(px, w, h)[1] == name, (name, y)


def test_the_inverted_flash_reads_the_same_pose():
    px, w, h = frame()
    blit(px, w, tile("fall"), 3, 10)
    inv = bytes(1 - v for v in px)
    assert read(inv, w, h)[1] == "fall"


def test_a_torn_or_covered_pip_is_no_pose_and_a_pip_off_the_stage_is_not_read():
    px, w, h = frame()
    rows = tile("glide")
    blit(px, w, rows[:9], 2, 8)  # the bottom half missing
    assert read(px, w, h)[1] is None
    px, w, h = frame()
    blit(px, w, tile("glide"), 80, 8)  # a bonus picture in the panel is not the stage's Pip
    assert read(px, w, h)[1] is None


def digits(px, w, text, x, y):
    s = shown._art().s
    for i, ch in enumerate(text):
        g = s._D_X if ch == "x" else int(ch)
        blit(px, w, art.digit_rows(art.DIGITS[g]), x + 10 * i, y, width=8)


def test_the_grade_is_read_with_its_check_stars_and_combo_only_over_the_play_screen():
    s = shown._art().s
    px, w, h = frame()
    blit(px, w, tile("land"), 2, 16)
    for i, t in enumerate((s.IC_STAR, s.IC_STAR, s.IC_STAR_EMPTY)):
        blit(px, w, art.rows16((art.PIP + art.ICONS)[t]), 46 + 18 * i, 0)
    blit(px, w, art.rows16(art.ICONS[s._IC_CHECK - s._N_PIP]), 110, 0)
    digits(px, w, "120", 46, 16)
    digits(px, w, "x12", 98, 16)
    t, pose, g = read(px, w, h)
    assert pose == "land" and g == (True, 12, 2)
    assert shown.read_numbers(shown._lit(Frame(0, w, h, bytes(px)))) == [(False, 120), (True, 12)]
    blit(px, w, [0xFFFF] * 16, 2, 16)  # no Pip on the stage: a summary page, not a grade
    assert read(px, w, h)[2] is None


def test_per_rep_times_count_each_picture_while_it_was_on_the_glass():
    px0, w, h = frame()
    blit(px0, w, tile("hold"), 2, 0)
    px1, _, _ = frame()
    blit(px1, w, tile("wobble"), 2, 0)
    px2, _, _ = frame()
    blit(px2, w, tile("glide"), 2, 4)
    px3, _, _ = frame()
    blit(px3, w, tile("fall"), 2, 8)
    frames = [Frame(1000, w, h, bytes(px0)), Frame(2000, w, h, bytes(px1)), Frame(2200, w, h, bytes(px0)),
              Frame(3100, w, h, bytes(px2)), Frame(3600, w, h, bytes(px3)), Frame(4000, w, h, bytes(px2))]
    rep = {"start": 0, "raise_end": 1500, "top": 3000, "end": 6000}
    s, d = shown.shown_per_rep(frames, [rep], 8000)[0]
    assert s == {"too_fast_ms": 400, "lower_seen_ms": 100, "wobble_ms": 200, "check": False, "combo": None}
    assert d["too_fast_seen_ms"] == 600 and not d["graded"]
