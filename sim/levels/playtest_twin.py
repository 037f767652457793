"""`python -m sim playtest --twin [LEVEL ... | --all] [--json]`: play levels through code.py in the twin.

The real device program (boot.py, code.py, the game, the motion core) runs on the virtual Feather in save
mode; a virtual player presses the buttons a person would (select the level, start it, continue to the next
leg or set, skip the rest between sets) and a virtual athlete lifts the leg at the level's tempo and target
whenever the game is waiting for a rep, on each leg the level asks for. The level passes when the game
reached its final summary, the progress file afterwards holds the level (the save really happened, on the
twin's read-only-unless-remounted drive), nothing crashed, and every leg of the level's plan counted reps.

--json prints one object: {"levels": [{"file", "sides": {"L": n, "R": n}, "reached_summary", "saved",
"crashed", "passed", "virtual_s"}]}. The exit status is 0 when every level passed, 1 otherwise, 2 on bad
input. The twin runs at 52 Hz and keeps no frames, so a level takes a few seconds of wall time; --fast (what CI
uses) also makes every rep quick (0.9 s up, 0.6 s pause, 1.3 s down) whatever the level's tempo.
"""

import json
import math
import os
import shutil
import sys
import tempfile

from sim import ROOT
from sim.twin.motion import leg_imu

POLL_US = 50_000  # the virtual player looks at the game every 50 ms
PRESS_GAP_MS = 400  # between two presses of the player
REST_SKIP_MS = 1500  # how long the player rests before pressing B to go on
STUCK_MS = 90_000  # the same screen this long without progress: the level fails
# GameState screens (bandlift.game.state): the numbers are the game's
S_CALIB, S_SELECT, S_PLAY, S_SUMMARY, S_RECORDS, S_REST = 0, 1, 2, 3, 4, 5
PH_REST = 1


class GatedLeg:
    """The athlete: still until told to lift, then one smooth rep (raised-cosine raise, pause, lowering)."""

    def __init__(self):
        self.rep = None  # (t0_s, raise_s, pause_s, lower_s, peak_rad)

    def start(self, t_s, raise_ms, pause_ms, lower_ms, peak_deg):
        self.rep = (t_s, raise_ms / 1000.0, pause_ms / 1000.0, lower_ms / 1000.0, math.radians(peak_deg))

    def busy(self, t_s):
        r = self.rep
        return r is not None and t_s < r[0] + r[1] + r[2] + r[3]

    def angle(self, t):
        r = self.rep
        if r is None or t < r[0]:
            return 0.0, 0.0
        u = t - r[0]
        _, up, pause, down, p = r
        if u < up:
            f = u / up
            return p * (1 - math.cos(math.pi * f)) / 2, p * math.pi * math.sin(math.pi * f) / (2 * up)
        u -= up
        if u < pause:
            return p, 0.0
        u -= pause
        if u < down:
            f = u / down
            return p * (1 + math.cos(math.pi * f)) / 2, -p * math.pi * math.sin(math.pi * f) / (2 * down)
        return 0.0, 0.0

    def imu(self, t):
        th, w = self.angle(t)
        return leg_imu(th, w)


