"""Draw an analyzed recording with Pillow: elevation over time, phases shaded, reps scored, target zone.

Called by `python -m sim analyze FILE --plot OUT.png`. Input is the analyzer's Trace (per-sample time in ms
from the start, elevation in deg, phase name, target in deg) and its result dict (reps with start_s/end_s,
peak_deg, score, faults).
"""

from PIL import Image, ImageDraw, ImageFont

PHASE_COLOURS = {
    "RAISE": (198, 239, 206),  # light green
    "HOLD": (255, 235, 156),  # light yellow
    "LOWER": (189, 215, 238),  # light blue
}
TARGET_COLOUR = (255, 214, 214)
TRACE_COLOUR = (20, 20, 20)
AXIS_COLOUR = (90, 90, 90)
GRID_COLOUR = (225, 225, 225)
FAULT_COLOUR = (190, 30, 30)
GOOD_COLOUR = (20, 120, 40)

WIDTH_PER_S = 12  # px per second of recording, clamped below
MIN_W, MAX_W = 900, 4000
H = 420
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 40, 56


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has one fixed-size bitmap font
        return ImageFont.load_default()


def _nice_step(span, n):
    """A 1-2-5 step giving about n ticks over span."""
    raw = span / max(1, n)
    mag = 1.0
    while mag * 10 <= raw:
        mag *= 10
    while mag > raw:
        mag /= 10
    for m in (1, 2, 5, 10):
        if mag * m >= raw:
            return mag * m
    return mag * 10


def draw(trace, result, out_path, title="", targets=None):
    """Write the plot to out_path (PNG)."""
    t = trace.t_ms if trace is not None else []
    a = trace.angle if trace is not None else []
    dur_s = (t[-1] / 1000.0) if t else 1.0
    dur_s = max(dur_s, 1.0)
    w = int(min(MAX_W, max(MIN_W, LEFT + RIGHT + dur_s * WIDTH_PER_S)))
    img = Image.new("RGB", (w, H), "white")
    d = ImageDraw.Draw(img)
    f_small, f_axis, f_title = _font(11), _font(13), _font(15)

    finite = [v for v in a if v == v and abs(v) != float("inf")]
    targets_seen = [x for x in (trace.target if trace is not None else []) if x is not None]
    lo = min([0.0] + finite)
    hi = max([10.0] + finite + [x for x in targets_seen])
    tol = getattr(targets, "tolerance_deg", 0.0) if targets is not None else 0.0
    fixed_target = targets is not None and getattr(targets, "target_deg", None) is not None
    hi += 0.15 * (hi - lo) + 6  # room for the score labels
    lo -= 0.05 * (hi - lo)
    pw, ph = w - LEFT - RIGHT, H - TOP - BOTTOM

    def px(ms):
        return LEFT + pw * (ms / 1000.0) / dur_s

    def py(deg):
        return TOP + ph * (hi - deg) / (hi - lo)

    # Phase shading: one vertical band per run of samples in a moving/holding phase.
    i, n = 0, len(t)
    while i < n:
        ph_name = trace.phase[i]
        j = i
        while j + 1 < n and trace.phase[j + 1] == ph_name:
            j += 1
        col = PHASE_COLOURS.get(ph_name)
        if col is not None:
            x1 = px(t[j + 1]) if j + 1 < n else px(t[j])
            d.rectangle([px(t[i]), TOP, max(px(t[i]) + 1, x1), TOP + ph], fill=col)
        i = j + 1

    # Target zone: target - tolerance .. target, per sample run where a target is known.
    for k in range(n):
        tg = trace.target[k]
        if tg is None or k + 1 >= n:
            continue
        band = tol if fixed_target else 0.2 * tg  # auto target: SHORT below 80 % of it (bandlift.targets)
        d.rectangle([px(t[k]), py(tg), px(t[k + 1]), py(tg - band) if band else py(tg) + 1], fill=TARGET_COLOUR)

    # Grid and axes.
    ystep = _nice_step(hi - lo, 6)
    y = ystep * int(lo / ystep)
    while y <= hi:
        if y >= lo:
            d.line([LEFT, py(y), LEFT + pw, py(y)], fill=GRID_COLOUR)
            d.text((LEFT - 6, py(y)), "%g" % y, fill=AXIS_COLOUR, font=f_small, anchor="rm")
        y += ystep
    xstep = _nice_step(dur_s, max(4, pw // 90))
    x = 0.0
    while x <= dur_s + 1e-9:
        d.line([px(x * 1000), TOP + ph, px(x * 1000), TOP + ph + 4], fill=AXIS_COLOUR)
        d.text((px(x * 1000), TOP + ph + 6), "%g" % x, fill=AXIS_COLOUR, font=f_small, anchor="mt")
        x += xstep
    d.rectangle([LEFT, TOP, LEFT + pw, TOP + ph], outline=AXIS_COLOUR)
    d.text((LEFT + pw / 2, H - 8), "time (s)", fill=AXIS_COLOUR, font=f_axis, anchor="mb")
    label = Image.new("RGBA", (160, 20), (255, 255, 255, 0))
    ImageDraw.Draw(label).text((80, 10), "elevation (deg)", fill=AXIS_COLOUR, font=f_axis, anchor="mm")
    label = label.rotate(90, expand=True)
    img.paste(label, (4, int(TOP + ph / 2 - 80)), label)

    # The trace (broken at non-finite values).
    pts = []
    for k in range(n):
        v = a[k]
        if v != v or abs(v) == float("inf"):
            if len(pts) > 1:
                d.line(pts, fill=TRACE_COLOUR, width=2)
            pts = []
            continue
        pts.append((px(t[k]), py(v)))
    if len(pts) > 1:
        d.line(pts, fill=TRACE_COLOUR, width=2)

    # Reps: score above the peak, faults under it.
    for r in result.get("reps", []):
        mid_ms = 500.0 * (r.get("start_s", 0.0) + r.get("end_s", 0.0))
        peak = r.get("peak_deg") or 0.0
        faults = r.get("faults") or []
        col = FAULT_COLOUR if faults else GOOD_COLOUR
        yx = max(TOP + 12, py(peak) - 14)
        d.text((px(mid_ms), yx), str(r.get("score", "")), fill=col, font=f_axis, anchor="mb")
        for k, name in enumerate(faults):
            d.text((px(mid_ms), yx + 2 + 12 * k), name, fill=col, font=f_small, anchor="mt")

    # Title and legend.
    s = result.get("summary", {})
    head = "%s  reps %d  mean score %s" % (title, result.get("count", 0), s.get("mean_score", "-"))
    d.text((LEFT, 10), head, fill=TRACE_COLOUR, font=f_title)
    lx = LEFT + pw
    for name in ("LOWER", "HOLD", "RAISE"):
        lx -= 70
        d.rectangle([lx, 12, lx + 12, 24], fill=PHASE_COLOURS[name], outline=AXIS_COLOUR)
        d.text((lx + 16, 18), name.lower(), fill=AXIS_COLOUR, font=f_small, anchor="lm")
    lx -= 70
    d.rectangle([lx, 12, lx + 12, 24], fill=TARGET_COLOUR, outline=AXIS_COLOUR)
    d.text((lx + 16, 18), "target", fill=AXIS_COLOUR, font=f_small, anchor="lm")
    img.save(out_path)
    return out_path
