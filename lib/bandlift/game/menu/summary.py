"""The end of a level (game/menu/ending.py loads this module when the level is over or quit, and lets it go
after): end_level() builds the summary and the result to record (never for a quit). A module of its own: every
set's end compiles ending.py from .py, a level's end this one too, each alone (the free heap a compile needs
grows with the whole module's parse tree).
"""

from bandlift import faults
from bandlift.compat import const
from bandlift.game.sets import S_SUMMARY
from bandlift.hw.board_io import set_autoreload
from bandlift.targets import stars_for

_CAPPED_STARS = const(2)  # the most a level earns when its set ended as form faded, or most reps were faulty


def end_level(st, now_ms, quit=False):
    """The level is over (or quit): its summary, and the result to record unless it was quit. Returns the write
    (StoreView.finish fills in the summary's new_best, recorded, save_msg and unlocks) and S_SUMMARY."""
    run = st.run
    level = st.level
    d = st.core.stats.lsi()  # None until both legs have reps
    lsi = int(min(d.values()) + 0.5) if d else None
    if lsi is None:
        lsi = lsi_of(_side_mean(run, "L"), _side_mean(run, "R"))
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
    return level_stars(basis, run.reps, run.total, thresholds, run.fatigued, run.good_reps)


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


# The game's rules for a level's end (here, not in game/rules.py, whose code stays through every set)
def level_stars(mean_score, reps_done, total_reps, thresholds, fatigued, good_reps):
    """Stars a set earns for its level, from the set's mean rep score.

    A full set earns what its mean score reaches, but only good form pays the top: unless most of its reps were of
    good form (good_reps: reps that kept the combo), it keeps at most _CAPPED_STARS, as a faulty rep does.
    Stopping when form fades is the right call, so a fatigue-ended set that did at least half the reps keeps up
    to _CAPPED_STARS; any other unfinished set earns none (no reward for stopping early or grinding on).
    """
    if reps_done <= 0 or total_reps <= 0:
        return 0
    n = stars_for(mean_score, thresholds)
    if reps_done < total_reps and not (fatigued and reps_done * 2 >= total_reps):
        return 0
    if reps_done < total_reps or good_reps * 2 <= reps_done:
        return n if n < _CAPPED_STARS else _CAPPED_STARS
    return n


def lsi_of(left, right):
    """Limb symmetry index (%) of two per-side mean scores: weaker / stronger x 100; None if a side is missing."""
    if left is None or right is None:
        return None
    hi = left if left > right else right
    lo = right if left > right else left
    if hi <= 0:
        return 100
    return int(lo * 100 / hi + 0.5)
