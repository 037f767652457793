"""Matching detected reps to truth, the metrics, and a fast accuracy run that guards against regressions."""

import pytest
from hypothesis import given, strategies as st

from sim.analysis import accuracy
from sim.analysis import evaluate


def rep(start, end, faults=(), raise_ms=1000, hold_ms=800, lower_ms=2500):
    return {"start_ms": start, "end_ms": end, "raise_ms": raise_ms, "hold_ms": hold_ms, "lower_ms": lower_ms,
            "faults": list(faults)}


# Reps as (start, length) laid end to end with gaps, so truth reps never overlap each other.
rep_list = st.lists(st.tuples(st.integers(100, 3000), st.integers(500, 8000)), max_size=12)


def lay_out(parts, t0=0):
    out, t = [], t0
    for gap, length in parts:
        t += gap
        out.append(rep(t % (1 << 29), (t + length) % (1 << 29)))
        t += length
    return out


@given(parts=rep_list, t0=st.integers(0, (1 << 29) - 1))
def test_identical_reps_match_one_to_one_even_across_the_tick_wrap(parts, t0):
    """Detected == truth: every rep matches itself, all phase errors are 0, no fault mistakes."""
    truth = lay_out(parts, t0)
    ev = evaluate.evaluate_set([dict(r) for r in truth], truth, t0=t0)
    assert ev["exact"] and ev["matched"] == len(truth)
    assert evaluate.match_reps(truth, truth, t0) == [(i, i) for i in range(len(truth))]
    assert all(e == 0 for p in evaluate.PHASES for e in ev["errors"][p])
    assert ev["fault_misses"] == []


@given(truth_parts=rep_list, det_parts=rep_list)
def test_matching_is_one_to_one_and_pairs_overlap(truth_parts, det_parts):
    """Every pair's detected rep covers at least half of its true rep, no detected or true rep is used twice,
    every rep is matched, a ghost or a miss, and a set is exact exactly when there is neither (which makes the
    counts equal; equal counts alone do not make it exact)."""
    truth, det = lay_out(truth_parts), lay_out(det_parts, 700)
    pairs = evaluate.match_reps(det, truth)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    for i, j in pairs:
        assert evaluate.overlap_share(det[i], truth[j]) >= evaluate.MIN_COVER
    ev = evaluate.evaluate_set(det, truth)
    assert ev["matched"] + len(ev["ghosts"]) == len(det) and ev["matched"] + len(ev["misses"]) == len(truth)
    assert ev["exact"] == (not ev["ghosts"] and not ev["misses"])
    assert not ev["exact"] or len(det) == len(truth)


def _athlete_set():
    """A clean set from the virtual athlete (its truth, with the recording's first tick), and the reps a core that
    got every one right would give: the real Rep type with the true times."""
    import random

    from bandlift.motion.stats import Rep
    from sim import athlete

    session = athlete.generate(athlete.random_set(random.Random(0), faulty=False))
    reps = []
    for t in session.truth:
        r = Rep()
        r.start_ms, r.end_ms = t["start_ms"], t["end_ms"]
        r.raise_ms, r.hold_ms, r.lower_ms = t["raise_ms"], t["hold_ms"], t["lower_ms"]
        reps.append(r)
    return session.truth, reps, session.samples[0][0]


