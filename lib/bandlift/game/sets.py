"""Playing a level: its plan of sets (each on one leg), the rest and the strap move between them, the tallies,
and the level's result at the end. Functions of the game state `st` (game.state.GameState: the screens,
buttons and events), which calls them.

start_level() (game/menu/begin.py, loaded for that call) builds the plan (Level.leg_plan: the level's "sets",
each on the leg(s) its side asks for) and starts set 0 (start_set, here); end_set() closes a set and either starts the rest (S_REST: the level's rest_ms when a new set
follows; the strap screen when the leg changes, the core told the new side at once so it re-learns the pose
when the strap has moved) or ends the level; end_level() builds the summary and records the result, never for
a quit. Those two are in game/menu/ending.py, loaded only when a set ends.

The tallies, pure logic (no displayio, no clock): SetTally, one set on one leg, keeps the reps, the combo, the
points and the last rep's grade; Run adds the sets up (game/menu/ending.py), per leg too, and turns them into
the level's result.
"""

from bandlift import faults
from bandlift.compat import const
from bandlift.game import rules

# The game's screens, buttons and the select screen's page time (game.state re-exports them; the menu's
# modules read them here, so none of them imports the state machine back)
_COMBO_STARS = const(2)  # rules.py's: the most stars a rep with a fault earns (tests/test_game_rules.py)
S_CALIB = const(0)
S_SELECT = const(1)
S_PLAY = const(2)
S_SUMMARY = const(3)
S_RECORDS = const(4)
S_REST = const(5)
BTN_A = const(0)  # select / next
BTN_B = const(1)  # start / confirm
BTN_C = const(2)  # back
PAGE_MS = const(8000)  # the select screen turns its pages (description, stages) by itself: time to read a
# level's name, sets, tempo and best before the description comes


def new_core_set(st, side):
    try:
        st.core.new_set(side)
    except (AttributeError, ValueError, TypeError):
        pass


def start_set(st, now_ms):
    run = st.run
    st.last_set = st.set_tally = None  # (the rest screen's: the new tally goes into its room)
    st.set_tally = SetTally(run.plan[run.index], max(1, st.level.reps_per_side))
    st.ending = False
    st.strap_moved = False  # (a strap seen moving counts from this set's last rep: game/menu/ending.py)
    st.grade_on = False
    st.summary = None
    st._apply_targets()
    st.set_count += 1
    st.screen = S_PLAY
    st.page = 0
    st.clear_alert()
    st._changed()
    st.park_store()  # until the set ends: its code's room is the play screen's, as the garden's
    st.park_growth()


class SetTally:
    """One set on one leg: reps, combo, points, cues, and the grade of its last rep."""

    def __init__(self, side=None, total=1):
        self.side = side
        self.total = total
        self.stage = 0
        self.stage_done = 0
        self.reps_done = 0
        self.combo = 0
        self.best_combo = 0
        self.points = 0
        self.score_sum = 0
        self.min_score = 100
        self.good_reps = 0  # reps of good form (that kept the combo)
        self.bloom = 0  # good reps in a row towards the flower's bloom (rules.bloom_size)
        self.blooms = 0
        self.fault_counts = [0] * len(faults.ALL)
        self.fatigued = False
        # the last rep's grade (the splash)
        self.v_index = 0
        self.v_score = 0
        self.v_stars = 0
        self.v_faults = 0
        self.v_cue = ""
        self.v_broke = False  # this rep broke a combo of 2 or more
        self.v_bloom = False  # this rep made the flower bloom

    def add_rep(self, rep, t, too_fast=False):
        """Count a finished rep (a bandlift.motion.stats.Rep) against the level's Targets t. too_fast: the live cue
        showed the lowering too fast; it, or a lowering measured too fast, counts as a DROP (one grade)."""
        score = rep.score
        stars = rep.stars
        mask = rep.faults
        lower_ms = rep.lower_ms
        if too_fast or rules.too_fast(lower_ms, t.lower_ms):
            mask |= faults.DROP
        if mask and stars > _COMBO_STARS:
            stars = _COMBO_STARS  # only good form earns the top star
        b = rules.bonus(mask, lower_ms, rep.hold_ms, t.lower_ms, t.pause_ms)
        before = self.combo
        self.combo = rules.combo_after(self.combo, stars, mask)
        self.v_broke = before >= 2 and self.combo == 0
        if self.combo > self.best_combo:
            self.best_combo = self.combo
        pts = rules.rep_points(score, b, self.combo)
        self.v_bloom = False
        if self.combo:  # the combo's rule (good form) grows the flower; a faulty rep takes it back to a seed
            self.bloom += 1
            if self.bloom >= rules.bloom_size(self.total):
                self.bloom = 0
                self.blooms += 1
                self.v_bloom = True
                pts += rules.BONUS_BLOOM
        else:
            self.bloom = 0
        self.points += pts
        self.score_sum += score
        if score < self.min_score:
            self.min_score = score
        self.reps_done += 1
        self.stage_done += 1
        if not rules.breaks_combo(stars, mask):
            self.good_reps += 1  # reps that paid: good form
        for i in range(len(faults.ALL)):
            if mask & faults.ALL[i]:
                self.fault_counts[i] += 1
        self.v_index = self.reps_done
        self.v_score = score
        self.v_stars = stars
        self.v_faults = mask
        self.v_cue = faults.top_cue(mask) if mask != rep.faults else (rep.cue or faults.top_cue(mask))

    @property
    def mean(self):
        n = self.reps_done
        return (self.score_sum + n // 2) // n if n else 0

    @property
    def full(self):
        return self.reps_done >= self.total



class Run:
    """The level's run: its set plan and the sums over the sets played, made by a level's start
    (game/menu/begin.py) and added up as each set ends (game/menu/ending.py): no code of its own on the heap.

    level_id; plan: "L"/"R"/None per set, play order; sets: the level's sets, each of per_set sets on a leg (2 for
    "both", else 1); index: the set being played (its place in the plan); reps, good_reps (reps of good form, that
    kept the combo: the level's top stars need most), total (reps the whole plan asks for), score_sum, points,
    best_combo, min_score, fatigued, side_sum and side_n (per leg), fault_counts (per faults.ALL), sets_done,
    sets_finished and grew (garden steps grown by this run's sets)."""

    level_id: str; plan: list; sets: int; per_set: int; index: int; reps: int; good_reps: int; total: int
    score_sum: int; points: int; best_combo: int; min_score: int; fatigued: bool; side_sum: dict; side_n: dict
    fault_counts: list; sets_done: int; sets_finished: int; grew: int
