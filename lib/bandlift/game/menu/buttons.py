"""The buttons on the screens between sets: level select, rest, summary and records (game.state hands them
here; the module stays loaded while those screens show and is let go when a set starts).

Device code (CircuitPython 10). Buttons: A next, B start/confirm, C back; long A switches leg. B on a level either
leg may play asks which leg: A left, C right, B the one shown.
"""

from bandlift.compat import ticks_add
from bandlift.game import rules
from bandlift.game.sets import BTN_A, BTN_B, BTN_C, PAGE_MS, S_RECORDS, S_REST, S_SELECT, S_SUMMARY


def on_button(st, button, long_press, now_ms):
    scr = st.screen
    if scr == S_SELECT:
        n = len(st.levels) + len(st.broken)
        if st.ask_leg:  # "which leg?" for a level either leg may play: A left, C right, B the one shown
            st.ask_leg = False
            if button != BTN_B:
                st.side = "L" if button == BTN_A else "R"
            st.start_level(now_ms)
            st._changed()
        elif button == BTN_A and long_press:
            st.side = "R" if st.side == "L" else "L"  # long A switches the leg
            st._changed()
        elif button == BTN_A and n:
            st.sel = (st.sel + 1) % n
            st.page = 0
            st.page_at = ticks_add(now_ms, PAGE_MS) | 1
            st._changed()
        elif button == BTN_B:
            lv = st.levels[st.sel] if 0 <= st.sel < len(st.levels) else None
            if lv is not None and lv.side == "any" and rules.unlocked(lv.unlock_stars, st.total_stars()):
                st.ask_leg = True  # the records keep the leg: the player says which one is strapped
                st._changed()
            else:
                st.start_level(now_ms)
        elif button == BTN_C:
            st.screen = S_RECORDS
            st.page = 0
            st._changed()
    elif scr == S_REST:
        if button == BTN_B:
            if st.strap and not st.strap_ready:
                if not st.strap_moved:  # the player says it moved: learn the pose now (once: another
                    st.strap_moved = True  # press must not start the learning over)
                    st.recalibrate(stay=True)
            else:
                st.rest_until = now_ms
            st._changed()
        elif button == BTN_C:
            st.end_level(now_ms, quit=True)
    elif scr == S_SUMMARY:
        if button == BTN_A and long_press:
            st.side = "R" if st.side == "L" else "L"  # long A switches the leg
            st._changed()
        elif button == BTN_A:
            st._next_page()
        elif button == BTN_B:
            st.start_level(now_ms)
        elif button == BTN_C:
            _to_select(st)
    elif scr == S_RECORDS:
        if button == BTN_A:
            st._next_page()
        else:
            _to_select(st)


def _to_select(st):
    st.screen = S_SELECT
    st.page = 0
    st.page_at = 0
    st._changed()
