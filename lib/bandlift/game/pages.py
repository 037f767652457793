"""The text of the screens between sets: calibration, level select, rest, summary, records, errors.

Lines are at most 21 characters (128 px of the 6 px built-in font); a screen with more lines than the panel
has (3 on 128x32, 5 on 128x64) is paged with A (the select screen turns its pages by itself). Everything
here allocates strings: the views call it only when the game state's version moved, never mid-rep.
"""

from bandlift import faults
from bandlift.game import growth as gr
from bandlift.game import levels as lv
from bandlift.game import rules

WIDTH_CHARS = 21


def star_text(n):
    """'**-' style: earned stars then dashes, 3 characters."""
    return "***"[:n] + "---"[n:]


def side_word(side):
    if side == "L":
        return "Left"
    if side == "R":
        return "Right"
    return "Any"


def plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def wrap(text, width=WIDTH_CHARS):
    """Split text into lines of at most `width` characters at spaces."""
    out = []
    line = ""
    for word in str(text).split():
        while len(word) > width:
            if line:
                out.append(line)
                line = ""
            out.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = line + " " + word
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    return out


def lines_all(st):
    from bandlift.game import state as gs

    scr = st.screen
    if scr == gs.S_CALIB:
        if st.lines_per_page < 5:
            return ["Stand tall and still", "Learning how the", "strap sits..."]
        return ["BandLift", "Stand tall and still:", "learning how the", "strap sits...", "Long C: start again"]
    if scr == gs.S_SELECT:
        return select_lines(st)
    if scr == gs.S_SUMMARY:
        return summary_lines(st)
    if scr == gs.S_RECORDS:
        return records_lines(st)
    if scr == gs.S_REST:
        return rest_lines(st)
    return []


def n_pages(st):
    """Pages of the current screen (the summary has its picture card first)."""
    from bandlift.game import state as gs

    n = len(lines_all(st))
    per = st.lines_per_page
    if st.screen == gs.S_SUMMARY:
        n -= _card_lines(per)
        return 1 + ((n + per - 1) // per if n > 0 else 0)
    return (n + per - 1) // per if n else 1


def _card_lines(per):
    """Text lines under the summary's picture card: two on 128x64, none on 128x32."""
    return 2 if per >= 5 else 0


def page_lines(st):
    """The lines of the current page (padded to lines_per_page)."""
    from bandlift.game import state as gs

    allr = lines_all(st)
    per = st.lines_per_page
    if st.screen == gs.S_SUMMARY:
        # page 0 is the picture card (two text lines under it on 128x64); then the text, a page at a time
        k = _card_lines(per)
        if st.page == 0:
            out = ["", "", ""] + allr[:k] if k else []
        else:
            out = allr[k + (st.page - 1) * per:k + st.page * per]
    elif st.screen in (gs.S_RECORDS, gs.S_SELECT):
        start = st.page * per
        if start >= len(allr):
            start = 0
        out = allr[start:start + per]
    else:
        out = allr[:per]
    while len(out) < per:
        out.append("")
    return [x[:WIDTH_CHARS] for x in out]


def _plan_text(level):
    """"3x8 L/R" style: sets x reps, and the legs."""
    n = lv.sets(level)
    reps = lv.set_reps(level)
    return ("%dx%d" % (n, reps)) if n > 1 else ("%d reps" % reps)


def select_lines(st):
    """Page 1: the level at a glance (index, stars, legs, name, sets x reps, tempo, best); then its
    description and its stages, a page at a time."""
    n = st.n_items()
    if n == 0:
        return ["No levels found", "Copy levels/ to", "the drive"]
    i = st.sel
    head = "%d/%d" % (i + 1, n)
    if i >= len(st.levels):
        fname, reason = st.broken[i - len(st.levels)]
        return [head + " BROKEN", str(fname)] + wrap(str(reason))[:2] + ["A:next C:records"]
    level = st.levels[i]
    best = st.best_of(level)
    stars = int(best.get("stars", 0)) if best else 0
    legs = lv.legs_word(level) or (side_word(st.side) + " leg")
    big = st.lines_per_page >= 5
    out = ["%s %s %s" % (head, star_text(stars), legs), lv.level_name(level)]
    tempo = lv.tempo_text(level, 0)
    if not st.is_unlocked(level):
        need = lv.unlock_stars(level) - st.total_stars()
        act = "Locked: %d more star%s" % (need, "" if need == 1 else "s")
    else:
        act = "%s %s B:go" % (_plan_text(level), tempo)
    out.append(act)
    if big:
        out.append(("Best %s" % best.get("score", 0)) if best and "score" in best else "Not played yet")
        out.append(("Stars %d Streak %d" % (st.total_stars(), st.growth.streak))[:18])  # the garden's corner
    # More pages: the description, then the stages with their tempo.
    per = st.lines_per_page
    more = wrap(lv.description(level))
    ns = lv.n_stages(level)
    if ns > 1:
        for k in range(ns):
            name = lv.stage_name(level, k) or ("Stage %d" % (k + 1))
            more.append("%d %s %s" % (lv.stage_reps(level, k), name[:12], lv.tempo_text(level, k)))
    if lv.sets(level) > 1:
        more.append("Rest %ds between sets" % (lv.rest_ms(level) // 1000))
    while len(out) % per:
        out.append("")
    return out + more


def rest_lines(st):
    """Beside the big rest clock (11 characters a line): the next set and its leg, or where the strap goes."""
    run = st.run
    side = run.plan[run.index] if run else None
    nset = run.set_of(run.index) + 1 if run else 1
    nsets = run.sets if run else 1
    if st.strap and not st.strap_ready:
        if st.strap_moved:
            out = ["Hold still:", "learning", "the strap"]
        else:
            out = ["Move strap", "to %s" % side_word(side).upper(), "B when done"]
    else:
        out = ["Set %d of %d" % (nset, nsets), "%s leg" % side_word(side) if side else "Next set", "B: go now"]
    if st.lines_per_page >= 5:
        out.append("%d/%d %s C:end" % (nset, nsets, lv.tempo_text(st.level, 0)))
    return out


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
        out.append("L/R %d%%%s" % (lsi, " CHECK" if rules.lsi_flagged(lsi) else " ok"))
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
        best = st.best_of(level)
        stars = int(best.get("stars", 0)) if best else 0
        if stars > 0:
            cleared += 1
        rows.append(lv.level_name(level)[:WIDTH_CHARS])
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


def error_lines(st):
    out = wrap(st.error)
    out.append("Check the wiring")
    return out
