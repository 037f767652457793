"""Properties of the motion core (bandlift.motion.core.MotionCore) against the virtual athlete (sim/athlete/).

Each property states its invariant in its docstring. Sets are small (3-5 reps) and example counts low so the
file runs in well under a minute on CPython; generating one set costs ~0.1-0.5 s.
"""

import functools
import math
import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bandlift.motion.core import EV_REP_DONE, MotionCore
from bandlift.motion.report import set_summary
from bandlift.targets import Targets
from sim.athlete import TICKS_PERIOD, RepSpec, SetSpec, generate
from sim.athlete.spec import pause_for_stop

G = 9.80665


# ---------------------------------------------------------------- helpers


def run(samples, side=None, targets=None):
    """Feed every sample to a fresh core; (list of rep dicts, per-sample event bits, the core)."""
    core = MotionCore(targets or Targets())
    core.new_set(side)
    reps, evs = [], []
    for s in samples:
        ev = core.feed(*s)
        evs.append(ev)
        if ev & EV_REP_DONE:
            reps.append(core.last_rep.to_dict())
    return reps, evs, core


def clean_set(n, base_peak, peak_fracs, tempos, **kw):
    """A SetSpec of n clean reps; peaks base_peak * frac (frac 0.93-1: none looks SHORT to the athlete); tempos
    (raise, stop at the top, lower, reset) in ms."""
    reps = [RepSpec(r, math.ceil(pause_for_stop(p, round(base_peak * f, 2), r, lo)), lo, rs, round(base_peak * f, 2))
            for (r, p, lo, rs), f in zip(tempos[:n], peak_fracs[:n])]
    return SetSpec(reps, **kw)


@functools.lru_cache(maxsize=None)
def session(seed, n=3, **kw):
    """A cached clean set drawn from seed (start tick 0 unless given), for properties that replay it."""
    rng = random.Random(seed)
    tempos = [(rng.randint(1000, 2500), rng.randint(800, 2500), rng.randint(2000, 5000), rng.randint(1000, 3000))
              for _ in range(n)]
    fr = [rng.uniform(0.93, 1.0) for _ in range(n)]
    spec = clean_set(n, rng.uniform(25, 60), fr, tempos, strap_deg=rng.uniform(0, 360), flipped=rng.random() < 0.3,
                     side=rng.choice(("left", "right")), mount=rng.choice(("thigh", "shin")),
                     rate_hz=rng.randint(26, 208), seed=seed, **kw)
    return generate(spec)


def still_samples(seed, n=300, rate_hz=104, t0=0):
    """A still recording: gravity along a drawn direction of the sensor frame, gyro bias and noise."""
    rng = random.Random(seed)
    x, y, z = rng.gauss(0, 1), rng.gauss(0, 1), rng.gauss(0, 1)
    k = G / math.sqrt(x * x + y * y + z * z + 1e-12)
    bias = [rng.uniform(-0.05, 0.05) for _ in range(3)]
    out, t = [], t0
    for _ in range(n):
        out.append((t % TICKS_PERIOD, x * k + rng.gauss(0, 0.03), y * k + rng.gauss(0, 0.03), z * k + rng.gauss(0, 0.03),
                    bias[0] + rng.gauss(0, 0.005), bias[1] + rng.gauss(0, 0.005), bias[2] + rng.gauss(0, 0.005)))
        t += int(1000 / rate_hz) + rng.randint(0, 2)
    return out


# ---------------------------------------------------------------- strategies

tempo = st.tuples(
    st.integers(1000, 2500),  # raise (ms)
    st.integers(500, 2000),  # the stop at the top (the measured pause holds the moves' slow ends besides)
    st.integers(2000, 5000),  # lower
    st.integers(1000, 3000),  # reset
)
n_reps = st.integers(3, 5)
tempos = st.lists(tempo, min_size=5, max_size=5)
peak_fracs = st.lists(st.floats(0.93, 1.0), min_size=5, max_size=5)
base_peak = st.floats(25.0, 60.0)
strap = st.floats(0.0, 360.0)
flip = st.booleans()
side = st.sampled_from(("left", "right"))
mount = st.sampled_from(("thigh", "shin"))
rate = st.integers(26, 208)
seed = st.integers(0, 2**31 - 1)
replay_seed = st.integers(0, 3)  # few sets, cached: properties that replay a set draw how to replay it

