"""Issue 17's rules, proved from what the OLED showed (session.json's `shown`, read off the twin's frames by
matching the game's sprite art: sim/twin/shown.py), with scripted athletes playing level 04 (35 deg, tempo
1.5-1-3-1, 8 reps) through code.py on both display sizes, and the tempo's rules on level 06 (40 deg, 5 s down).

Scripts (sim/scripts/l04-*.json, right leg): "good" lowers in the level's 3.0-3.15 s; the others interleave
good reps (G) with faulty ones (F) as G F G F F G F F: "too-fast" lowers in 1.85-2.1 s (62-70 % of the
tempo), "short" reaches 19-22 deg, "drift" lets the knee drift out 16-25 deg, "kick" raises in 0.3-0.4 s.
"sway" is the good script's reps with 2 deg of one-leg sway; "wobble" the good script's times with the faulty
reps' pauses wobbling (2-4 Hz, 1.5-4 deg).
"""

import functools
import json
import os

import numpy as np
import pytest

from sim import ROOT
from sim.twin import glitch, ocr, shown
from sim.twin.session import run_session

SCRIPTS = os.path.join(ROOT, "sim", "scripts")
PATTERN = "GFGFFGFF"
FAULTY = ("too-fast", "short", "drift", "kick")
DISPLAYS = ("128x32", "128x64")
# B on the level card; the level allows either leg: C picks the right one, B starts the set
BUTTONS_RIGHT = [(3000, "B", False), (3600, "C", False), (4200, "B", False)]
SECONDS = 80.0


def level04_dir(tmp, level="04-lower-3s.json"):
    """A levels folder with level 04 (or `level`) alone (its unlock dropped), so B on the first card plays it."""
    with open(os.path.join(ROOT, "levels", level)) as f:
        lv = json.load(f)
    lv.pop("unlock", None)
    lv.pop("$schema", None)
    d = os.path.join(tmp, "levels")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "01-lower-3s.json"), "w") as f:
        json.dump(lv, f)
    return d


def play(name, display, root):
    """A scripted set: "good", "too-fast", ... on level 04; "l06-good", "l06-too-fast" on level 06; "l01-too-fast"
    on level 01."""
    levels = {"l06-": "06-lower-5s.json", "l01-": "01-first-lifts.json"}
    script, level = ("%s.json" % name, levels[name[:4]]) if name[:4] in levels else \
        ("l04-%s.json" % name, "04-lower-3s.json")
    return run_session(os.path.join(SCRIPTS, script), display=display, buttons=BUTTONS_RIGHT,
                       seconds=SECONDS, root=root, levels_dir=level04_dir(str(root), level),
                       boot_buttons="A")  # A held at power-up: the drive is the board's, progress is saved


def progress(root):
    path = os.path.join(root, "progress.json")
    if not os.path.exists(path):
        return ""
    with open(path) as f:
        return f.read()


@functools.lru_cache(maxsize=None)
def session(name, display):
    """(result, report, progress.json's text, root) of one scripted set, played once per test run."""
    import tempfile

    root = tempfile.mkdtemp(prefix="bandlift-l04-")
    res = play(name, display, root)
    return res, res.report(), progress(root), root


def reps_of(name, display):
    res, rep = session(name, display)[:2]
    assert not rep["crashed"], rep["error"]
    reps = rep["reps"]
    assert len(reps) == (6 if name.startswith(("l06-", "l01-")) else 8), [r.get("faults") for r in reps]
    assert all("shown" in r for r in reps), "a rep was not matched to the athlete's"
    return reps


# Level 04 (35 deg, 1.5-1-3-1) and level 06 (40 deg, lowering in 5 s, 6 reps): "l06-good" lowers in 5.0-5.25 s;
# "l06-too-fast" lowers reps 2, 4 and 5 in 3.1, 3.5 and 3.25 s (62-70 % of the tempo). On so slow a lowering the
# leg's speed is small beside the pause's sway and the loop's timing: the rules must hold there too.
FAST_REPS = {"too-fast": {i for i, kind in enumerate(PATTERN) if kind == "F"}, "l06-too-fast": {1, 3, 4}}


