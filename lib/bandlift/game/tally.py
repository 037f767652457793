"""Tallies of a level being played: each set on one leg (SetTally), and the level's run over all its sets.

A level is played as a plan of sets: the level's "sets", each on the leg(s) its side asks for (see
Level.leg_plan). SetTally keeps the reps, the combo, the points and the last rep's grade; Run adds the sets
up (game/menu/ending.py), per leg too, and turns them into the level's result. Pure logic (no displayio, no clock).
"""

from bandlift import faults
from bandlift.game import rules


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

    def add_rep(self, rep, t, fast=False):
        """Count a finished rep (a bandlift.motion.stats.Rep) against the level's Targets t. fast: the live cue
        showed the lowering too fast; it, or a lowering measured too fast, counts as a DROP (one grade)."""
        score = rep.score
        stars = rep.stars
        mask = rep.faults
        lower_ms = rep.lower_ms
        if fast or rules.too_fast(lower_ms, t.lower_ms):
            mask |= faults.DROP
        if mask and stars > rules.COMBO_STARS:
            stars = rules.COMBO_STARS  # only good form earns the top star
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

    def finished(self):
        """Counts as a finished set: all its reps, or ended by fading form after half of them."""
        return self.full or (self.fatigued and self.reps_done * 2 >= self.total)


class Run:
    """The level's run: its set plan and the sums over the sets played (game/menu/ending.py adds a set up and
    turns the sums into the level's result: that code loads only when a set ends)."""

    def __init__(self, level_id, plan, sets):
        self.level_id = level_id
        self.plan = plan  # "L"/"R" per set, play order
        self.sets = sets
        self.index = 0  # the set being played (its place in the plan)
        self.reps = 0
        self.total = 0  # reps the whole plan asks for (set when sets start)
        self.score_sum = 0
        self.points = 0
        self.best_combo = 0
        self.min_score = 100
        self.fatigued = False
        self.side_sum = {}
        self.side_n = {}
        self.fault_counts = [0] * len(faults.ALL)
        self.sets_done = 0
        self.sets_finished = 0
        self.grew = 0  # garden steps grown by this run's sets

    def per_set(self):
        """Sets per set (2 for "both", 1 otherwise)."""
        n = len(self.plan) // self.sets if self.sets else 1
        return n if n > 0 else 1

    def set_of(self, set_index):
        return set_index // self.per_set()

    def more(self):
        return self.index + 1 < len(self.plan)

    def next_side(self):
        return self.plan[self.index + 1] if self.more() else None
