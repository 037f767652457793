"""The end of a set and of a level (game.state loads this module when a set ends and lets it go after):
end_set() closes a set and either starts the rest (S_REST: the level's rest_ms when a new set follows; the
strap screen when the leg changes, the core told the new side at once so it re-learns the pose when the strap
has moved) or ends the level; end_level() builds the summary and the result to record (never for a quit).
Both return what the store is to write (game/store.py StoreView.finish) and the screen that follows: the state
writes it once this module is let go, so its code and the store's (with the save's) are never on the heap
together, and shows the rest or the summary once it is saved.
"""

from bandlift import faults
from bandlift.compat import ticks_add
from bandlift.game import rules
from bandlift.game.sets import S_REST, S_SUMMARY, new_core_set, set_autoreload


def end_set(st, now_ms, quit=False):
    """Close the set being played: the rest before the next one, or the level's summary. Returns the write and
    the screen to show once it is written (S_REST or S_SUMMARY)."""
    st.ending = False
    st.grade_on = False
    st.pending = ""
    b = st.set_tally
    run = st.run
    _add(run, b)
    # a set grows the garden only when most of its reps were of good form
    good = b.good_reps * 2 > b.reps_done
    run.grew += st.growth.set_done(b.finished() and not quit, rules.stars_for(b.mean, st.level.stars) if good else 0)
    if quit or not run.more():
        return end_level(st, now_ms, quit)
    nxt = run.next_side()
    new_set = run.set_of(run.index + 1) != run.set_of(run.index)
    st.strap = nxt is not None and b.side is not None and nxt != b.side
    st.strap_moved = False
    st.strap_ready = not st.strap
    run.index += 1
    st.rest_ms = st.level.rest_ms if new_set else 0
    st.rest_t0 = now_ms
    st.rest_until = ticks_add(now_ms, st.rest_ms)
    new_core_set(st, nxt)  # the core learns the new leg's rest pose once the strap has moved
    st.last_set = b
    st.clear_alert()
    st._changed()
    return st.growth.to_dict(), True, None, None, None, S_REST


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


# The level's tally (game.sets.Run) from its sets: here, as it is needed only when a set ends.
def _add(run, set_tally):
    """A set is over: add it up."""
    run.sets_done += 1
    if set_tally.finished():
        run.sets_finished += 1
    run.reps += set_tally.reps_done
    run.good_reps += set_tally.good_reps
    run.score_sum += set_tally.score_sum
    run.points += set_tally.points
    if set_tally.best_combo > run.best_combo:
        run.best_combo = set_tally.best_combo
    if set_tally.reps_done and set_tally.min_score < run.min_score:
        run.min_score = set_tally.min_score
    if set_tally.fatigued:
        run.fatigued = True
    s = set_tally.side
    if s in ("L", "R") and set_tally.reps_done:
        run.side_sum[s] = run.side_sum.get(s, 0) + set_tally.score_sum
        run.side_n[s] = run.side_n.get(s, 0) + set_tally.reps_done
    for i in range(len(faults.ALL)):
        run.fault_counts[i] += set_tally.fault_counts[i]


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