def test_a_ghost_and_a_miss_that_give_the_right_count_are_not_exact():
    """The strap handled in a hand after the set is counted (a ghost) and a real rep is not (a miss): the count
    is right, the set is not. The report says so in the targets table and names the ghost and the missed rep."""
    from bandlift.compat import ticks_add

    truth, reps, t0 = _athlete_set()
    ghost = reps[-1].__class__()
    ghost.start_ms, ghost.end_ms = ticks_add(truth[-1]["end_ms"], 3000), ticks_add(truth[-1]["end_ms"], 6000)
    ghost.raise_ms, ghost.hold_ms, ghost.lower_ms = 1000, 500, 1500
    counted = [r.to_dict() for k, r in enumerate(reps) if k != 2] + [ghost.to_dict()]
    assert len(counted) == len(truth)
    ev = evaluate.evaluate_set(counted, truth, t0=t0)
    assert ev["count_ok"] and not ev["exact"]
    assert [j for j, _ in ev["misses"]] == [2] and len(ev["ghosts"]) == 1
    assert evaluate.evaluate_set([r.to_dict() for r in reps], truth, t0=t0)["exact"]  # (the same reps, all there)
    results = [{"seed": 0, "faulty": False, "cond": {"set": "clean"}, "eval": ev},
               {"seed": 1, "faulty": True, "cond": {"set": "faulty"},
                "eval": evaluate.evaluate_set([r.to_dict() for r in reps], truth, t0=t0)}]
    report = {"sets": accuracy.summarize_sets(results), "jobs": 1, "wall_s": 0.1}
    report["checks"] = accuracy.checks(report)
    clean = report["sets"]["exact_clean"]
    assert (clean["exact"], clean["ghosts"], clean["misses"], clean["count_only"]) == (0, 1, 1, 1)
    row = {c[0]: c for c in report["checks"]}["exact sets (each rep counted once, no ghost), clean"]
    assert not row[3] and "1 ghost, 1 miss" in row[1]
    text = accuracy.format_report(report, "cmd")
    assert "0: %d/%d, ghost at" % (len(truth), len(truth)) in text and "missed rep 3" in text
    # the same set as a situation set: its section and the situation target say it too
    from sim.analysis import accuracy_situations as situations

    sit = situations.summarize([{"kind": "sway", "seed": 4, "eval": ev, "clean": 0, "false_feedback": 0,
                                 "ghost_feedback": 1, "cal_ms": 600, "slips": [], "false_slips": 0}])
    row = {c[0]: c for c in situations.checks(sit)}["situation sets exact (each rep counted once, no ghost)"]
    assert row[1] == "0/1 (1 ghost, 1 miss)" and not row[3]
    section = "\n".join(situations.format_sections(sit, 1))
    assert "count right only by a ghost and a miss: 1 of 1 sets" in section
    assert "ghosts shown with a fault: 1" in section


def test_a_counted_rep_covering_less_than_half_of_a_true_rep_does_not_match_it():
    """A counted rep that runs from well before a true rep into its first second (the lowering from a start pose
    joined to the first raise) is a ghost and the true rep a miss; one off by 0.4 s at each end matches."""
    truth = [rep(9000, 14500)]
    assert evaluate.match_reps([rep(3500, 9700)], truth) == []
    ev = evaluate.evaluate_set([rep(3500, 9700)], truth)
    assert ev["count_ok"] and not ev["exact"] and ev["ghosts"] == [3500] and ev["misses"] == [(0, 9000)]
    assert evaluate.evaluate_set([rep(9400, 14100)], truth)["exact"]


def test_a_split_rep_matches_once_and_the_count_is_off():
    truth = [rep(1000, 6000)]
    det = [rep(1000, 2500), rep(2600, 6000)]
    ev = evaluate.evaluate_set(det, truth)
    assert not ev["exact"] and ev["matched"] == 1 and ev["ghosts"] == [1000] and ev["misses"] == []
    assert evaluate.match_reps(det, truth) == [(1, 0)]  # the part covering more than half of it


def test_phase_errors_are_detected_minus_truth():
    ev = evaluate.evaluate_set([rep(0, 5000, raise_ms=1100, lower_ms=2400)], [rep(0, 5000)])
    assert ev["errors"] == {"raise": [100], "hold": [0], "lower": [-100]}


def test_fault_confusion_counts_and_precision_recall():
    truth = [rep(0, 5000, ["DROP"]), rep(6000, 9000, ["KICK"]), rep(10000, 14000)]
    det = [rep(0, 5000, ["DROP"]), rep(6000, 9000), rep(10000, 14000, ["SHORT"]), rep(20000, 22000, ["KICK"])]
    ev = evaluate.evaluate_set(det, truth)
    c = ev["faults"]
    assert c["DROP"] == {"tp": 1, "fp": 0, "fn": 0}
    assert c["KICK"] == {"tp": 0, "fp": 0, "fn": 1}  # the unmatched 4th rep is not a fault mistake
    assert c["SHORT"] == {"tp": 0, "fp": 1, "fn": 0}
    assert evaluate.precision_recall(c["DROP"]) == (1.0, 1.0)
    assert evaluate.precision_recall(c["SHORT"]) == (0.0, None)


