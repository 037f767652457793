"""Game rules: combos, bonuses, points, unlocks. Pure integer maths. (A level's stars and the legs' symmetry are
worked out where a level ends: game/menu/summary.py level_stars and lsi_of, page_end.py lsi_flagged.)

Slow lowering and a steady pause already carry the largest score weights (bandlift.targets); the game
reinforces them with the largest bonuses per rep, and a combo that only good form keeps alive: a rep with a DROP
(or a lowering too fast for the tempo), a WOBBLE, no pause, a KICK, a SHORT range or a DRIFT breaks it whatever
its score, and its grade shows at most _COMBO_STARS stars. Lowering times are compared as counted time
(bandlift.targets.counted_ms: the tempo's one truth).
"""

from bandlift import faults
from bandlift.compat import const
from bandlift.targets import counted_ms, stars_for  # noqa: F401 (the game's rules use the same star rule)

_COMBO_STARS = const(2)  # a rep with at least this many stars keeps the combo going; fewer breaks it
# Faults that break the combo whatever the score: the ones the exercise text warns about most.
COMBO_BREAKERS = faults.DROP | faults.WOBBLE | faults.NO_PAUSE | faults.KICK | faults.SHORT | faults.DRIFT
_FAST_PCT = const(80)  # a lowering counted under this % of the level's lower_ms is too fast (shown as a DROP)
# Points are the form score's tenths (0-10 a rep) and these bonuses, times the combo multiplier: a set of 8 good
# reps with its two blooms makes ~335, three big digits the play screen shows as the set's running score.
_BONUS_SOFT = const(3)  # points for a soft landing: lowering took >= 90 % of the level's lower time, no DROP
_BONUS_STEADY = const(2)  # points for a steady pause: >= 80 % of the level's pause, no NO_PAUSE/WOBBLE
BONUS_BLOOM = const(10)  # points when good reps in a row make the set's flower bloom (bloom_size)
_MAX_MULT = const(3)  # combo multiplier cap: x1, x2 from 2 in a row, x3 from 4 in a row


def combo_after(combo, stars, fault_mask=0):
    """Combo count after a rep: +1 for a good clean rep, back to 0 for a weak one or a combo-breaking fault."""
    if stars >= _COMBO_STARS and not fault_mask & COMBO_BREAKERS:
        return combo + 1
    return 0


def breaks_combo(stars, fault_mask):
    return stars < _COMBO_STARS or bool(fault_mask & COMBO_BREAKERS)


def bloom_size(total):
    """Good reps in a row that make the set's flower bloom: about 4, dividing the set evenly (8 reps bloom at 4
    and 8, 6 at 3 and 6, 3 at 3), so a run of good form blooms on the set's last rep."""
    n = (total + 3) // 4
    return total // n if n > 0 else 4


def multiplier(combo):
    """Points multiplier for a rep that brings the combo to `combo`."""
    m = 1 + combo // 2
    if m > _MAX_MULT:
        return _MAX_MULT
    return m


def too_fast(lower_ms, target_lower_ms):
    """A lowering the core measured as lower_ms is too fast for the level's (counted) lower time."""
    return lower_ms > 0 and counted_ms(lower_ms) * 100 < _FAST_PCT * target_lower_ms


def soft_landing(fault_mask, lower_ms, target_lower_ms):
    """True when the leg came down on the level's time (measured lower_ms, counted target) without a DROP."""
    if fault_mask & faults.DROP:
        return False
    return counted_ms(lower_ms) * 10 >= target_lower_ms * 9


def steady_pause(fault_mask, hold_ms, target_pause_ms):
    """True when the pause at the top lasted and stayed still."""
    if fault_mask & (faults.NO_PAUSE | faults.WOBBLE):
        return False
    return hold_ms * 10 >= target_pause_ms * 8


def bonus(fault_mask, lower_ms, hold_ms, target_lower_ms, target_pause_ms):
    """Bonus points of one rep (soft landing + steady pause)."""
    b = 0
    if soft_landing(fault_mask, lower_ms, target_lower_ms):
        b += _BONUS_SOFT
    if steady_pause(fault_mask, hold_ms, target_pause_ms):
        b += _BONUS_STEADY
    return b


def rep_points(score, rep_bonus, combo):
    """Game points of one rep: (form score in tenths, rounded, + bonus) x combo multiplier."""
    return ((int(score) + 5) // 10 + rep_bonus) * multiplier(combo)


def total_stars(records):
    """The stars of every level played: the progress store's records ({level id: {"stars": n, ...}})."""
    n = 0
    for lid in records:
        n += records[lid]["stars"]
    return n


def unlocked(unlock_stars, total_stars):
    """A level opens once the stars earned across all levels reach its requirement."""
    return total_stars >= unlock_stars
