"""Playing a level: its plan of bouts (one set on one leg each), the rest and the strap move between them, and
the level's result at the end. Functions of the game state `st` (game.state.GameState: the screens, buttons and events), which calls them.

start_level() builds the plan (game.levels.leg_plan) and starts bout 0; end_bout() closes a bout and either
starts the rest (S_REST: the level's rest_ms when a new set follows; the strap screen when the leg changes,
the core told the new side at once so it re-learns the pose when the strap has moved) or ends the level;
end_level() builds the summary and records the result, never for a quit.
"""

from bandlift import faults
from bandlift.compat import const, ticks_add
from bandlift.game import levels as lv
from bandlift.game import rules
from bandlift.game.store import STORE_ERRORS
from bandlift.game.tally import Bout, Run

# The game's screens (game.state re-exports them)
S_CALIB = const(0)
S_SELECT = const(1)
S_PLAY = const(2)
S_SUMMARY = const(3)
S_RECORDS = const(4)
S_REST = const(5)


def set_autoreload(enabled):
    """Autoreload off during a level (a file copy must not restart the program mid-set)."""
    try:
        from bandlift.progress import set_autoreload as sa

        sa(enabled)
    except (ImportError, AttributeError, OSError, RuntimeError):
        pass


def selected_level(st):
    if 0 <= st.sel < len(st.levels):
        return st.levels[st.sel]
    return None


def start_level(st, now_ms):
    """Start the selected level from its first bout; False when it is locked or broken."""
    level = st.selected_level()
    if level is None:
        st.show_alert("Level is broken", now_ms)
        return False
    if not st.is_unlocked(level):
        n = lv.unlock_stars(level) - st.total_stars()
        st.show_alert("Locked: %d more star%s" % (n, "" if n == 1 else "s"), now_ms)
        return False
    st.level = level
    plan = lv.leg_plan(level, st.side)
    st.run = Run(lv.level_id(level), plan, lv.sets(level))
    st.run.total = max(1, lv.set_reps(level)) * len(plan)
    new_core_set(st, plan[0])
    set_autoreload(False)
    start_bout(st, now_ms)
    return True


def new_core_set(st, side):
    try:
        st.core.new_set(side)
    except (AttributeError, ValueError, TypeError):
        pass


def start_bout(st, now_ms):
    run = st.run
    st.bout = Bout(run.plan[run.index], max(1, lv.set_reps(st.level)))
    st.ending = False
    st.verdict_on = False
    st.summary = None
    st._apply_targets()
    st.set_count += 1
    st.screen = S_PLAY
    st.page = 0
    st.clear_alert()
    st._changed()


def end_bout(st, now_ms, quit=False):
    """Close the bout being played: the rest before the next one, or the level's summary."""
    st.ending = False
    st.verdict_on = False
    st.pending = ""
    b = st.bout
    run = st.run
    run.add(b)
    run.grew += st.growth.set_done(b.finished() and not quit, rules.stars_for(b.mean, lv.thresholds(st.level)))
    if quit or not run.more():
        end_level(st, now_ms, quit)
        return
    st.store.put_growth(st.growth.to_dict())
    nxt = run.next_side()
    new_set = run.set_of(run.index + 1) != run.set_of(run.index)
    st.strap = nxt is not None and b.side is not None and nxt != b.side
    st.strap_moved = False
    st.strap_ready = not st.strap
    run.index += 1
    st.rest_ms = lv.rest_ms(st.level) if new_set else 0
    st.rest_t0 = now_ms
    st.rest_until = ticks_add(now_ms, st.rest_ms)
    new_core_set(st, nxt)  # the core learns the new leg's rest pose once the strap has moved
    st.last_bout = b
    st.screen = S_REST
    st.clear_alert()
    st._changed()


def end_level(st, now_ms, quit=False):
    """The level is over (or quit): its summary, and its result in the store unless it was quit."""
    run = st.run
    level = st.level
    lsi = None
    stats = getattr(st.core, "stats", None)
    try:
        d = stats.lsi() if stats is not None else None
        if d:
            lsi = int(min(d.values()) + 0.5) if isinstance(d, dict) else int(d)
    except (AttributeError, TypeError, ValueError):
        lsi = None
    if lsi is None:
        lsi = rules.lsi(run.side_mean("L"), run.side_mean("R"))
    stars = 0 if quit else run.stars(lv.thresholds(level), lv.stars_rule(level))
    fi, fn = run.top_fault()
    s = {
        "level": lv.level_name(level),
        "quit": quit,
        "sets_done": run.bouts_done,
        "sets": len(run.plan),
        "reps": run.reps,
        "total": run.total,
        "score": run.mean,
        "stars": stars,
        "points": run.points,
        "best_combo": run.best_combo,
        "fatigued": run.fatigued,
        "lsi": lsi,
        "left": run.side_mean("L"),
        "right": run.side_mean("R"),
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
    st.store.put_growth(st.growth.to_dict(), save=quit or run.reps == 0)
    if not quit and run.reps > 0:
        result = {
            "score": run.mean,
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
        before = st.total_stars()
        try:
            s["new_best"] = bool(st.store.record(lv.level_id(level), result))
            s["recorded"] = True
        except STORE_ERRORS:
            s["save_msg"] = "Save failed"
        s["unlocks"] = _newly_unlocked(st, before, st.total_stars())
        st.last_result = result
    if st.store.message:
        s["save_msg"] = st.store.message
    if not st.store.can_save:
        s["save_msg"] = st.store.message or "No save: drive read-only"
    st.summary = s
    st.screen = S_SUMMARY
    st.page = 0
    set_autoreload(True)
    st._changed()


def _newly_unlocked(st, before, after):
    n = 0
    for level in st.levels:
        u = lv.unlock_stars(level)
        if before < u <= after:
            n += 1
    return n

