"""code.py, unchanged, in the twin: it survives a lost IMU, keeps counting, and records when asked."""

import os

import sim  # noqa: F401
from sim.twin.motion import SineReps


def test_imu_lost_mid_set_is_shown_and_recovered_and_recording_is_written(tmp_path):
    from sim.twin.session import run_session

    # the athlete stands still until the board has booted and calibrated (as the README asks: from .py the core
    # compiles for seconds), so the reps before the loss are the test's, not the first lift's
    r = run_session(SineReps(still_s=6.0), seconds=30.0, motion_delay_s=0, root=str(tmp_path),
                    settings={"BANDLIFT_RECORD": 1}, faults=[("nack", 14.5, 15.5, True)], boot_buttons="A")
    assert r.error is None, r.error
    serial = "\n".join(r.serial)
    # the loss is said (as "IMU lost" when a read fails, or "No IMU found" when the retry finds none first,
    # depending on where the loop is when the IMU stops answering), then its return
    lost = "error: IMU lost" if "error: IMU lost" in serial else "error: No IMU found"
    assert lost in serial and "IMU back" in serial
    assert serial.index(lost) < serial.index("IMU back")
    # the twin's sine athlete does a rep every 7 s after 3 s of calibration: reps on both sides of the loss
    reps = r.reps()
    assert len(reps) >= 2
    assert [x["index"] for x in reps] == list(range(1, len(reps) + 1))  # nothing counted was lost
    from sim.analysis.recording import Reader

    reader = Reader(os.path.join(str(tmp_path), "recordings", "0001.bin"))
    samples = list(reader)
    assert reader.kind == "bin" and reader.warnings() == []
    assert len(samples) > 1000  # ~104 samples per second, minus the second without the IMU


def test_the_display_bus_is_counted_on_the_128x64_breakout_too():
    """The 128x64 breakout answers at 0x3D: its traffic is the display's share of the bus, as the FeatherWing's
    at 0x3C (the session used to report 0 B/s there while it drew every frame)."""
    from sim.twin.session import run_session

    r = run_session(SineReps(), seconds=12.0, motion_delay_s=0, display="128x64")
    assert r.error is None
    t = r.report()["timing"]
    assert t["display_bus_bytes_per_s"] > 100 and t["display_bus_busy_pct"] > 0


def test_reps_made_after_a_sets_last_rep_are_told_apart_from_the_graded_ones():
    """The core reports every rep on serial, also on the summary after the set: `sim run` said "reps 8" for a
    set of 6. The report keeps both counts, per run too."""
    from types import SimpleNamespace

    from sim.twin.outputs import SessionResult

    lines = []
    for i in range(1, 9):
        if i <= 6:
            lines.append("grade %d/6 score 100 stars 3 combo %d cue: Good rep" % (i, i))
        lines.append('rep {"index": %d, "score": 100}' % i)
    board = SimpleNamespace(serial=list(enumerate(lines)), bus=SimpleNamespace(stats={}))
    r = SessionResult(board, [], None, 60.0, 1.0, "test",
                      runs=[{"start_ms": 0, "kind": "power-up", "held": [], "serial_from": 0,
                             "serial_to": len(lines)}])
    assert len(r.reps()) == 8 and r.graded() == 6
    assert r.runs()[0]["rep_count"] == 8 and r.runs()[0]["graded"] == 6


def test_session_json_gives_each_rep_seconds_from_power_up_beside_the_wrapping_ticks():
    """start_ms is the device's tick, 65 s before its wrap at boot (536,805,376 ms): a reader needs seconds."""
    from types import SimpleNamespace

    from sim.twin.device.clock import VirtualClock
    from sim.twin.outputs import SessionResult

    clock = VirtualClock()
    t0 = clock.ticks_ms()
    late = (t0 + 70_000) & ((1 << 29) - 1)  # after the wrap
    lines = ['rep {"index": 1, "start_ms": %d, "end_ms": %d}' % (t0 + 2500, t0 + 7000),
             'rep {"index": 2, "start_ms": %d, "end_ms": %d}' % (late, late + 4000)]
    board = SimpleNamespace(serial=list(enumerate(lines)), bus=SimpleNamespace(stats={}), clock=clock)
    r = SessionResult(board, [], None, 60.0, 1.0, "test")
    (a, b) = r.reps()
    assert (a["start_s"], a["end_s"], b["start_s"], b["end_s"]) == (2.5, 7.0, 70.0, 74.0)
    assert a["start_ms"] == t0 + 2500  # the raw ticks stay