NONFINITE = (float("nan"), float("inf"), float("-inf"))
HUGE = (1e30, -1e30, 1e6, -1e6, 200.0, -200.0)
bad_value = st.sampled_from(NONFINITE + HUGE)
# One garbage operation at a relative position in the stream (0-1):
#   ("value", field 0-6, value)      a sample with one field replaced by garbage
#   ("repeat", n)                    n samples that repeat the previous timestamp
#   ("back", ms, n)                  n samples stamped ms earlier than the previous one
#   ("gap", ms)                      the samples stop for ms (2-30 s), the stream goes on later
garbage_op = st.one_of(
    st.tuples(st.just("value"), st.integers(0, 6), bad_value),
    st.tuples(st.just("repeat"), st.integers(1, 8)),
    st.tuples(st.just("back"), st.integers(1, 5000), st.integers(1, 8)),
    st.tuples(st.just("gap"), st.integers(2000, 30000)),
)
garbage = st.lists(st.tuples(st.floats(0.0, 1.0), garbage_op), min_size=1, max_size=12)


def inject(samples, ops):
    """samples with the garbage operations applied at their positions (later samples keep their spacing)."""
    out = []
    at = {}
    for pos, op in ops:
        at.setdefault(int(pos * (len(samples) - 1)), []).append(op)
    shift = 0
    for i, s in enumerate(samples):
        for op in at.get(i, ()):
            prev = out[-1] if out else s
            if op[0] == "value":
                bad = list(prev if out else s)
                bad[op[1]] = op[2]
                out.append(tuple(bad))
            elif op[0] == "repeat":
                out.extend([prev] * op[1])
            elif op[0] == "back":
                t = (prev[0] - op[1]) % TICKS_PERIOD
                out.extend([(t,) + tuple(prev[1:])] * op[2])
            else:
                shift += op[1]
        out.append(((s[0] + shift) % TICKS_PERIOD,) + tuple(s[1:]))
    return out


# ---------------------------------------------------------------- properties


@settings(max_examples=6)
@given(n=n_reps, tempos=tempos, fracs=peak_fracs, peak=base_peak, strap=strap, flipped=flip, side=side,
       mount=mount, rate=rate, seed=seed)
def test_count_equals_the_athletes_reps(n, tempos, fracs, peak, strap, flipped, side, mount, rate, seed):
    """For any clean tempo, strap rotation, flip, side, mount and sample rate in range, the core counts
    exactly the athlete's reps, and each counted rep has a peak within 8 deg of the true one."""
    spec = clean_set(n, peak, fracs, tempos, strap_deg=strap, flipped=flipped, side=side, mount=mount,
                     rate_hz=rate, seed=seed)
    s = generate(spec)
    reps, _, _ = run(s.samples)
    assert len(reps) == len(s.truth)
    for got, want in zip(reps, s.truth):
        assert abs(got["peak_deg"] - want["peak_deg"]) < 8.0


@settings(max_examples=4)
@given(n=n_reps, tempos=tempos, fracs=peak_fracs, peak=base_peak, strap=strap, flipped=flip, side=side,
       mount=mount, seed=seed)
def test_strap_rotation_and_flip_change_nothing(n, tempos, fracs, peak, strap, flipped, side, mount, seed):
    """The same motion (same seed) seen through a strap rotated by any angle and a board upside down or not
    gives the same count, phase durations within 60 ms (or 2.5 % of the phase if longer: the end of a slow
    lowering sits at the 2 deg/s floor, where the speed curve is so flat that int16 quantization in the turned
    frame moves the crossing by a few tens of ms), peaks within 3 deg and the same faults as the strap at
    0 deg. (The sensor's own bias is off here: it is fixed in the board's frame, so turning the board
    turns it in the world and changes the physical signal by up to ~3 deg; that is the sensor, not the core.)"""
    common = dict(side=side, mount=mount, rate_hz=104, seed=seed, noise=False)
    ref = run(generate(clean_set(n, peak, fracs, tempos, strap_deg=0.0, flipped=False, **common)).samples)[0]
    got = run(generate(clean_set(n, peak, fracs, tempos, strap_deg=strap, flipped=flipped, **common)).samples)[0]
    assert len(got) == len(ref) == n
    for a, b in zip(got, ref):
        for k in ("raise_ms", "hold_ms", "lower_ms"):
            assert abs(a[k] - b[k]) <= max(60, 0.025 * b[k]), k
        assert abs(a["peak_deg"] - b["peak_deg"]) <= 3.0
        assert a["faults"] == b["faults"]