@pytest.mark.parametrize("display", DISPLAYS)
@pytest.mark.parametrize("name", ["good", "l06-good"])
def test_a_lowering_in_the_levels_time_is_on_tempo_live_and_in_the_grade(name, display):
    for i, r in enumerate(reps_of(name, display)):
        s = r["shown"]
        assert s["too_fast_ms"] == 0 and s["check"] and s["combo"] == i + 1, (i, s, r["faults"])


@pytest.mark.parametrize("display", DISPLAYS)
@pytest.mark.parametrize("name", sorted(FAST_REPS))
def test_a_lowering_under_80_percent_is_too_fast_within_0_4_s_gets_no_check_and_breaks_the_combo(name, display):
    combo = 0
    for i, r in enumerate(reps_of(name, display)):
        s, d = r["shown"], r["shown_detail"]
        if i in FAST_REPS[name]:
            assert d["too_fast_seen_ms"] is not None and d["too_fast_seen_ms"] <= 400, (i, s, d)
            assert not s["check"] and s["combo"] == 0, (i, s)
            # the call stands: the picture stays until Pip lands (the proof of the pace does not undo it)
            assert s["too_fast_ms"] >= 1000, (i, s)
            combo = 0
        else:
            combo += 1
            assert s["too_fast_ms"] == 0 and s["check"] and s["combo"] == combo, (i, s)


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "on a 5 s lowering of 40 deg the leg is 0.2 deg below its rest 0.0 s after the top (10 % of its peak speed) and "
    "1.0 deg below at 0.3 s, moving 1.5-3.7 deg/s; the body's sway (0.2-0.8 deg at 0.1-0.5 Hz, pitch: not in the "
    "truth, but in the thigh's angle to gravity) moves the core's angle by 0.3-0.7 deg in those 0.7 s, and the "
    "pause's leg sway (0.2-0.5 deg) sinks the leg up to 1.4 deg in the 0.5 s before the top as it fades: over "
    "168 good level-06 reps (7 seeds x 2 delays x 2 sizes) the lowering picture came -0.32..0.38 s after the top, "
    "50 outside 0-0.3 s (body pitch falling: late; pitch rising or the sway's downswing: early). This script: "
    "rep 2 seen up to 24 ms before the top, reps 1, 5 and 6 0.33-0.41 s after it"))
@pytest.mark.parametrize("display", DISPLAYS)
def test_level_06_the_lowering_is_seen_within_0_3_s(display):
    for i, r in enumerate(reps_of("l06-good", display)):
        s = r["shown"]
        assert s["lower_seen_ms"] is not None and 0 <= s["lower_seen_ms"] <= 300, (i, s)


# the rules of the tempo on both sizes; the faults' scripts on the 32 px glass (the same game: it saves CI time)
@pytest.mark.parametrize("name,display", [("good", "128x64"), ("too-fast", "128x64"), ("kick", "128x64")] +
                         [(n, "128x32") for n in ("good",) + FAULTY])
def test_the_lowering_is_seen_within_0_3_s_and_a_steady_pause_shows_no_wobble(name, display):
    """The lowering picture comes within 0.3 s of the leg leaving the top and never before it (a kick's
    overshoot settling back into the pause is no lowering)."""
    for i, r in enumerate(reps_of(name, display)):
        s = r["shown"]
        assert s["lower_seen_ms"] is not None and 0 <= s["lower_seen_ms"] <= 300, (i, s)
        assert s["wobble_ms"] == 0, (i, s)



