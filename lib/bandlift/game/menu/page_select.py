"""The level select screen's text (bandlift.game.menu.pages loads it while that screen shows).

Device code (CircuitPython 10); lines of at most 21 characters, built only when the state's version moved.
"""

from bandlift.game.menu.pages import side_word, star_text, wrap
from bandlift.game.rules import bloom_size, unlocked
from bandlift.levels import cards

# What the select screen says about a level's leg(s); an "any" level shows the player's pick instead
_LEGS = {"both": "Both legs", "alternate": "Alternate", "left": "Left leg", "right": "Right leg"}


def _plan_text(level):
    """"3x8 L/R" style: sets x reps, and the legs."""
    n = level.sets
    reps = level.reps_per_side
    return ("%dx%d" % (n, reps)) if n > 1 else ("%d reps" % reps)


def select_lines(st):
    """Page 1: the level at a glance (index, stars, legs, name, sets x reps, tempo, best); then its
    description and its stages, a page at a time."""
    n = len(st.levels) + len(st.broken)
    if n == 0:
        return ["No levels found", "Copy levels/ to", "the drive"]
    i = st.sel
    head = "%d/%d" % (i + 1, n)
    if i >= len(st.levels):
        fname, reason = st.broken[i - len(st.levels)]
        return [head + " BROKEN", str(fname)] + wrap(str(reason))[:2] + ["A:next C:records"]
    level = st.levels[i]
    if st.ask_leg:
        return ["Leg with the strap?", "A:left   C:right", "B:%s" % side_word(st.side).lower()]
    best = st.store.get(level.id)
    stars = int(best.get("stars", 0)) if best else 0
    legs = _LEGS.get(level.side) or "%s leg" % side_word(st.side)  # (the rest screen's words)
    big = st.lines_per_page >= 5
    out = ["%s %s %s" % (head, star_text(stars), legs), level.name]
    tempo = cards.tempo(level)
    if not unlocked(level.unlock_stars, st.total_stars()):
        need = level.unlock_stars - st.total_stars()
        act = "Locked: %d more star%s" % (need, "" if need == 1 else "s")
    else:
        act = "%s %s B:go" % (_plan_text(level), tempo)
    out.append(act)
    if big:
        out.append(("Best %s" % best.get("score", 0)) if best and "score" in best else "Not played yet")
        out.append(("Stars %d Streak %d" % (st.total_stars(), st.growth.streak))[:18])  # the garden's corner
    # More pages: the description, then the stages with their tempo.
    per = st.lines_per_page
    more = ["Bloom: %d good in row" % bloom_size(level.reps_per_side)] + wrap(cards.description(level)) + \
        list(cards.stage_lines(level))  # the set's goal first (game/play/hud.py's flower)
    if level.sets > 1:
        more.append("Rest %ds between sets" % (level.rest_ms // 1000))
    while len(out) % per:
        out.append("")
    return out + more
