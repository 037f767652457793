"""The end of a set and of a level (game.state loads this module when a set ends and lets it go after):
end_set() closes a set and either starts the rest (S_REST: the level's rest_ms when a new set follows; the
strap screen when the leg changes, the core told the new side at once so it re-learns the pose when the strap
has moved) or ends the level; end_level() has game/menu/summary.py build the summary and the result to record
(never for a quit).
Both return what the store is to write (game/store.py StoreView.finish) and the screen that follows: the state
writes it once this module is let go, so its code and the store's (with the save's) are never on the heap
together, and shows the rest or the summary once it is saved.
"""

from bandlift import faults
from bandlift.compat import ticks_add
from bandlift.game import rules
from bandlift.game.sets import S_REST, new_core_set
from bandlift.lifetime import release


def end_set(st, now_ms, quit=False):
    """Close the set being played: the rest before the next one, or the level's summary. Returns the write and
    the screen to show once it is written (S_REST or S_SUMMARY)."""
    st.ending = False
    st.grade_on = False
    st.pending = ""
    b = st.set_tally
    run = st.run
    # the level's tally (game.sets.Run) adds the set up: here, as it is needed only when a set ends
    run.sets_done += 1
    # a finished set: all its reps, or ended by fading form after half of them
    finished = b.full or (b.fatigued and b.reps_done * 2 >= b.total)
    if finished:
        run.sets_finished += 1
    run.reps += b.reps_done
    run.good_reps += b.good_reps
    run.score_sum += b.score_sum
    run.points += b.points
    if b.best_combo > run.best_combo:
        run.best_combo = b.best_combo
    if b.reps_done and b.min_score < run.min_score:
        run.min_score = b.min_score
    if b.fatigued:
        run.fatigued = True
    s = b.side
    if s in ("L", "R") and b.reps_done:
        run.side_sum[s] = run.side_sum.get(s, 0) + b.score_sum
        run.side_n[s] = run.side_n.get(s, 0) + b.reps_done
    for i in range(len(faults.ALL)):
        run.fault_counts[i] += b.fault_counts[i]
    # a set grows the garden only when most of its reps were of good form
    good = b.good_reps * 2 > b.reps_done
    run.grew += st.growth.set_done(finished and not quit, rules.stars_for(b.mean, st.level.stars) if good else 0)
    i = run.index
    if quit or i + 1 >= len(run.plan):  # (no set more in the plan)
        return end_level(st, now_ms, quit)
    nxt = run.plan[i + 1]
    new_set = (i + 1) // run.per_set != i // run.per_set  # the next is another of the level's sets
    st.strap = nxt is not None and b.side is not None and nxt != b.side
    # (a strap the core saw move after the set's last rep, and learned again already, is ready now)
    st.strap_moved = st.strap and st.strap_moved
    st.strap_ready = not st.strap or st.strap_moved and st.core.calibrated
    run.index += 1
    st.rest_ms = st.level.rest_ms if new_set else 0
    st.rest_t0 = now_ms
    st.rest_until = ticks_add(now_ms, st.rest_ms)
    new_core_set(st, nxt)  # the core learns the new leg's rest pose once it sees the strap moved
    st.last_set = b
    st.clear_alert()
    st._changed()
    return st.growth.to_dict(), True, None, None, None, S_REST


def end_level(st, now_ms, quit=False):
    """The level is over (or quit): its summary, and the result to record unless it was quit. Returns the write
    (StoreView.finish fills in the summary's new_best, recorded, save_msg and unlocks) and S_SUMMARY. Worked
    out by game/menu/summary.py, loaded for the call and let go after: only a level's end runs it."""
    from bandlift.game.menu import summary

    write = summary.end_level(st, now_ms, quit)
    summary = None
    release("bandlift.game.menu.summary")
    return write

