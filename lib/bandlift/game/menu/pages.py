"""The text of the screens between sets: calibration, level select, rest, summary, records, errors.

Lines are at most 21 characters (128 px of the 6 px built-in font); a screen with more lines than the panel
has (3 on 128x32, 5 on 128x64) is paged with A (the select screen turns its pages by itself). Everything
here allocates strings: the views call it only when the game state's version moved, never mid-rep.

The longer texts live in one module per screen, loaded while that screen shows: page_select.py (the level
select screen) and page_end.py (the summary and the records); the package (menu/__init__.py) picks the one for
the screen, so those two import this module and this one never imports them.
"""

from bandlift.compat import const

_WIDTH_CHARS = const(21)


def star_text(n):
    """'**-' style: earned stars then dashes, 3 characters."""
    return "***"[:n] + "---"[n:]


def side_word(side):
    if side == "L":
        return "Left"
    if side == "R":
        return "Right"
    return "Any"


def plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def wrap(text, width=_WIDTH_CHARS):
    """Split text into lines of at most `width` characters at spaces."""
    out = []
    line = ""
    for word in str(text).split():
        while len(word) > width:
            if line:
                out.append(line)
                line = ""
            out.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = line + " " + word
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    return out


def n_pages(st):
    """Pages of the current screen (the summary has its picture card first)."""
    from bandlift.game import sets as gs  # the screens (S_*)

    n = len(st.lines_all())
    per = st.lines_per_page
    if st.screen == gs.S_SUMMARY:
        n -= _card_lines(per)
        return 1 + ((n + per - 1) // per if n > 0 else 0)
    return (n + per - 1) // per if n else 1


def _card_lines(lines_per_page):
    """Text lines under the summary's picture card: two on 128x64, none on 128x32."""
    return 2 if lines_per_page >= 5 else 0


def page_lines(st):
    """The lines of the current page (padded to lines_per_page)."""
    from bandlift.game import sets as gs  # the screens (S_*)

    per = st.lines_per_page
    k = _card_lines(per)
    if st.screen == gs.S_SUMMARY and st.page == 0:
        # the picture card, with two text lines under it on 128x64; none on 128x32: the summary's text (its module,
        # page_end.py) is not made for it
        out = ["", "", ""] + st.lines_all()[:k] if k else []
    else:
        allr = st.lines_all()
        if st.screen == gs.S_SUMMARY:  # then the text, a page at a time
            out = allr[k + (st.page - 1) * per:k + st.page * per]
        elif st.screen in (gs.S_RECORDS, gs.S_SELECT):
            start = st.page * per
            if start >= len(allr):
                start = 0
            out = allr[start:start + per]
        else:
            out = allr[:per]
    while len(out) < per:
        out.append("")
    return [x[:_WIDTH_CHARS] for x in out]


def rest_lines(st):
    """Beside the big rest clock (11 characters a line): the next set and its leg, or where the strap goes."""
    run = st.run
    side = run.plan[run.index] if run else None
    nset = run.index // run.per_set + 1 if run else 1
    nsets = run.sets if run else 1
    if st.strap and not st.strap_ready:
        if st.strap_moved:
            out = ["Hold still:", "learning", "the strap"]
        else:
            out = ["Move strap", "to %s" % side_word(side).upper(), "B when done"]
    else:
        out = ["Set %d of %d" % (nset, nsets), "%s leg" % side_word(side) if side else "Next set", "B: go now"]
    if st.lines_per_page >= 5:
        out.append("%d/%d %s C:end" % (nset, nsets, st.level.tempo_text(0)))
    return out


def error_lines(st):
    out = wrap(st.error)
    out.append("Check the wiring")
    return out