class Player:
    """Presses the buttons and starts the athlete's reps from what the game shows (bandlift.app.LIVE)."""

    def __init__(self, board, leg, level_id, fast=False):
        self.fast = fast  # quick reps (0.9 s up, 0.6 s pause, 1.3 s down, 0.5 s rest) whatever the tempo
        self.board = board
        self.leg = leg
        self.level_id = level_id
        self.next_press_ms = 0
        self.rep_end_s = 0.0
        self.screen = None
        self.screen_since = 0
        self.done = False
        self.reached_summary = False
        self.stuck = False

    def press(self, now_ms, button):
        if now_ms >= self.next_press_ms:
            self.board.press(now_ms, button)
            self.next_press_ms = now_ms + PRESS_GAP_MS

    def __call__(self, now_us):
        app = sys.modules.get("bandlift.app")
        live = getattr(app, "LIVE", None) or {}
        game, core = live.get("game"), live.get("core")
        st = getattr(game, "state", None)
        if st is None or core is None:
            return
        now_ms = now_us // 1000
        t_s = now_us / 1e6
        scr = st.screen
        mark = (scr, core.reps)  # progress: another screen, or another rep counted
        if mark != self.screen:
            self.screen, self.screen_since = mark, now_ms
        elif now_ms - self.screen_since > STUCK_MS:
            self.stuck = True
            self._finish()
            return
        if scr == S_SELECT:
            ids = [getattr(lv, "id", None) for lv in st.levels]
            if self.level_id not in ids:
                self.stuck = True
                self._finish()
            elif st.sel != ids.index(self.level_id):
                self.press(now_ms, 0)  # A: next level
            else:
                self.press(now_ms, 1)  # B: start
        elif scr == S_PLAY:
            if st.ending:
                self.press(now_ms, 1)
            elif core.calibrated and core.phase == PH_REST and not self.leg.busy(t_s):
                t = st.targets
                rest_s = 0.5 if self.fast else t.reset_ms / 1000.0 + 0.3
                if self.leg.rep is not None and t_s - self.rep_end_s < rest_s:
                    return
                peak = t.target_deg if t.target_deg is not None else 40.0
                if self.fast:
                    self.leg.start(t_s, 900, 600, 1300, peak)
                else:
                    self.leg.start(t_s, max(900, t.raise_ms), max(600, t.pause_ms + 200), max(1300, t.lower_ms),
                                   peak)
                r = self.leg.rep
                self.rep_end_s = r[0] + r[1] + r[2] + r[3]
        elif scr == S_REST:
            if now_ms - self.screen_since > REST_SKIP_MS:
                self.press(now_ms, 1)
        elif scr == S_SUMMARY:
            s = st.summary or {}
            if s.get("next_side"):  # the game before sets: B continues with the other leg
                self.press(now_ms, 1)
            elif getattr(st, "last_result", None) is not None or now_ms - self.screen_since > 3000:
                self.reached_summary = True
                self._finish()
        elif scr == S_RECORDS:
            self.press(now_ms, 2)

    def _finish(self):
        if not self.done:
            self.done = True
            self.board.clock.end_us = self.board.clock.now_us + 1  # the session ends at the next step