@settings(max_examples=10)
@given(which=replay_seed, data=st.data())
def test_chunking_and_live_reads_change_nothing(which, data):
    """Feeding a set from a list in chunks of any sizes, reading all the live state between chunks, gives the
    same events sample by sample and the same rep dicts and set summary as one plain loop of feed()."""
    samples = session(which).samples
    ref_reps, ref_evs, ref_core = run(samples)
    sizes = data.draw(st.lists(st.integers(1, 400), min_size=1, max_size=60), label="chunk sizes")
    core = MotionCore(Targets())
    core.new_set(None)
    reps, evs = [], []
    i = k = 0
    while i < len(samples):
        chunk = samples[i:i + sizes[k % len(sizes)]]
        k += 1
        i += len(chunk)
        for s in chunk:
            ev = core.feed(*s)
            evs.append(ev)
            if ev & EV_REP_DONE:
                reps.append(core.last_rep.to_dict())
        # what a display loop reads between batches
        (core.phase, core.angle, core.rate, core.sideways, core.hold_ms, core.hold_steady, core.lower_ms,
         core.reps, core.target_deg, core.calibrated, core.bad_samples, core.gaps,
         core.last_rep.to_dict(), set_summary(core.stats), core.stats.lsi(), core.fault_names())
    assert evs == ref_evs
    assert reps == ref_reps
    assert set_summary(core.stats) == set_summary(ref_core.stats)


@settings(max_examples=10)
@given(which=replay_seed, where=st.floats(0.0, 1.0))
def test_tick_wrap_anywhere_changes_nothing(which, where):
    """Shifting every tick so that the 2**29 wrap falls at any point of the set gives identical rep dicts,
    except start_ms/end_ms, which are the unshifted ones plus the shift, mod 2**29."""
    samples = session(which).samples
    ref, _, _ = run(samples)
    t_first, t_last = samples[0][0], samples[-1][0]
    offset = TICKS_PERIOD - int(t_first + where * (t_last - t_first))
    shifted = [((s[0] + offset) % TICKS_PERIOD,) + s[1:] for s in samples]
    got, _, _ = run(shifted)
    assert len(got) == len(ref)
    for a, b in zip(got, ref):
        assert a["start_ms"] == (b["start_ms"] + offset) % TICKS_PERIOD
        assert a["end_ms"] == (b["end_ms"] + offset) % TICKS_PERIOD
        a = dict(a, start_ms=0, end_ms=0)
        b = dict(b, start_ms=0, end_ms=0)
        assert a == b


@settings(max_examples=30)
@given(seed=seed, ops=garbage)
def test_garbage_in_a_still_recording_never_raises_or_counts(seed, ops):
    """NaN, inf, huge values, repeated or backwards timestamps and gaps of 2-30 s injected into a recording of
    a sensor lying still never make feed() raise and never produce a rep (nor a rep start)."""
    samples = inject(still_samples(seed, n=400), ops)
    reps, evs, core = run(samples)
    assert reps == []
    assert core.reps == 0


@settings(max_examples=10)
@given(ops=garbage, which=replay_seed, pause_ms=st.integers(0, 5000))
def test_detector_recovers_after_garbage(ops, which, pause_ms):
    """After a burst of garbage on the athlete standing still (the set's own still lead, with garbage
    injected), a clean 3-rep set that follows (its ticks shifted to pause_ms after the burst) is counted
    exactly: 3 reps."""
    s = session(which)
    t0 = s.samples[0][0]
    lead_end = s.truth[0]["start_ms"] - 500  # still: the athlete has not budged yet
    burst = inject([x for x in s.samples if x[0] < lead_end], ops)
    start = (burst[-1][0] + pause_ms + 10) % TICKS_PERIOD
    follow = [((x[0] - t0 + start) % TICKS_PERIOD,) + x[1:] for x in s.samples]
    reps, _, _ = run(burst + follow)
    assert len(reps) == len(s.truth) == 3


