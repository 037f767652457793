"""The game's pixel art as text ('#' lit, '.' dark), and the tool that packs it for the device.

    python -m sim.screens.art  # writes lib/bandlift/game/artbits.py from the pictures below

The device never reads this text: compiled on the board it would cost tens of kB of heap. artbits.py holds the
same pictures as two bytes literals (1.3 kB), which game/sprites.py copies into 1-bit Bitmaps once and lets go;
tests/test_game_views.py checks that artbits.py is what this file packs to. A picture 8 characters wide is
drawn doubled (each pixel 2x2): chunky shapes that read across a room.

Pip is the player's creature: the leg lifts Pip's platform, Pip holds still at the ledge, then floats down
under an umbrella (the slow lowering) or drops with it turned inside out (the band yanked the leg down).
"""

# ---------------------------------------------------------------- Pip, 16 x 16 (order = sprites.PIP_*)
PIP = (
    # stand: ready for the next rep
    """
................
.....######.....
...##########...
..############..
.###..####..###.
.###..####..###.
################
################
#####......#####
######....######
.##############.
.##############.
..############..
....##....##....
....##....##....
...###....###...
""",
    # rest: squatting, eyes shut (the reset between reps)
    """
................
................
................
................
.....######.....
...##########...
..############..
.##############.
.##...####...##.
################
######....######
################
.##############.
..############..
..####....####..
................
""",
    # lift: arms up, going up
    """
##............##
.##..######..##.
..############..
..############..
.###..####..###.
.###..####..###.
.##############.
.##############.
.#####....#####.
.######..######.
.##############.
..############..
...##########...
....##....##....
....##....##....
...###....###...
""",
    # hold: arms out, perfectly level
    """
................
.....######.....
...##########...
..############..
.###..####..###.
.###..####..###.
################
################
######....######
################
.##############.
..############..
...##########...
....##....##....
....##....##....
...###....###...
""",
    # wobble: tipping over, a sweat drop
    """
..............#.
......######.###
....#########.#.
...###########..
..##..####..###.
.###..####..###.
.##############.
###############.
#####.#....####.
####.######.###.
.#############..
.############...
..##########....
...##....##.....
..##.....##.....
.###....###.....
""",
    # glide: under the open umbrella (lowering on tempo)
    """
....########....
..############..
.##############.
################
#..#...##...#..#
.......##.......
.....######.....
...##########...
..###..##..###..
..############..
..###......###..
...##########...
....########....
....##....##....
....##....##....
...###....###...
""",
    # fall: umbrella turned inside out, eyes wide (lowering too fast)
    """
#..#...##...#..#
################
.##############.
....########....
.......##.......
#....######....#
.#.##########.#.
..###.#..#.###..
..###.#..#.###..
..############..
..#####..#####..
...####..####...
....########....
....##....##....
...##......##...
..##........##..
""",
    # land: a soft landing, squashed and glad, sparks each side
    """
................
................
#..............#
.#............#.
................
..............#.
#....######.....
...##########...
..############..
.###..####..###.
.###..####..###.
################
######....######
#######..#######
.##############.
..###......###..
""",
    # ghost: the pacing ghost, a dotted outline of Pip to follow
    """
................
.....#.#.#.#....
...#........#...
..#..........#..
.#..##....##..#.
................
#..............#
................
#..............#
................
.#............#.
................
..#.#.#.#.#.#.#.
....#.....#.....
................
...#.#....#.#...
""",
)

from sim.screens.art_world import ICONS, PLANT  # noqa: E402  (the icons and the garden)

# ---------------------------------------------------------------- big digits: 4 x 8 doubled to 8 x 16
# "0"-"9", then "/", "x", ":", "+" and a blank (sprites.DIGIT_*); rows of 4 separated by spaces
DIGITS = (
    ".##. #..# #..# #.## ##.# #..# #..# .##.",
    "..#. .##. ..#. ..#. ..#. ..#. ..#. .###",
    ".##. #..# ...# ..#. .#.. #... #... ####",
    "###. ...# ...# .##. ...# ...# ...# ###.",
    "#..# #..# #..# #### ...# ...# ...# ...#",
    "#### #... #... ###. ...# ...# #..# .##.",
    ".##. #... #... ###. #..# #..# #..# .##.",
    "#### ...# ...# ..#. ..#. .#.. .#.. .#..",
    ".##. #..# #..# .##. #..# #..# #..# .##.",
    ".##. #..# #..# #..# .### ...# ...# .##.",
    "...# ...# ..#. ..#. .#.. .#.. #... #...",
    ".... .... #..# #..# .##. .##. #..# #..#",
    ".... .##. .##. .... .... .##. .##. ....",
    ".... .... .##. #### #### .##. .... ....",
    ".... .... .... .... .... .... .... ....",
)


# ---------------------------------------------------------------- packing

from sim import ROOT  # noqa: E402

OUT = __import__("os").path.join(ROOT, "lib", "bandlift", "game", "artbits.py")


def rows16(text):
    """A picture as 16 ints of 16 bits (bit 15 = the left pixel); 8 x 8 pictures doubled."""
    rows = text.split()
    k = 16 // len(rows[0])
    out = []
    for row in rows:
        bits = 0
        for ch in row:
            for _ in range(k):
                bits = bits << 1 | (1 if ch == "#" else 0)
        for _ in range(k):
            out.append(bits)
    return out


def digit_rows(text):
    """A 4 x 8 digit doubled to 8 x 16: 16 ints of 8 bits (bit 7 = the left pixel)."""
    out = []
    for row in text.split(" "):
        bits = 0
        for ch in row:
            bits = bits << 2 | (3 if ch == "#" else 0)
        out += [bits, bits]
    return out


def pack():
    """(sheet bytes: 2 per row, 32 per 16 x 16 picture; digit bytes: 1 per row, 16 per digit)."""
    sheet = bytearray()
    for pic in PIP + ICONS + PLANT:
        for r in rows16(pic):
            sheet += bytes((r >> 8, r & 255))
    digits = bytearray()
    for d in DIGITS:
        digits += bytes(digit_rows(d))
    return bytes(sheet), bytes(digits)


def source():
    """artbits.py's text: one bytes literal per sheet, each on one line (MicroPython keeps a literal split
    over many lines as interned pieces as well: 44 kB of heap instead of 1.3 kB, measured on the unix port)."""
    sheet, digits = pack()
    return ('"""The game\'s pictures, packed from sim/screens/art.py by `python -m sim.screens.art` (edit them there).\n\n'
            "SHEET: 16 x 16 pictures, 2 bytes per row (the high bit is the left pixel), 32 bytes each, in\n"
            "game/sprites.py's tile order. DIGITS: 8 x 16 digit glyphs, 1 byte per row, 16 bytes each.\n"
            '"""\n\nSHEET = %r\n\nDIGITS = %r\n' % (sheet, digits))


def main():
    with open(OUT, "w") as f:
        f.write(source())
    print("wrote", OUT)


if __name__ == "__main__":
    main()