def _seed_progress(root, stars):
    """A progress file with enough stars to unlock every level (on dummy ids, so the level's own record is
    what the playtest writes)."""
    import sim  # noqa: F401  (lib/ on sys.path)
    from bandlift.progress import Store

    store = Store(os.path.join(root, "progress.json"))
    for i in range((stars + 2) // 3):
        store.record("zz-unlock-%d" % i, 100, 3)
    store.data["last"] = None
    store.save()


def budget_s(level):
    """Virtual seconds the level can take: every rep at its tempo plus slack, the calibration and menus."""
    total = 30.0
    plan = level.leg_plan() if hasattr(level, "leg_plan") else [None]
    for _ in plan:
        for i, stage in enumerate(level.stages):
            t = level.targets_for(i)
            rep = (max(900, t.raise_ms) + max(600, t.pause_ms + 200) + max(1300, t.lower_ms) + t.reset_ms) / 1000.0
            total += stage.reps * (rep + 2.5) + 8.0
    return total * 1.5  # room for reps the core does not count (a virtual athlete is not perfect either)


def play_level(path, rate_hz=52, fast=False):
    """One level file through code.py; the result dict of the --json output."""
    from bandlift.levels.load import load_level
    from bandlift.progress import Store
    from sim.twin.session import run_session

    level, why = load_level(path)
    if level is None:
        raise ValueError("%s: %s (the device skips it)" % (os.path.basename(path), why))
    root = tempfile.mkdtemp(prefix="bandlift-playtest-")
    try:
        os.makedirs(os.path.join(root, "levels"))
        shutil.copy(path, os.path.join(root, "levels", os.path.basename(path)))
        _seed_progress(root, level.unlock_stars)
        leg = GatedLeg()
        holder = {}

        def attach(board):
            holder["player"] = p = Player(board, leg, level.id, fast)
            board.clock.every(POLL_US, p)

        r = run_session(leg, seconds=budget_s(level), buttons=[], root=root, boot_buttons="A",
                        motion_delay_s=0, settings={"BANDLIFT_RATE_HZ": rate_hz}, on_board=attach, frames=False)
        player = holder["player"]
        sides = {"L": 0, "R": 0}
        for rep in r.reps():
            if rep.get("side") in sides:
                sides[rep["side"]] += 1
        store = Store(os.path.join(root, "progress.json"))
        saved = level.id in store.data["levels"] and store.data.get("last") == level.id
        crashed = r.error is not None or any(x["crashed"] for x in r.report()["runs"])
        legs = [s for s in (level.leg_plan() if hasattr(level, "leg_plan") else []) if s in sides]
        legs_ok = all(sides[s] > 0 for s in legs) and sum(sides.values()) > 0
        out = {"file": os.path.basename(path), "sides": sides, "reached_summary": player.reached_summary,
               "saved": saved, "crashed": crashed, "virtual_s": round(r.board.clock.now_us / 1e6, 1)}
        out["passed"] = bool(player.reached_summary and saved and not crashed and legs_ok and not player.stuck)
        if crashed:
            out["error"] = (r.error or "").strip().splitlines()[-1:] or ["crashed"]
        return out
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(argv):
    """argv without "--twin"."""
    want_json = "--json" in argv
    fast = "--fast" in argv
    args = [a for a in argv if a not in ("--json", "--fast")]
    jobs = 1
    if "--jobs" in args:  # levels played side by side, one process each (the twin is single-threaded)
        i = args.index("--jobs")
        try:
            jobs = int(args[i + 1])
        except (IndexError, ValueError):
            jobs = 0
        if jobs < 1:
            print("playtest --twin: --jobs needs a whole number of processes, e.g. --jobs 2", file=sys.stderr)
            return 2
        del args[i:i + 2]
    if "--all" in args:
        from bandlift.levels.load import level_files

        folder = os.path.join(ROOT, "levels")
        paths = [os.path.join(folder, f) for f in level_files(folder)]
        args = [a for a in args if a != "--all"]
    else:
        paths = []
    for a in args:
        if a.startswith("-"):
            print("playtest --twin: unknown option %s (LEVEL ... | --all, --json, --fast, --jobs N)" % a,
                  file=sys.stderr)
            return 2
        if not os.path.isfile(a):
            print("playtest --twin: no such level file: %s" % a, file=sys.stderr)
            return 2
        paths.append(a)
    if not paths:
        print("playtest --twin: name level files or --all", file=sys.stderr)
        return 2
    import contextlib

    real_stdout = sys.stdout
    results = []
    # with --json, stdout carries the one JSON object only (Blinka prints a platform warning on import)
    quiet = contextlib.redirect_stdout(sys.stderr) if want_json else contextlib.nullcontext()
    with quiet:
        _play_all(paths, want_json, results, fast, jobs)
    if want_json:
        print(json.dumps({"levels": results}), file=real_stdout)
    return 0 if all(r["passed"] for r in results) else 1


def _play_one(path, fast=False):
    """The result of one level; a level the device would skip says so (the others go on)."""
    try:
        return play_level(path, fast=fast)
    except Exception as e:  # noqa: BLE001
        return {"file": os.path.basename(path), "sides": {"L": 0, "R": 0}, "reached_summary": False,
                "saved": False, "crashed": False, "passed": False, "error": [str(e)]}


def _play_all(paths, want_json, results, fast=False, jobs=1):
    if jobs > 1 and len(paths) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork where there is one (Linux: no second import of the twin); each level is its own board anyway
        ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            done = pool.map(_play_one, paths, [fast] * len(paths))
            for res in done:
                _add(res, want_json, results)
        return
    for p in paths:
        _add(_play_one(p, fast), want_json, results)


def _add(res, want_json, results):
    results.append(res)
    if not want_json:
        print("%-28s %s  L %d R %d  summary %s  saved %s%s" % (
            res["file"], "PASS" if res["passed"] else "FAIL", res["sides"]["L"], res["sides"]["R"],
            "yes" if res["reached_summary"] else "no", "yes" if res["saved"] else "no",
            "  CRASHED" if res["crashed"] else ""), flush=True)
