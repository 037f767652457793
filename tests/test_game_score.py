"""A reason to finish the set (issue 17), read off the glass of the twin's OLED with the scripted athletes of
tests/test_game_truth.py (level 04, 8 reps, both display sizes): the set's running score on the play screen,
the flower's growth that animates, and the bloom's event on the stage that only good form earns.

Frames are matched against the game's own art (sim/twin/shown.py), never against the game's flags.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bandlift.game.play.hud_build import Places
from sim.twin import shown
from test_game_truth import DISPLAYS, FAULTY, reps_of, session


def _layout(display):
    from bandlift.game import Layout

    w, h = (int(v) for v in display.split("x"))
    return Layout(w, h)


def _lit(f):
    return shown._lit(f)


def _tree_on_stage(a, sw):
    """The fruit tree (the bloom, either of its sparkle's pictures) whole on the stage (the glass left of sw px),
    through the target ledge's line that may cross it (as sim/twin/shown.py finds Pip: every pixel of the
    picture lit, a few more in its box)."""
    art_ = shown._art()
    st = shown._stack(shown._codes(a[:, :sw], 16)[:, :max(1, sw - 15)])
    for k in (shown.BLOOM, shown.BLOOM - 1):
        t = art_.plants[k][None, None, :]
        miss = np.bitwise_count(t & ~st)
        miss[0, :, 0] = 0  # (the row above the glass)
        extra = np.bitwise_count(st & ~t).sum(axis=2)
        if ((miss.sum(axis=2) == 0) & (extra <= shown.MAX_EXTRA)).any():
            return True
    return False


def _grade_points(res):
    return [int(line.split(" points ")[1].split()[0]) for line in res.serial if line.startswith("grade ")]


def _play_frames(res, lay):
    """[(t_ms, lit array)] of the play screen's frames: the reps' "k/8" on the top row, no grade splash."""
    out = []
    for f in res.frames:
        a = _lit(f)
        if shown.grade(a) is not None:
            continue
        reps = shown.read_numbers(a[:16, lay.reps_xy[0]:lay.reps_xy[0] + 30])
        if len(reps) == 2 and reps[1] == (False, 8):
            out.append((f.t_ms, a))
    return out


def _score(a, lay):
    """The number on the top row between the reps and the flower, or None."""
    x = lay.bloom_xy[0]
    nums = shown.read_numbers(a[:16, x - 40:x])
    return nums[0][1] if len(nums) == 1 and not nums[0][0] else None


@pytest.mark.parametrize("display", DISPLAYS)
@pytest.mark.parametrize("name", ["good", "too-fast", "kick"])
def test_the_play_screen_shows_the_sets_running_score_in_big_digits_throughout_the_set(name, display):
    """On every frame of the play screen (the reps' digits up, no grade) the top row shows, in big digits
    between the reps and the flower, the set's points so far: 0 before the first rep, then each grade's running
    score in turn (the serial grade line's "points"). It sits right of the stage, where Pip and the ghost are
    never drawn over: Pip's whole picture is on the stage in every one of those frames."""
    reps_of(name, display)  # (the set was played in full and matched to the athlete)
    res = session(name, display)[0]
    lay = _layout(display)
    frames = _play_frames(res, lay)
    assert len(frames) > 100, len(frames)
    seen = []
    for t, a in frames:
        s = _score(a, lay)
        assert s is not None, "no running score on the play screen at %d ms" % t
        if not seen or seen[-1] != s:
            seen.append(s)
        assert shown.stage_pose(a[:, :Places(lay).stage_w], Places(lay).stage_w) is not None, t
    points = _grade_points(res)
    assert seen == [0] + points, (seen, points)
    assert max(points) <= 999 and points == sorted(points)


@pytest.mark.parametrize("display", DISPLAYS)
def test_good_form_grows_the_flower_with_a_flicker_from_the_old_stage_to_the_new(display):
    """Growth you can see: after a good rep that grows the set's flower, its corner shows the new stage, then the
    old one, then the new one again within a second (the growth animates); it ends on the new stage."""
    reps = reps_of("good", display)
    res = session("good", display)[0]
    lay = _layout(display)
    x = lay.bloom_xy[0]
    stages = [(f.t_ms, shown.plant(_lit(f)[:16, x:x + 16])) for f in res.frames]
    grew = 0
    for i, r in enumerate(reps):
        if r["shown_detail"]["bloom"] or i in (0, 4):
            continue  # (the bloom sparkles instead; the first rep after a bloom grows from the bloom's sprout)
        t0 = r["end_s"] * 1000
        seq = [k for t, k in stages if t0 <= t <= t0 + 1500 and k is not None]
        runs = [k for j, k in enumerate(seq) if j == 0 or seq[j - 1] != k]
        new = r["shown_detail"]["flower"]
        assert new in runs and runs[-1] == new, (i, runs)
        j = runs.index(new)
        assert len(runs) >= j + 3 and runs[j + 1] < new and runs[j + 2] == new, (i, runs)
        grew += 1
    assert grew == 4


@pytest.mark.parametrize("display", DISPLAYS)
def test_a_bloom_is_an_event_on_the_stage_the_ghost_turns_into_the_fruit_tree(display):
    """The surprise inside the set: the rep that makes the flower bloom (the 4th and 8th good rep in a row)
    puts the sparkling fruit tree on the stage beside Pip, where the ghost stood, for a glance or more
    (>= 0.5 s), and never before that rep ends or on a rep that did not bloom."""
    reps = reps_of("good", display)
    res = session("good", display)[0]
    lay = _layout(display)
    on_stage = [(f.t_ms, _tree_on_stage(_lit(f), Places(lay).stage_w)) for f in res.frames]
    for i, r in enumerate(reps):
        t0 = r["end_s"] * 1000
        t1 = reps[i + 1]["end_s"] * 1000 if i + 1 < len(reps) else t0 + 5000
        trees = [j for j, (t, k) in enumerate(on_stage) if t0 <= t <= t1 and k]
        if r["shown_detail"]["bloom"]:
            # on the glass from its first frame to the first frame without it (frames are kept when they change)
            j = trees[0] if trees else None
            assert j is not None, i
            gone = next((t for t, k in on_stage[j:] if not k), None)
            assert gone is not None and gone - on_stage[j][0] >= 500, (i, on_stage[j][0], gone)
        else:
            assert not trees, (i, [on_stage[j][0] for j in trees])
    assert sum(r["shown_detail"]["bloom"] for r in reps) == 2


@pytest.mark.parametrize("display", DISPLAYS)
@pytest.mark.parametrize("name", FAULTY + ("wobble",))
def test_bad_form_never_earns_the_bloom_event(name, display):
    """Too fast, short, drift, kick and wobbly-paused reps (G F G F F G F F) never give 4 good reps in a row: no
    fruit tree on the stage or in the corner in any frame of the set, and the running score grows less than the
    good set's."""
    reps = reps_of(name, display)
    assert not any(r["shown_detail"]["bloom"] for r in reps), [r["faults"] for r in reps]
    res = session(name, display)[0]
    lay = _layout(display)
    for f in res.frames:
        k = shown.plant(_lit(f))
        assert (k is None or k < shown.BLOOM - 1) and not _tree_on_stage(_lit(f), Places(lay).stage_w), f.t_ms
    good = _grade_points(session("good", display)[0])
    assert _grade_points(res)[-1] < good[-1] / 2


def test_a_set_of_good_reps_scores_in_three_digits():
    """The running score fits the three big digits the play screen has room for beside "3/8": a set of up to 9
    reps, every one perfect (score 100, both bonuses) and blooming at every bloom_size reps, stays under 1000."""
    from bandlift.game import rules, sets

    class Rep:
        score = 100
        stars = 3
        faults = 0
        lower_ms = 3000
        hold_ms = 1000
        cue = ""

    class T:
        lower_ms = 2000
        pause_ms = 1000

    for total in range(1, 10):
        b = sets.SetTally("L", total)
        for _ in range(total):
            b.add_rep(Rep(), T())
        assert b.blooms == total // rules.bloom_size(total)
        assert 0 < b.points <= 999, (total, b.points)
    assert np.all(np.diff([rules.rep_points(s, 0, 1) for s in range(101)]) >= 0)


class _Rep:
    def __init__(self, stars, mask, lower_ms):
        self.score = (40, 60, 80, 100)[stars]
        self.stars = stars
        self.faults = mask
        self.lower_ms = lower_ms
        self.hold_ms = 1000
        self.cue = ""


class _Targets:
    lower_ms = 3000
    pause_ms = 1000


_reps = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 127), st.sampled_from([900, 1500, 2400, 3000])),
                 max_size=30)