@pytest.mark.parametrize("display", DISPLAYS)
def test_a_good_set_with_one_leg_sway_is_on_tempo_and_a_sway_call_comes_down_before_halfway(display):
    """l04-sway: the good script's reps (the core counts their lowerings 89-104 % of the level's 3 s) with 2 deg of
    one-leg sway (1.2 deg at 0.36 Hz + 0.8 deg at 0.72 Hz, up to ~6 deg/s). 0.4 s after the top an on-tempo
    lowering moves ~12.5 deg/s and one at 80 % ~15.6: one sample cannot tell them apart through the sway, and the
    early call flagged 3 of 8 (the picture on for the rest of the lowering, 2.9-3.1 s, the grade no check, the
    combo broken). The pace's proof times the lowering over a quarter of its range and undoes such a call: every
    rep gets its check and keeps the combo, and a too-fast picture comes down before the leg is halfway (the
    proof's end, ~1.25 s after the top)."""
    for i, r in enumerate(reps_of("sway", display)):
        s, d = r["shown"], r["shown_detail"]
        assert s["check"] and s["combo"] == i + 1, (i, s, r["faults"])
        if s["too_fast_ms"]:
            assert d["too_fast_seen_ms"] + s["too_fast_ms"] <= 1250, (i, s, d)


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "no detector reading the thigh can see the lowering within 0-0.3 s through 2 deg of one-leg sway (1.2 deg at "
    "0.36 Hz + 0.8 deg at 0.72 Hz: up to 6.3 deg/s). 'The top' here is the 10 %-of-peak-speed point of the scripted "
    "lowering WITHOUT the sway, which neither a sensor nor an eye sees. Reps 4 and 5 are seen 0.42-0.46 s after the "
    "top: 0.3 s after it the swaying thigh of rep 4 is 0.24 deg below where it left the top and rep 5's 0.18 deg "
    "ABOVE it (0.48 deg above its pause's mean): the lowering is not yet in the angle; reps 1 and 6 show the "
    "umbrella 0.56-0.82 s BEFORE the top, where the sway dips the thigh 2.0-2.2 deg within the pause at up to "
    "6.3 deg/s, as a lowering begins (catching rep 5 sooner would catch these dips too)"))
def test_a_good_set_with_one_leg_sway_is_seen_within_0_3_s():
    """l04-sway: the good script's reps with 2 deg of one-leg sway."""
    for i, r in enumerate(reps_of("sway", "128x32")):
        s = r["shown"]
        assert s["lower_seen_ms"] is not None and 0 <= s["lower_seen_ms"] <= 300, (i, s)


def _fall_frames(res, r):
    seen = shown.read_frames(res.frames)
    out = []
    prev = None
    for f, (t, pose, _) in zip(res.frames, seen):
        if pose == "glide":
            prev = f
        if pose == "fall" and prev is not None and res.ticks_to_ms(r["start_ms"]) <= t:
            out.append((prev, f))
    return out


def test_the_too_fast_grade_changes_the_whole_height_of_the_128x32_glass():
    res, rep = session("too-fast", "128x32")[:2]
    for i, (r, kind) in enumerate(zip(reps_of("too-fast", "128x32"), PATTERN)):
        if kind != "F":
            continue
        pairs = _fall_frames(res, r)
        assert pairs, i
        best = 0
        for a, b in pairs:
            rows = sum(1 for y in range(b.h) if a.pixels[y * b.w:(y + 1) * b.w] != b.pixels[y * b.w:(y + 1) * b.w])
            best = max(best, rows)
        assert best >= b.h - 2, (i, best)  # not a few pixels between two sprites


@pytest.mark.parametrize("name", ("good", "too-fast"))
def test_nothing_read_mid_rep_on_128x32_is_small_text(name):
    """From a rep's start to its grade, no line of 12 px text is on the 32 px glass (only 16 px digits,
    pictures and meters)."""
    res, rep = session(name, "128x32")[:2]
    times, _ = res.rep_times()
    seen = shown.read_frames(res.frames)
    for t in times:
        for f, (ft, pose, gr) in zip(res.frames, seen):
            if t["start"] <= ft and gr is not None:
                break
            if t["start"] <= ft <= t["end"]:
                assert not ocr.lines(f), (ft, ocr.text(f))


@pytest.mark.parametrize("display", DISPLAYS)
def test_the_player_picks_the_right_leg_and_reps_and_records_keep_it(display):
    reps = reps_of("good", display)
    assert [r["side"] for r in reps] == ["R"] * 8
    text = session("good", display)[2]
    assert '"R"' in text or "'R'" in text or '"side": "R"' in text, text[:400]