@given(st.lists(st.integers(-5000, 5000), min_size=1, max_size=50), st.integers(0, 100))
def test_percentile_lies_within_the_data(values, q):
    """A percentile is between min and max, and is monotone in q."""
    p = evaluate.percentile(values, q)
    assert min(values) <= p <= max(values)
    assert evaluate.percentile(values, 0) <= p <= evaluate.percentile(values, 100)


def test_report_prints_pass_and_fail_next_to_each_target():
    results = [
        {"seed": 0, "faulty": False, "cond": {"set": "clean", "rate": "52 Hz"},
         "eval": evaluate.evaluate_set([rep(0, 5000)], [rep(0, 5000)])},
        {"seed": 1, "faulty": True, "cond": {"set": "faulty", "rate": "208 Hz"},
         "eval": evaluate.evaluate_set([], [rep(0, 5000, ["DROP"])])},
    ]
    report = {"sets": accuracy.summarize_sets(results), "jobs": 1, "wall_s": 0.1}
    report["checks"] = accuracy.checks(report)
    text = accuracy.format_report(report, "cmd")
    by_name = {c[0]: c for c in report["checks"]}
    assert by_name["exact sets (each rep counted once, no ghost), clean"][3]
    assert not by_name["exact sets (each rep counted once, no ghost), faulty"][3]
    assert "PASS" in text and "FAIL" in text and "208 Hz" in text


# ---------------------------------------------------------------- with the real core and athlete

# Slightly looser than accuracy.TARGETS so a small run catches regressions without flaking on 40 sets.
# Regression guards for the 40-set run, not the targets: the targets (exact counts 100 % / 98 %, phase p95
# <= 120 ms, fault precision and recall >= 0.95) are measured over 500 sets in docs/accuracy.md, which says
# where they are missed. Body sway (up to ~2.5 deg/s) against the 2 deg/s phase floor puts the p95 of slow
# lowerings near 200 ms today.
CI = {"exact_clean": 0.95, "exact_faulty": 0.90, "phase_median_ms": 60.0, "phase_p95_ms": 240.0, "fault_pr": 0.9}

# Sessions the core miscounts today, with what was measured (python -m sim analyze FILE --json):
KNOWN_MISCOUNTS = {
    # The resting leg. No detector reading this unit alone could tell: it tilts 8-11 deg in time with the other
    # leg's reps (the body moving), with a lift's profile, as large as the low-amplitude executions the moving
    # leg's unit must count (5-9 deg); only the other leg's unit says which leg lifted. (s2/e3/u1/test, the
    # resting shank tilting 4-12 deg, counts 0 today: its tilts end as partials, the largest, 11.5 deg,
    # without a lowering the phase machine accepts; that is a margin, not a detector that can tell.)
    "s2/e1/u4/template_session": "1 of 0: the resting thigh tilts 11 deg with a lift's profile (8-9 deg with other "
                                 "reps): no single-unit detector can tell it from a low-amplitude lift",
    # (s2/e4/u3/template_session, the thigh, counted 8 of 9, its third too-fast abduction read 54 deg out of the
    # plane and dropped as the strap handled; it counts 9 of 9 since the plane in use is a vote in its own mean,
    # axisvote.py's AxisVote. s2/e4/u2/template_session, the shank, counts 9 of 9: its first abduction, read 90
    # deg out of the plane learned from its first 5 deg, is a rep about its own axis; s2/e4/u3/test, the thigh,
    # counts 30 of 30 though its first rep's axis is mostly a roll about the thigh's length; none of them says
    # "strap moved")
}



@pytest.fixture(scope="module")
def small_run():
    return accuracy.run(n_sets=40, jobs=2, use_uci=False)


def test_fast_run_counts_reps(small_run):
    s = small_run["sets"]
    assert not s["errors"], s["errors"][:3]
    assert s["exact_clean"]["share"] >= CI["exact_clean"]
    assert s["exact_faulty"]["share"] >= CI["exact_faulty"]


def test_fast_run_times_phases(small_run):
    for p, st_ in small_run["sets"]["phase"].items():
        assert st_["n"] > 0
        assert st_["median_abs"] <= CI["phase_median_ms"], (p, st_)
        assert st_["p95_abs"] <= CI["phase_p95_ms"], (p, st_)