@given(st.integers(1, 12), _reps)
def test_only_a_run_of_good_form_makes_the_bloom(total, reps):
    """Invariant: a rep makes the flower bloom (the event and its bonus) only when it and the bloom_size - 1
    reps before it all kept the combo: 2 stars or more and none of SHORT, DRIFT, KICK, DROP, WOBBLE, NO_PAUSE,
    nor a lowering too fast for the level's tempo; the flower's growth shown is the run of such reps since the
    last bloom or fault."""
    from bandlift import faults
    from bandlift.game import rules, sets

    b = sets.SetTally("L", total)
    size = rules.bloom_size(total)
    run = 0
    for stars, mask, lower_ms in reps:
        before = b.points
        b.add_rep(_Rep(stars, mask, lower_ms), _Targets())
        good = stars >= 2 and not mask & rules.COMBO_BREAKERS and not rules.too_fast(lower_ms, _Targets.lower_ms)
        run = run + 1 if good else 0
        assert b.v_bloom == (good and run % size == 0), (run, size)
        assert b.bloom == (run % size)
        if b.v_bloom:
            assert b.points - before >= rules.BONUS_BLOOM
    assert rules.COMBO_BREAKERS == faults.SHORT | faults.DRIFT | faults.KICK | faults.DROP | faults.WOBBLE | \
        faults.NO_PAUSE
