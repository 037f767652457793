"""What is loaded when, and letting it go: the device's memory policy in one place.

An nRF52840 has about 137 kB of heap for everything, and a module's code stays in RAM while anything names it
(on the board even .mpy bytecode is loaded into the heap). So modules are grouped by when they live:

- boot: bandlift.start (settings, bus, display, IMU, the level check, core, progress, game; the buttons (made
  there), the power-up and its number), hw.settings, hw.display_setup and hw.display_start (a Display's first values, the
  font's sheet), hw.imu_setup (an IMU's first values and its set-up), hw.recorder_start (a Recorder's
  block and file), game.setup (the bodies of the Game's,
  Layout's, GameState's, Screens' and Sprites' __init__: what is made once), levels.cards (the Cards made), the
  level checker (levels.load/parse/fields/spec): let go before the loop runs. A class whose __init__ body is in
  such a module keeps only the methods a set uses on the heap.
- always: app (the loop), compat, faults, targets, hw (board_io, buttons, imu, display with its Text; imu_poll with a chip
  without the pattern FIFO, imu_tagged with one whose FIFO words are tagged), the motion
  core, progress (the records), levels.model, and the game's state machine and displayio tree (game/).
- a set's start: motion/lever.py (did the set begin with the leg up?), loaded when the core first asks (still, off rest,
  before the set's first rep, the board on the side of the leg: at the first pause too) and let go at that rep.
- a gyro's scale found: motion/scale.py (what was read through the wrong scale, read again), loaded for that call and
  let go at once (a sound gyro never loads it; one read for another range once or twice a session).
- menu side, between sets: game/menu/ (the buttons there, the text pages, the rest screen and card, fitted by
  views.py while one is up) and
  levels.cards (what the select screen reads of a Card); a level's start: game/menu/begin.py (the plan and the run, the first
  set) and levels.cards (load: the Level from its Card), let go with the menu when the play screen comes (the last
  level's Level, Run, result and tally go before the new Level is made).
- play side, during a set: game/play/ (the HUD with its base HudMarks and its meters, and the per-phase feel; the
  HUD's builder, hud_build, only while the play screen is made); the progress store's code
  (bandlift.progress), its view's (game/store.py) and the garden's (game/growth.py) are let go while a set is on
  (from the level's start, before its objects are made), their state kept by the game (game/state.py
  park_store, park_growth) and taken up again at the first read or write after the set.
- set end: game/menu/ending.py, loaded after the play side is let go; it works out what to write (at a level's
  end game/menu/summary.py, loaded for that call, builds the summary: the level's stars and the legs' symmetry) and is let go before the store's code and
  the save load to write it (its code is never on the heap beside the save's); the garden's code goes before that
  write too, the store's view after it.
- save and load: progress.save / progress.load, for the one call (load takes the checksum from save: both at
  boot's load; progress.memfs only when there is no drive).

Names (identifiers, attributes, strings up to 10 characters) are interned when a module loads and stay for good:
letting a module go gives back its code and objects, never its names. A module of its own adds its dotted name,
its file's path and its short name: the 10-minute session as .mpy interns 1,246 names on the 32-bit build (the
pools of 20 ... 640 entries hold 1,260; the next name makes the 1,280-entry pool, 7.7 kB in one piece, which the
interpreter reports as "allocating 1280 bytes": the entry count). A string longer than 10 characters is not
interned, so a module's whole dotted name costs nothing where a suffix (".views") would be a name
(tests/test_device_names.py keeps the count).
"""

LOADER = ("bandlift.levels.load", "bandlift.levels.parse", "bandlift.levels.fields",
          "bandlift.levels.slips")


def forget(name):
    """Drop module `name` (e.g. "bandlift.game.menu.pages") so the collector can give its RAM back: its entry in
    sys.modules AND its parent package's attribute (an import keeps the submodule there). The module's
    memory comes back only once no object of its classes and none of its functions is referenced either."""
    import sys

    sys.modules.pop(name, None)
    dot = name.rfind(".")
    if dot > 0:
        pkg = sys.modules.get(name[:dot])
        if pkg is not None:  # (its globals: one name fewer interned than delattr, which no other module uses)
            pkg.__dict__.pop(name[dot + 1:], None)


def release(*prefixes):
    """Forget every loaded module whose name starts with one of `prefixes`, and collect when one was loaded
    (True then)."""
    import sys

    names = []  # only the matches: after a MemoryError there may be no room for a list of every module
    for name in sys.modules:
        for p in prefixes:
            if name.startswith(p):
                names.append(name)
                break
    for name in names:
        forget(name)
    if names:
        collect()
    return bool(names)


def forget_all(prefix):
    """After a MemoryError part-way through importing a package: the submodules that did load stay in
    sys.modules holding their RAM, so a fallback import right after fails too. Collect first (the failed
    import's garbage makes room for the list of modules), then release them, and rebuild sys.modules' table:
    the interpreter takes a module whose import failed out of sys.modules but leaves it in the table's freed
    slot (MicroPython's unregister_module_from_nlr_jump_callback keeps the entry's value), and through that
    module's globals everything it had imported stays (~30 kB of the core on the board)."""
    collect()
    release(prefix)
    import sys

    try:
        kept = dict(sys.modules)  # first: the old table is freed by clear(), so the new one has room
    except MemoryError:
        return
    sys.modules.clear()
    sys.modules.update(kept)
    kept = None
    collect()


def collect():
    """Give unreferenced RAM back now (before a large import or object), not at the allocator's next miss."""
    import gc

    gc.collect()
