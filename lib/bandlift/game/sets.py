"""Playing a level: its plan of sets (each on one leg), the rest and the strap move between them, and
the level's result at the end. Functions of the game state `st` (game.state.GameState: the screens, buttons and events), which calls them.

start_level() builds the plan (Level.leg_plan) and starts set 0; end_set() closes a set and either
starts the rest (S_REST: the level's rest_ms when a new set follows; the strap screen when the leg changes,
the core told the new side at once so it re-learns the pose when the strap has moved) or ends the level;
end_level() builds the summary and records the result, never for a quit. Those two are in game/menu/ending.py,
loaded only when a set ends.
"""

from bandlift.compat import const
from bandlift.game.tally import SetTally, Run

# The game's screens, buttons and the select screen's page time (game.state re-exports them; the menu's
# modules read them here, so none of them imports the state machine back)
S_CALIB = const(0)
S_SELECT = const(1)
S_PLAY = const(2)
S_SUMMARY = const(3)
S_RECORDS = const(4)
S_REST = const(5)
BTN_A = const(0)  # select / next
BTN_B = const(1)  # start / confirm
BTN_C = const(2)  # back
PAGE_MS = const(8000)  # the select screen turns its pages (description, stages) by itself: time to read a
# level's name, sets, tempo and best before the description comes


def set_autoreload(on):
    """Autoreload off during a level (a file copy must not restart the program mid-set). The board adapter
    (always loaded) switches it: importing the progress store's module for it took 3 kB at the set's start."""
    from bandlift.hw.board_io import set_autoreload as sa

    sa(on)


def selected_level(st):
    if 0 <= st.sel < len(st.levels):
        return st.levels[st.sel]
    return None


def start_level(st, now_ms):
    """Start the selected level from its first set; False when it is locked or broken."""
    level = st.selected_level()
    if level is None:
        st.show_alert("Level is broken", now_ms)
        return False
    if not st.is_unlocked(level):
        n = level.unlock_stars - st.total_stars()
        st.show_alert("Locked: %d more star%s" % (n, "" if n == 1 else "s"), now_ms)
        return False
    try:
        level = level.open()  # the whole level (Stages, Targets), made now from the menu's Card
    except MemoryError:
        st.show_alert("Out of memory", now_ms)
        return False
    st.level = level
    plan = [st.side if s is None else s for s in level.leg_plan()]
    st.run = Run(level.id, plan, level.sets)
    st.run.total = max(1, level.reps_per_side) * len(plan)
    new_core_set(st, plan[0])
    set_autoreload(False)
    start_set(st, now_ms)
    return True


def new_core_set(st, side):
    try:
        st.core.new_set(side)
    except (AttributeError, ValueError, TypeError):
        pass


def start_set(st, now_ms):
    run = st.run
    st.set_tally = SetTally(run.plan[run.index], max(1, st.level.reps_per_side))
    st.ending = False
    st.grade_on = False
    st.summary = None
    st._apply_targets()
    st.set_count += 1
    st.screen = S_PLAY
    st.page = 0
    st.clear_alert()
    st._changed()
    st.store.park()  # until the set ends: its code's room is the play screen's, as the garden's
    st.park_growth()
