"""The end of a level (game/menu/ending.py loads this module when the level is over or quit, and lets it go
after): end_level() builds the summary and the result to record (never for a quit). A module of its own: every
set's end compiles ending.py from .py, a level's end this one too, each alone (the free heap a compile needs
grows with the whole module's parse tree).
"""

from bandlift import faults
from bandlift.game import rules
from bandlift.game.sets import S_SUMMARY, set_autoreload


def end_level(st, now_ms, quit=False):
    """The level is over (or quit): its summary, and the result to record unless it was quit. Returns the write
    (StoreView.finish fills in the summary's new_best, recorded, save_msg and unlocks) and S_SUMMARY."""
    run = st.run
    level = st.level
    d = st.core.stats.lsi()  # None until both legs have reps
    lsi = int(min(d.values()) + 0.5) if d else None
    if lsi is None:
        lsi = rules.lsi(_side_mean(run, "L"), _side_mean(run, "R"))
    stars = 0 if quit else _stars(run, level.stars, level.stars_rule)
    fi, fn = _top_fault(run.fault_counts)
    mean = _mean(run)
    s = {
        "level": level.name,
        "quit": quit,
        "sets_done": run.sets_done,
        "sets": len(run.plan),
        "reps": run.reps,
        "total": run.total,
        "score": mean,
        "stars": stars,
        "points": run.points,
        "best_combo": run.best_combo,
        "fatigued": run.fatigued,
        "lsi": lsi,
        "left": _side_mean(run, "L"),
        "right": _side_mean(run, "R"),
        "cue": faults.CUES[fi] if fi >= 0 else "",
        "cue_n": fn,
        "grew": run.grew,
        "garden": st.growth.good_sets,
        "streak": st.growth.streak,
        "new_best": False,
        "recorded": False,
        "save_msg": "",
        "unlocks": 0,
    }
    result = None
    if not quit and run.reps > 0:
        result = {
            "score": mean,
            "stars": stars,
            "reps": run.reps,
            "total_reps": run.total,
            "points": run.points,
            "best_combo": run.best_combo,
            "side": "".join(run.plan) if len(set(run.plan)) > 1 else run.plan[0],
            "fatigued": run.fatigued,
        }
        if lsi is not None:
            result["lsi"] = lsi
        st.last_result = result
    st.summary = s
    st.page = 0
    set_autoreload(True)  # (before the save: autoreload follows a host's writes over USB, not the program's)
    st._changed()
    # the garden alone is saved when nothing is recorded (record() saves it with the result otherwise)
    return st.growth.to_dict(), result is None, level.id, result, s, S_SUMMARY


# The level's tally (game.sets.Run) added up: here, as it is needed only when a level ends.
def _mean(run):
    """The mean rep score (0-100, rounded) of the sets played."""
    n = run.reps
    return (run.score_sum + n // 2) // n if n else 0


def _side_mean(run, s):
    n = run.side_n.get(s, 0)
    return (run.side_sum[s] + n // 2) // n if n else None


def _stars(run, thresholds, stars_rule):
    """The level's stars: every set played and finished; by the mean or the weakest rep (stars_rule)."""
    if run.sets_done < len(run.plan) or run.sets_finished < len(run.plan):
        return 0
    basis = run.min_score if stars_rule == "min" else _mean(run)
    return rules.level_stars(basis, run.reps, run.total, thresholds, run.fatigued, run.good_reps)


def _top_fault(fault_counts):
    """(fault index, count) of the most frequent fault in `fault_counts` (one per fault; priority breaks ties), or
    (-1, 0) when there is none."""
    best = -1
    n = 0
    for bit in faults.PRIORITY:
        i = faults.index(bit)
        if fault_counts[i] > n:
            best = i
            n = fault_counts[i]
    return best, n
