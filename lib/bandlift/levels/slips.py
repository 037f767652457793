"""What a level file's JSON slip is called: the mistakes people make that JSON forbids (a comment, a trailing
comma, single quotes, half an emoji as a \\u escape), with line and column.

Device code (CircuitPython 10): the loader (bandlift.levels.load) imports this only for a file that does not
parse or holds a \\u escape, so a drive of good level files never loads it; it is let go with the loader
(bandlift.lifetime.LOADER).
"""


def _where(text, i):
    """(line, column) of text[i], both from 1."""
    line = text.count("\n", 0, i) + 1
    return line, i - (text.rfind("\n", 0, i) + 1) + 1


def slip(text):
    """The first of the slips JSON forbids but people write, as (what, index), or None: a comment (// or /*),
    a trailing comma before } or ], single quotes, or a \\u escape of half a UTF-16 pair (\\ud83d: MicroPython reads such a
    pair as two broken characters, the PC as one emoji). One pass that skips the insides of strings; it runs
    only on the error path and for the escape check, never in play."""
    n = len(text)
    i = 0
    comma = -1  # index of the last comma with only white space after it
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                if text[i] == "\\":
                    if text[i + 1:i + 3].lower() == "ud" and text[i + 3:i + 4].lower() in "89abcdef" and i + 3 < n:
                        return "surrogate", i
                    i += 1
                i += 1
            comma = -1
        elif c == "/" and text[i + 1:i + 2] in ("/", "*"):
            return "comment", i
        elif c == "'":
            return "quote", i
        elif c == ",":
            comma = i
        elif c in "}]":
            if comma >= 0:
                return "comma", comma
        elif c not in " \t\r\n":
            comma = -1
        i += 1
    return None


SLIPS = {
    "comment": "comments are not allowed in JSON",
    "comma": "trailing comma (JSON allows no comma before } or ])",
    "quote": "JSON puts names and text in double quotes (\"), not single quotes (')",
    "surrogate": "\\u escape of half an emoji (\\ud800-\\udfff): write the character itself, or leave it out",
}


def slip_reason(text):
    """"JSON ... at line L, column C: what" for the first slip in text, or None."""
    s = slip(text)
    if s is None:
        return None
    line, col = _where(text, s[1])
    kind = "text" if s[0] == "surrogate" else "syntax error"
    return "JSON %s at line %d, column %d: %s" % (kind, line, col, SLIPS[s[0]])


def json_error(e, text=None):
    """A short text for a JSON syntax error: the slip people make when it is one (a comment, a trailing
    comma), else the json module's words, with line and column where the json module gives them."""
    if text is not None:
        why = slip_reason(text)
        if why is not None:
            return why
    line = getattr(e, "lineno", None)
    col = getattr(e, "colno", None)
    msg = getattr(e, "msg", None) or (str(e.args[0]) if e.args else "syntax error")
    if line is not None and col is not None:
        return "JSON syntax error at line %d, column %d: %s" % (line, col, msg)
    return "JSON syntax error: " + msg
