"""What the player was shown during each rep, read off the frames the twin's OLED received.

Nothing here asks the game what it meant to show: the pictures are found on the glass by matching the game's
own sprite art (the tables sim/screens/art.py packs into lib/bandlift/game/artbits.py; tile order from
game/sprites.py), pixel for pixel, so a picture that was hidden, torn or drawn over does not count.

    shown_per_rep(frames, reps, end_ms) -> [({"too_fast_ms", "lower_seen_ms", "wobble_ms", "check", "combo"},
                                             {"too_fast_seen_ms", "stars", "graded"})]

reps: one dict per rep with board times (ms of virtual time since power-up): "start", "raise_end", "top" (the
leg leaves the top: the lowering's start by the 10 %-of-peak-speed convention of docs/design.md) and "end"
(the lowering's end). `rep_times_from_truth` makes them from a scripted athlete's ground truth,
`rep_times_from_device` from the device's own rep lines when there is no truth (a recording).

Per rep:
- too_fast_ms: ms the too-fast picture (Pip under the inside-out umbrella, PIP_FALL) was on the stage from the
  rep's raise end to the next rep's (Pip's landing after a lowering may reach into the next raise).
- lower_seen_ms: ms from the leg leaving the top to the first frame with a lowering picture (PIP_GLIDE or
  PIP_FALL) on the stage; None if none showed before the next rep began.
- wobble_ms: ms a wobble picture (PIP_WOBBLE) was on the stage from the raise's end to the lowering's end: the
  pause as the player lives it, and any wobble shown after a lowering picture (a wobble's first downswing can
  show the umbrella for a moment: the wobble picture that follows it counts).
- check / combo: the first grade shown after the leg left the top (the grade is the frame with grade stars,
  IC_STAR / IC_STAR_EMPTY, visible): whether it showed the check picture (IC_CHECK) and the number after its
  big "x" (the combo; 0 for "x0", None if no number showed). No grade before the next rep: check False,
  combo None.
The second dict (session.json's `shown_detail`): too_fast_seen_ms (ms from the leg leaving the top to the first
too-fast picture, None if none), stars (grade stars shown earned), graded (a grade showed at all), flower (the
garden stage, 0-7, of the set's flower first seen whole on the glass once the grade showed; None if none),
bloom (the flower in bloom, stage 7, showed from the leg leaving the top to the next rep's).

Frames are the twin's 10 ms looks at the glass, kept when they changed: times are good to ~10 ms.
"""

import numpy as np

from sim.screens import art

TILE = 16
_CACHE = {}