@pytest.mark.parametrize("display", DISPLAYS)
def test_the_grade_shows_the_sets_running_score(display):
    """Each rep's grade shows, in big digits, the set's points so far (the "points" of the serial grade line)."""
    res = session("good", display)[0]
    grades = [int(line.split(" points ")[1].split()[0]) for line in res.serial if line.startswith("grade ")]
    assert len(grades) == 8 and grades == sorted(grades) and grades[0] > 0
    numbers = set()
    for f in res.frames:
        numbers.update(n for x_at, n in shown.read_numbers(shown._lit(f)) if not x_at)
    assert set(grades) <= numbers, (grades, sorted(numbers))


@pytest.mark.parametrize("display", DISPLAYS)
def test_no_pip_but_the_players_own_on_the_screen(display):
    """Pip is the player's leg: no second Pip (the 128x64 grade showed two unlabelled bonus Pips) anywhere right
    of the stage, in any frame of a set."""
    from bandlift.game import Layout
    from bandlift.game.play.hud_build import Places

    res = session("good", display)[0]
    sw = Places(Layout(128, int(display.split("x")[1]))).stage_w
    for f in res.frames:
        a = shown._lit(f)[:, sw:]
        assert shown.stage_pose(a, a.shape[1]) is None, f.t_ms


def _stage_w(display):
    from bandlift.game import Layout
    from bandlift.game.play.hud_build import Places

    return Places(Layout(128, int(display.split("x")[1]))).stage_w


@pytest.mark.parametrize("name,display", [(n, d) for n in ("good", "too-fast") for d in DISPLAYS])
def test_no_grade_is_torn_and_no_word_is_cut_at_the_right_edge_in_a_set(name, display):
    """Every frame the OLED showed in a set and the screens around it (level card, summary, records): each grade
    splash whole (stars, check or fault, score, combo, nothing of the HUD showing through), no letter cut at
    the glass's right edge."""
    res = session(name, display)[0]
    seen = set()
    for f in res.frames:
        key = bytes(f.pixels)
        if key in seen:
            continue
        seen.add(key)
        a = glitch.as_array(f)
        bad = glitch.torn_grade(a, _stage_w(display)) + glitch.cut_words(a)
        assert not bad, (f.t_ms, bad)


def test_the_glitch_readers_see_a_torn_grade_and_a_cut_word():
    """The readers above can fail: a grade with the HUD's meters showing through half of it, and a line of
    text moved right until its last letter is cut, are both seen."""
    res = session("good", "128x32")[0]
    sw = _stage_w("128x32")
    seen = shown.read_frames(res.frames)
    grade = next(glitch.as_array(f) for f, (_, _, g) in zip(res.frames, seen) if g is not None)
    play = next(glitch.as_array(f) for f, (_, p, g) in zip(res.frames, seen) if p == "hold" and g is None)
    torn = grade.copy()
    torn[16:, sw:] = play[16:, sw:]
    assert not glitch.torn_grade(grade, sw) and glitch.torn_grade(torn, sw)
    text = next(glitch.as_array(f) for f in res.frames if len(ocr.lines(f)) >= 2)
    assert not glitch.cut_words(text)
    right = int(np.nonzero(text.any(axis=0))[0].max())
    assert glitch.cut_words(np.roll(text, text.shape[1] + 1 - right, axis=1))  # its last letter: 2 columns off


def _fault_pictures(frame):
    """The fault pictures of the grade (sprites' _IC_FAULT0 + faults.index(bit)) on the glass, by name."""
    from bandlift import faults
    from sim.screens import art

    s = shown._art().s
    names = ("KICK", "SHORT", "NO_PAUSE", "WOBBLE", "DROP", "DRIFT", "NO_RESET")
    tiles = [art.rows16((art.PIP + art.ICONS + art.PLANT)[s._IC_FAULT0 + faults.index(getattr(faults, n))])
             for n in names]
    ex = shown._exact(shown._stack(shown._codes(shown._lit(frame), 16)), np.array(tiles, dtype=np.int64))
    return {n for n, e in zip(names, ex) if e.any()}


