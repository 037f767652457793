"""The game between sets: menu, text pages, rest screen and card, a set's ending; let go while a set plays."""


def lines_all(st):
    """Every line of the current screen's text. The select screen's and the summary's texts are modules of
    their own (page_select.py, page_end.py), one loaded at a time; they import pages.py's helpers, and pages.py
    asks for the lines through the state, so no module of the menu imports one that imports it."""
    from bandlift.game import sets as gs  # the screens (S_*)
    from bandlift.lifetime import release

    scr = st.screen
    if scr == gs.S_CALIB:
        if st.lines_per_page < 5:
            return ["Stand tall and still", "Learning how the", "strap sits..."]
        return ["BandLift", "Stand tall and still:", "learning how the", "strap sits...", "Long C: start again"]
    if scr == gs.S_SELECT:
        release("bandlift.game.menu.page_end")  # one screen's text module at a time
        from bandlift.game.menu import page_select

        return page_select.select_lines(st)
    if scr == gs.S_SUMMARY or scr == gs.S_RECORDS:
        release("bandlift.game.menu.page_select")
        from bandlift.game.menu import page_end

        return page_end.summary_lines(st) if scr == gs.S_SUMMARY else page_end.records_lines(st)
    if scr == gs.S_REST:
        from bandlift.game.menu import pages

        return pages.rest_lines(st)
    return []
