"""A level's start, from the menu: its Level opened from the Card, the plan of sets, the first set. Loaded for
that call (bandlift.game.state.GameState.start_level) and let go with the menu when the play screen comes.

Device code (CircuitPython 10).
"""

from bandlift.game import rules, sets
from bandlift.lifetime import release


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
    st.run = sets.Run(level.id, plan, level.sets)
    st.run.total = max(1, level.reps_per_side) * len(plan)
    sets.new_core_set(st, plan[0])
    sets.set_autoreload(False)
    sets.start_set(st, now_ms)
    return True