def _tile_index():
    """Tile indices of the device's sprite sheet (game/sprites.py), found where the game package keeps it."""
    import importlib

    for name in ("bandlift.game.play.sprites", "bandlift.game.sprites"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ImportError("no bandlift game sprites module")


class Art:
    """The game's pictures as row codes (bit 15 - x = pixel x, as sim/screens/art.py packs them): sheet tiles 16 x 16,
    digit glyphs 8 x 16, from sim/screens/art.py's tables."""

    def __init__(self):
        s = _tile_index()
        self.s = s
        pics = art.PIP + art.ICONS + art.PLANT
        tiles = [art.rows16(p) for p in pics]
        self.POSES = {"stand": s._PIP_STAND, "rest": s._PIP_REST, "lift": s._PIP_LIFT, "hold": s._PIP_HOLD,
                      "wobble": s._PIP_WOBBLE, "glide": s._PIP_GLIDE, "fall": s._PIP_FALL, "land": s._PIP_LAND}
        self.pose_names = list(self.POSES)
        self.poses = np.array([tiles[self.POSES[n]] for n in self.pose_names], dtype=np.int64)  # (P, 16)
        self.grades = np.array([tiles[i] for i in (s.IC_STAR, s.IC_STAR_EMPTY, s._IC_CHECK)], dtype=np.int64)
        self.digits = np.array([art.digit_rows(d) for d in art.DIGITS], dtype=np.int64)  # (15, 16), 8 bits
        self.plants = np.array([tiles[s.PLANT0 + k] for k in range(len(art.PLANT))], dtype=np.int64)  # (8, 16)


def _art():
    if "art" not in _CACHE:
        _CACHE["art"] = Art()
    return _CACHE["art"]


def _lit(frame):
    a = np.frombuffer(bytes(frame.pixels), dtype=np.uint8).reshape(frame.h, frame.w) != 0
    if a.mean() > 0.5:  # the too-fast alarm turns the whole glass over
        a = ~a
    return a


def _codes(a, width):
    """codes[y, x]: the `width` pixels of row y from x on as an int (the left pixel the high bit), with one
    blank row above the glass (Pip's top row sits there at the top of the stage) and blank columns past the
    right edge."""
    h, w = a.shape
    pad = np.zeros((h + 1, w + width - 1), dtype=np.int64)
    pad[1:, :w] = a
    win = np.lib.stride_tricks.sliding_window_view(pad, width, axis=1)  # (h + 1, w, width)
    return win @ (1 << np.arange(width - 1, -1, -1, dtype=np.int64))


def _stack(codes, th=16):
    """(h + 1 - th + 1, w, th): the codes of th rows from each corner (y - 1, x)."""
    return np.lib.stride_tricks.sliding_window_view(codes, th, axis=0)  # (ny, w, th)


def _exact(st, tiles):
    """Boolean (T, ny, w): tile t is on the glass exactly (all 16 rows) with its corner there."""
    return np.stack([(st == t[None, None, :]).all(axis=2) for t in tiles])


MAX_EXTRA = 24  # lit pixels inside a sprite's box that are not its own (a ledge line, a zone bracket)


def stage_pose(a, stage_w=48):
    """The name of Pip's pose on the stage (the glass left of stage_w px), or None."""
    art_ = _art()
    st = _stack(_codes(a, 16)[:, :max(1, stage_w - 15)])  # (ny, nx, 16)
    best = None
    for k, t in enumerate(art_.poses):
        miss = np.bitwise_count(t[None, None, :] & ~st)
        miss[0, :, 0] = 0  # one row above the glass: the tile's top row is off it, not missing
        ok = miss.sum(axis=2) == 0
        if not ok.any():
            continue
        extra = np.bitwise_count(st & ~t[None, None, :]).sum(axis=2)
        e = int(extra[ok].min())
        if e <= MAX_EXTRA and (best is None or e < best[0]):
            best = (e, art_.pose_names[k])
    return None if best is None else best[1]


def grade(a):
    """(check shown, combo shown or None, earned stars shown) if grade stars are on the glass, else None."""
    art_ = _art()
    ex = _exact(_stack(_codes(a, 16)), art_.grades)
    if not ex[0].any() and not ex[1].any():
        return None
    return bool(ex[2].any()), read_combo(a), int(ex[0].sum())


def plant(a):
    """The highest garden stage (0-7) whose picture is on the glass exactly (the set's flower on the play
    screen, the garden between sets), or None."""
    ex = _exact(_stack(_codes(a, 16)), _art().plants)
    for k in range(ex.shape[0] - 1, -1, -1):
        if ex[k].any():
            return k
    return None


def big_plant(a):
    """The garden stage (0-7) drawn at twice its size (each art pixel 2 x 2, as the summary's card shows it)
    on the glass, or None: a picture every other pixel of the glass shows exactly, whose 32 x 32 px box on the
    glass is that picture doubled."""
    art_ = _art()
    for oy in (0, 1):
        for ox in (0, 1):
            sub = a[oy::2, ox::2]
            ex = _exact(_stack(_codes(sub, 16)), art_.plants)
            for k in range(ex.shape[0] - 1, -1, -1):
                for y, x in np.argwhere(ex[k]):
                    bits = np.array([[(row >> (15 - c)) & 1 for c in range(16)] for row in art_.plants[k]], bool)
                    big = np.kron(bits, np.ones((2, 2), bool))
                    y0 = oy + 2 * (y - 1)  # (the stack's corner row is one above the glass)
                    x0 = ox + 2 * x
                    top = -y0 if y0 < 0 else 0
                    box = a[y0 + top:y0 + 32, x0:x0 + 32]
                    if box.shape == big[top:top + box.shape[0], :box.shape[1]].shape and \
                            (box == big[top:top + box.shape[0], :box.shape[1]]).all():
                        return k
    return None


def read_plants(frames):
    """[(t_ms, stage or None)] per frame (cached by its pixels)."""
    out = []
    memo = {}
    for f in frames:
        key = bytes(f.pixels)
        if key not in memo:
            memo[key] = plant(_lit(f))
        out.append((f.t_ms, memo[key]))
    return out


def read_combo(a):
    """The number after a big "x" (digit tiles, 10 px apart) on the glass, or None."""
    for x_at, n in read_numbers(a):
        if x_at:
            return n
    return None


def read_numbers(a):
    """[(after an "x", value)]: the rows of big digits on the glass, left to right, top to bottom."""
    art_ = _art()
    s = art_.s
    st = _stack(_codes(a, 8))
    ex = _exact(st, art_.digits[:s._D_BLANK])  # (the blank glyph would match any empty box)
    ny, w = ex.shape[1:]
    grid = np.full((ny, w), -1)
    for g in range(ex.shape[0]):
        grid[ex[g]] = g
    out = []
    used = set()
    for y, x in np.argwhere(grid >= 0):
        if (y, x) in used or grid[y, x] > 9 and grid[y, x] != s._D_X:
            continue
        x_at = grid[y, x] == s._D_X
        k = x + 10 if x_at else x
        n = None
        while k < w and 0 <= grid[y, k] <= 9:
            used.add((y, k))
            n = (n or 0) * 10 + int(grid[y, k])
            k += 10
        if n is not None:
            out.append((bool(x_at), n))
    return out


def _stage_w(frame):
    try:
        from bandlift.game import Layout
        from bandlift.game.play.hud_build import Places
    except ImportError:
        return 48
    return Places(Layout(frame.w, frame.h)).stage_w


def read_frames(frames):
    """[(t_ms, pose, grade)] per frame: what each frame showed (cached by its pixels)."""
    out = []
    memo = {}
    sw = _stage_w(frames[0]) if frames else 48
    for f in frames:
        key = bytes(f.pixels)
        got = memo.get(key)
        if got is None:
            a = _lit(f)
            pose = stage_pose(a, sw)
            # a grade is drawn over the play screen: stars without Pip on the stage are a summary page
            got = memo[key] = (pose, grade(a) if pose is not None else None)
        out.append((f.t_ms, got[0], got[1]))
    return out


def _spans(seen, end_ms):
    """[(t0, t1, pose, grade)]: each frame's content and how long it stayed on the glass."""
    out = []
    for i, (t, pose, gr) in enumerate(seen):
        t1 = seen[i + 1][0] if i + 1 < len(seen) else end_ms
        out.append((t, t1, pose, gr))
    return out


def _time_in(spans, poses, a, b):
    total = 0
    for t0, t1, pose, _ in spans:
        if pose in poses:
            lo = t0 if t0 > a else a
            hi = t1 if t1 < b else b
            if hi > lo:
                total += hi - lo
    return total


LOWER_POSES = ("glide", "fall")
BLOOM = 7  # the garden's last stage: the set's flower in bloom


def shown_per_rep(frames, reps, end_ms):
    """(shown, detail) per rep (see the module's docstring); reps: dicts of board ms, in time order."""
    spans = _spans(read_frames(frames), end_ms)
    plants = read_plants(frames)
    out = []
    for i, r in enumerate(reps):
        nxt = reps[i + 1]["start"] if i + 1 < len(reps) else end_ms
        # the lowering's pictures belong to it until the next rep's raise ends (Pip lands in its raise)
        nxt_top = reps[i + 1]["raise_end"] if i + 1 < len(reps) else end_ms
        seen_at = None
        for t0, t1, pose, _ in spans:
            if t1 > r["raise_end"] and t0 < nxt and pose in LOWER_POSES:
                seen_at = t0 if t0 > r["raise_end"] else r["raise_end"]
                break
        wob_end = r["end"] if r["end"] < nxt else nxt
        g = g_at = None  # the grade, and when it first showed
        for t0, t1, _, gr in spans:
            if gr is not None and t1 > r["top"] and t0 < nxt:
                g, g_at = gr, t0
                break
        fast_at = None
        for t0, t1, pose, _ in spans:
            if t1 > r["raise_end"] and t0 < nxt_top and pose == "fall":
                fast_at = t0 if t0 > r["raise_end"] else r["raise_end"]
                break
        # the flower: its stage when the grade first showed, and the bloom from the top to the next rep's top
        nxt_lower = reps[i + 1]["top"] if i + 1 < len(reps) else end_ms
        flower = None
        bloom = False
        for t, k in plants:
            if flower is None and g_at is not None and g_at <= t < nxt_top and k is not None:
                flower = k  # (a shake that clips it at the glass's edge is no picture of it)
            if r["top"] <= t < nxt_lower and k == BLOOM:
                bloom = True
        out.append(({
            "too_fast_ms": _time_in(spans, ("fall",), r["raise_end"], nxt_top),
            "lower_seen_ms": None if seen_at is None else seen_at - r["top"],
            "wobble_ms": _time_in(spans, ("wobble",), r["raise_end"], wob_end),
            "check": bool(g and g[0]),
            "combo": g[1] if g else None,
        }, {
            "too_fast_seen_ms": None if fast_at is None else fast_at - r["top"],
            "stars": g[2] if g else None,
            "graded": g is not None,
            "flower": flower,
            "bloom": bloom,
        }))
    return out


def rep_times_from_truth(motion, delay_s):
    """Board-ms rep times from an athlete's ground truth (sim.athlete.Motion) that started delay_s in."""
    d = delay_s * 1000.0
    out = []
    for t in motion.truth():
        out.append({"start": t["start_rel"] + d, "raise_end": t["raise_end_rel"] + d,
                    "top": t["lower_start_rel"] + d, "end": t["end_rel"] + d})
    return out


def rep_times_from_device(reps, ticks_to_ms):
    """Board-ms rep times from the device's rep lines (the core's own phase ends) when there is no truth."""
    out = []
    for r in reps:
        start = ticks_to_ms(r["start_ms"])
        end = ticks_to_ms(r["end_ms"])
        raise_end = start + r.get("raise_ms", 0)
        out.append({"start": start, "raise_end": raise_end, "top": end - r.get("lower_ms", 0), "end": end})
    return out