@settings(max_examples=12)
@given(which=replay_seed, ops=garbage)
@example(which=0, ops=[(0.0, ("value", 3, float("nan"))), (0.01, ("repeat", 3))])  # in the still lead: none lost
def test_garbage_in_a_set_never_adds_reps(which, ops):
    """Garbage injected anywhere into a clean set never makes feed() raise and never adds a rep: the count is
    at most the athlete's. It cannot pass on a core that counts nothing: the same set without garbage counts
    every rep, and garbage that lands over a second away from every rep (no gap in the stream) loses none."""
    s = session(which)
    assert len(run(s.samples)[0]) == len(s.truth) == 3
    reps, _, _ = run(inject(s.samples, ops))
    assert len(reps) <= len(s.truth)
    ticks = [s.samples[int(pos * (len(s.samples) - 1))][0] for pos, _ in ops]
    away = all(op[0] != "gap" for _, op in ops) and all(
        t < r["start_ms"] - 1000 or t > r["end_ms"] + 1000 for t in ticks for r in s.truth)
    if away:
        assert len(reps) == len(s.truth)


# A case a random run of the rotation property found (the derandomized CI examples do not reach it; about 1 in 8
# random draws fails the same way). Kept as a fixed example so the fault stays visible until it is fixed.
ROTATED_SLOW_LOWER = dict(
    n=4, peak=33.95653551618514, side="right", mount="shin", seed=309222152,
    tempos=[(1633, 944, 2698, 1756), (2239, 2082, 3930, 1455), (2260, 2139, 4697, 2181), (1262, 2197, 3260, 2780),
            (1424, 1896, 3225, 1200)],
    fracs=[0.9308837927522273, 0.9909316229226692, 0.9438534571929926, 0.9519158090211413, 0.9523255227307619],
)


def test_strap_rotation_changes_nothing_for_a_slow_lowering():
    """The rotation invariance above, on a fixed set whose third rep lowers slowly (4.7 s move, 32 deg)."""
    c = ROTATED_SLOW_LOWER
    common = dict(side=c["side"], mount=c["mount"], rate_hz=104, seed=c["seed"], noise=False)
    ref = run(generate(clean_set(c["n"], c["peak"], c["fracs"], c["tempos"], strap_deg=0.0, flipped=False,
                                 **common)).samples)[0]
    got = run(generate(clean_set(c["n"], c["peak"], c["fracs"], c["tempos"], strap_deg=150.9666980015508,
                                 flipped=False, **common)).samples)[0]
    assert len(got) == len(ref) == c["n"]
    for a, b in zip(got, ref):
        for k in ("raise_ms", "hold_ms", "lower_ms"):
            assert abs(a[k] - b[k]) <= max(60, 0.025 * b[k]), k


# A clean set a random run of the count property found (about 1 in 80 random draws): 0 of 4 reps counted.
UNCOUNTED_SET = dict(
    n=4, peak=25.494565694024388, kw=dict(strap_deg=139.3714229299916, flipped=False, side="left", mount="shin",
                                          rate_hz=131, seed=438272209),
    tempos=[(2151, 2254, 3056, 2766), (1618, 1178, 3727, 1070), (1652, 841, 3764, 2159), (2314, 1984, 2223, 2019),
            (2162, 1869, 2161, 2689)],
    fracs=[0.9383192850214571, 0.9867232271989808, 0.9702724930547166, 0.9943040780598327, 0.9612530184142688],
)


def test_count_equals_the_athletes_reps_for_a_low_first_rep():
    """The count property above, on a fixed clean set whose first rep peaks at only 24 deg."""
    c = UNCOUNTED_SET
    s = generate(clean_set(c["n"], c["peak"], c["fracs"], c["tempos"], **c["kw"]))
    assert len(run(s.samples)[0]) == len(s.truth) == 4
