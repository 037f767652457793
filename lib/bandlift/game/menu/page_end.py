"""The text of the summary after a level and of the records screen (bandlift.game.menu.pages loads it while one of
them shows).

Device code (CircuitPython 10); lines of at most 21 characters, built only when the state's version moved.
"""

from bandlift import faults
from bandlift.compat import const
from bandlift.game import growth as gr
from bandlift.game.menu.pages import plural, star_text, wrap

_WIDTH_CHARS = const(21)  # pages.py's: one OLED line of the built-in font
_LSI_FLAG = const(90)  # limb symmetry below this % is flagged (the usual return-to-sport threshold)


def lsi_flagged(value):
    """True when a limb symmetry index is known and below _LSI_FLAG %."""
    return value is not None and value < _LSI_FLAG


def summary_lines(st):
    """After the level (or a quit): the result, the one cue that helps most, legs, garden and streak."""
    s = st.summary or {}
    out = []
    if s.get("quit"):
        out.append("Stopped: no record")
    else:
        out.append("Done! %s %s" % (star_text(s.get("stars", 0)), "NEW BEST" if s.get("new_best") else ""))
    out.append("Score %d  %d/%d reps" % (s.get("score", 0), s.get("reps", 0), s.get("total", 0)))
    if s.get("fatigued"):
        out.append(faults.FATIGUE_CUE)
    out.append("Combo %d  Pts %d" % (s.get("best_combo", 0), s.get("points", 0)))
    if s.get("cue"):
        out.append("Tip: " + s["cue"])
        out.append("  (%s)" % plural(s.get("cue_n", 0), "rep"))
    else:
        out.append("Clean reps: no tip")
    if s.get("left") is not None and s.get("right") is not None:
        out.append("Left %d  Right %d" % (s["left"], s["right"]))
    lsi = s.get("lsi")
    if lsi is not None:
        out.append("L/R %d%%%s" % (lsi, " CHECK" if lsi_flagged(lsi) else " ok"))
    g = s.get("garden", 0)
    if s.get("grew"):
        out.append("Garden grew! %d next" % gr.to_next(g))
    else:
        out.append("Garden: %d to grow" % gr.to_next(g))
    out.append("Streak %s" % plural(s.get("streak", 0), "session"))
    if s.get("unlocks"):
        out.append("Unlocked %s" % plural(s["unlocks"], "level"))
    if s.get("save_msg"):
        out.extend(wrap(s["save_msg"]))
    out.append("B:again C:levels")
    return out


def records_lines(st):
    """Totals, the streak and the garden, then every level: its full name, stars and best score."""
    total = st.total_stars()
    cleared = 0
    rows = []
    for level in st.levels:
        best = st.store.get(level.id)
        stars = int(best.get("stars", 0)) if best else 0
        if stars > 0:
            cleared += 1
        rows.append(level.name[:_WIDTH_CHARS])
        rows.append("  %s %s" % (star_text(stars), ("best %s" % best.get("score", 0)) if best else "not played"))
    g = st.growth
    out = [
        "Records  %s" % plural(total, "star"),
        "Cleared %d/%d" % (cleared, len(st.levels)),
        "Best combo %d" % st.store.best_combo(),
        "Streak %d (best %d)" % (g.streak, g.d["best_streak"]),
        "Garden: %s" % plural(g.good_sets, "good set"),
    ]
    if not st.store.can_save:
        out.extend(wrap(st.store.message or "No save: drive read-only"))
    return out + rows