@pytest.mark.parametrize("display", DISPLAYS)
def test_a_wobbly_pause_is_told_as_a_wobble_not_as_a_lowering_too_fast(display):
    """l04-wobble: the pattern's faulty reps wobble in the pause (2-4 Hz, 1.5-4 deg, up to 40 deg/s) and lower in
    the level's 3 s. A wobble's first downswing can look like a rushed lowering, but a leg that swings back up is
    not lowering: the too-fast picture goes with that swing (it stayed on through the pause and the on-tempo
    lowering, 4.4-4.7 s a rep, and the grade showed DROP, "Lower slower"), and the grade shows the pause's fault."""
    res = session("wobble", display)[0]
    seen = shown.read_frames(res.frames)
    times, _ = res.rep_times()
    reps = reps_of("wobble", display)
    for i, (r, kind) in enumerate(zip(reps, PATTERN)):
        s = r["shown"]
        nxt = times[i + 1]["start"] if i + 1 < len(times) else res.frames[-1].t_ms
        pics = set()
        for f, (t, pose, g) in zip(res.frames, seen):
            if times[i]["top"] <= t < nxt and g is not None:
                pics |= _fault_pictures(f)
        if kind == "F":
            assert "WOBBLE" in r["faults"], (i, r["faults"])
            assert s["too_fast_ms"] <= 250 and not s["check"] and s["combo"] == 0, (i, s)
            assert pics == {"WOBBLE"}, (i, pics)
            # Pip tips over where a player can see it (it flashed for ~40 ms: the core finds a 2-4 Hz wobble
            # unsteady only at its swings' ends)
            assert s["wobble_ms"] >= 500, (i, s)
        else:
            assert s["too_fast_ms"] == 0 and s["check"] and not pics and s["wobble_ms"] == 0, (i, s, pics)


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "near the limit the live call is late: lowerings at 75 % of the level's 3 s are called too fast 0.28-0.31 s "
    "after the top, at 77 % 0.36-0.40 s, 78 % 0.49-0.53 s, 79 % 0.75-0.80 s (the grade calls all of them). 0.4 s "
    "after the top a 79 % lowering (2.37 s, 35 deg) moves ~16 deg/s, an on-tempo one at that depth ~12.6: a 3.3 "
    "deg/s gap, where the body's sway moves the thigh up to ~2.5 deg/s and the judge gives the top 0.4 deg of "
    "slack so that sway calls no on-tempo lowering too fast"))
@pytest.mark.parametrize("display", DISPLAYS)
def test_a_lowering_just_under_80_percent_is_too_fast_within_0_4_s(display):
    """l04-near-fast: the pattern's faulty reps lower in 2.25-2.37 s (75-79 % of the tempo)."""
    for i, (r, kind) in enumerate(zip(reps_of("near-fast", display), PATTERN)):
        s, d = r["shown"], r["shown_detail"]
        if kind == "F":
            assert not s["check"] and s["combo"] == 0, (i, s)  # the grade (holds: the strict part is the time)
            assert d["too_fast_seen_ms"] is not None and d["too_fast_seen_ms"] <= 400, (i, d)


@pytest.mark.parametrize("display", DISPLAYS)
def test_the_level_card_stays_long_enough_to_read_its_tempo(display):
    """The select screen turned its pages every 3 s, before a player could read the level's tempo: its first
    page (name, reps, tempo) now stays 8 s before the description comes, read off the glass."""
    from sim.twin.motion import SineReps

    res = run_session(SineReps(), display=display, buttons=[], seconds=30.0, motion_delay_s=600)
    spans = []  # (t0, t1) of each stretch the card with the tempo was on the glass
    on = None
    for f in res.frames:
        card = "1.5-0.5-2" in ocr.text(f)
        if card and on is None:
            on = f.t_ms
        elif not card and on is not None:
            spans.append((on, f.t_ms))
            on = None
    assert spans and all(t1 - t0 >= 7500 for t0, t1 in spans), spans
