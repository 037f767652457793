"""A level's start, from the menu: its Level opened from the Card, the plan of sets, the first set. Loaded for
that call (bandlift.game.state.GameState.start_level) and let go with the menu when the play screen comes.

Device code (CircuitPython 10).
"""

from bandlift import faults
from bandlift.game import rules, sets
from bandlift.hw.board_io import set_autoreload
from bandlift.lifetime import release


def _run(level, plan):
    """The level's run (game.sets.Run) before its first set."""
    run = sets.Run()
    run.level_id = level.id
    run.plan = plan
    run.sets = level.sets
    n = len(plan) // level.sets if level.sets else 1
    run.per_set = n if n > 0 else 1
    run.index = 0
    run.reps = 0
    run.good_reps = 0
    run.total = max(1, level.reps_per_side) * len(plan)
    run.score_sum = 0
    run.points = 0
    run.best_combo = 0
    run.min_score = 100
    run.fatigued = False
    run.side_sum = {}
    run.side_n = {}
    run.fault_counts = [0] * len(faults.ALL)
    run.sets_done = 0
    run.sets_finished = 0
    run.grew = 0
    return run


def start_level(st, now_ms):
    """Start the selected level from its first set; False when it is locked or broken."""
    level = st.levels[st.sel] if 0 <= st.sel < len(st.levels) else None
    if level is None:
        st.show_alert("Level is broken", now_ms)
        return False
    if not rules.unlocked(level.unlock_stars, st.total_stars()):
        n = level.unlock_stars - st.total_stars()
        st.show_alert("Locked: %d more star%s" % (n, "" if n == 1 else "s"), now_ms)
        return False
    if st.on_open is not None:
        st.on_open()  # the menu's views and text modules go first: the level's objects are made in their room
    st.park_store()  # (and the store's and the garden's code: the level's objects fill their room, not the HUD's)
    st.park_growth()
    st.level = st.run = st.last_set = st.last_result = None  # the last level's: the new one is made in their room
    try:
        from bandlift.levels.cards import load

        level = load(level)  # the whole level (Stages, Targets), made now from the menu's Card
    except MemoryError:
        st.show_alert("Out of memory", now_ms)
        return False
    finally:
        load = None
        release("bandlift.levels.cards")  # the Cards' code: back with the select screen's text
    st.level = level
    plan = [st.side if s is None else s for s in level.leg_plan()]
    st.run = _run(level, plan)
    sets.new_core_set(st, plan[0])
    set_autoreload(False)  # a file copy must not restart the program mid-level (the board adapter: always loaded)
    sets.start_set(st, now_ms)
    return True