def test_fast_run_names_faults(small_run):
    """Every fault's precision and recall reach the CI bar. It cannot pass on a fault never seen: the 40 sets
    hold every fault of bandlift.faults, and the core named each at least once."""
    from bandlift import faults

    found = small_run["sets"]["faults"]
    assert sorted(found) == sorted(faults._NAMES)
    for name, c in found.items():
        assert c["tp"] + c["fn"] > 0 and c["tp"] + c["fp"] > 0, (name, c)  # made by the athletes, named by the core
        assert c["precision"] >= CI["fault_pr"], (name, c)
        assert c["recall"] >= CI["fault_pr"], (name, c)


def _uci_names():
    from sim.analysis import uci

    return [s.name for s in uci.sessions()]


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISCOUNTS[n])) if n in KNOWN_MISCOUNTS else n
    for n in _uci_names()])
def test_uci_session_counts_exactly(name):
    """Exercising leg: 30 reps per test, 9 per template; resting leg: 0."""
    r = accuracy.uci_job(name)
    assert "error" not in r, r.get("error")
    assert r["count"] == r["expected"]


def test_uci_execution_types_cover_all_labelled_reps():
    """s1 test sessions: the 30 labelled executions are scored by type (10 each), and each is matched to at
    most one detected rep."""
    r = accuracy.uci_job("s1/e3/u3/test")
    assert {t: d["n"] for t, d in r["types"].items()} == {1: 10, 2: 10, 3: 10}
    assert all(0 <= d["ok"] <= d["matched"] <= d["n"] for d in r["types"].values())


@pytest.mark.parametrize("name", ["s1/e1/u2/test", "s1/e3/u3/test", "s1/e4/u3/test"])
def test_uci_a_right_count_on_hand_timed_sessions_is_every_execution_counted_once(name):
    """s1's test sessions have rep times (hand-drawn, test_times.csv): where the count is right (30), it is not
    a ghost and a miss; each of the 30 executions is matched by one counted rep and no counted rep is left."""
    r = accuracy.uci_job(name)
    assert r["count"] == r["expected"] == 30
    assert r["labelled"] == {"ghosts": [], "misses": []}


def test_uci_a_knee_extension_stopped_short_of_full_extension_is_told_to_reach_its_height():
    """s1's seated knee extension, auto target: the low-amplitude executions stop 8-22 deg below the height
    the first good reps reached (51-65 deg against 73): each gets SHORT ("Reach your height"), and no correct
    execution does. (With the old 20 % tolerance, 14.6 deg of slack, half of them passed as good.)"""
    r = accuracy.uci_job("s1/e1/u2/test")
    low, good = r["types"][3], r["types"][1]
    assert low["matched"] == low["n"] == 10 and low["ok"] >= 9
    assert good["matched"] == good["n"] == 10 and good["ok"] == 10


def test_report_has_a_section_and_targets_for_the_situations():
    """One set of each situation through the report: every situation gets its section, and the situation
    targets (exact counts, false feedback, calibration, phases, strap alerts) are checked."""
    from sim.athlete.situations import SITUATIONS

    report = accuracy.run(n_sets=0, jobs=1, use_uci=False, n_situation=1)
    text = accuracy.format_report(report, "cmd")
    for kind in SITUATIONS:
        assert "### %s" % kind in text
    names = [c[0] for c in report["checks"]]
    for what in ("situation sets exact (each rep counted once, no ghost)", "false feedback on clean reps (situations)",
                 "calibration after standing, worst set", "strap changes announced (EV_SLIPPED)",
                 "strap changes said within 3 s of standing still"):
        assert what in names
    # the strap moved between sets through the real game, with the hand at it early and late
    game = [c for c in report["checks"] if c[0].startswith("strap moved to the other leg between sets")]
    assert len(game) == 2 and all(c[1] == "1/1" and c[3] for c in game), game
    assert "## Strap moved between sets, through the game" in text
    s = report["situations"]["all"]
    assert s["sets"] == len(SITUATIONS) and not s["crashed"]
    assert s["exact"] >= len(SITUATIONS) - 1  # the report's own figures, not a target: see docs/accuracy.md
