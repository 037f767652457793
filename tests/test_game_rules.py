"""Game rules: combos, bonuses, level stars, unlocks, symmetry and the pacing ghost."""

from hypothesis import given
from hypothesis import strategies as st

from bandlift import faults
from bandlift.game import rules
from bandlift.game.menu import page_end, summary

scores = st.integers(min_value=0, max_value=100)
star_counts = st.integers(min_value=0, max_value=3)
masks = st.integers(min_value=0, max_value=127)
ms = st.integers(min_value=0, max_value=20000)
tempo_ms = st.integers(min_value=100, max_value=8000)


@given(st.lists(st.tuples(star_counts, masks), max_size=40))
def test_combo_counts_good_clean_reps_since_the_last_bad_one(reps):
    """The combo equals the number of reps at the end of the sequence that each had >= _COMBO_STARS stars and
    none of DROP, WOBBLE, NO_PAUSE, KICK, SHORT, DRIFT (the faults the exercise text warns about most)."""
    combo = 0
    for s, m in reps:
        combo = rules.combo_after(combo, s, m)
    expected = 0
    for s, m in reversed(reps):
        if s < rules._COMBO_STARS or m & (faults.DROP | faults.WOBBLE | faults.NO_PAUSE | faults.KICK | faults.SHORT
                                          | faults.DRIFT):
            break
        expected += 1
    assert combo == expected


def test_slow_lowering_and_a_steady_pause_earn_more_than_any_other_part():
    """The two bonuses are the largest per-rep rewards after the score itself, the soft landing the largest."""
    assert rules._BONUS_SOFT > rules._BONUS_STEADY > 0
    clean = rules.rep_points(90, rules.bonus(0, 3000, 1000, 3000, 1000), 1)
    dropped = rules.rep_points(90, rules.bonus(faults.DROP, 3000, 1000, 3000, 1000), 1)
    assert clean - dropped == rules._BONUS_SOFT


@given(st.integers(min_value=0, max_value=1000))
def test_multiplier_grows_with_the_combo_and_is_capped(combo):
    """The points multiplier never shrinks as the combo grows and stays within 1..MAX_MULT."""
    m = rules.multiplier(combo)
    assert 1 <= m <= rules._MAX_MULT
    assert rules.multiplier(combo + 1) >= m


@given(masks, ms, ms, tempo_ms, tempo_ms)
def test_bonus_needs_a_slow_clean_lowering_and_a_steady_pause(mask, lower, hold, t_lower, t_pause):
    """A DROP never earns the soft-landing bonus, a wobbly or missing pause never the steady one."""
    b = rules.bonus(mask, lower, hold, t_lower, t_pause)
    assert 0 <= b <= rules._BONUS_SOFT + rules._BONUS_STEADY
    if mask & faults.DROP:
        assert not rules.soft_landing(mask, lower, t_lower)
    if mask & (faults.WOBBLE | faults.NO_PAUSE):
        assert not rules.steady_pause(mask, hold, t_pause)


def test_slower_lowering_earns_the_bonus_that_a_fast_one_misses():
    assert rules.bonus(0, 3000, 0, 3000, 1000) == rules._BONUS_SOFT
    assert rules.bonus(0, 1500, 0, 3000, 1000) == 0
    assert rules.bonus(0, 0, 1000, 3000, 1000) == rules._BONUS_STEADY


@given(scores, st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=30), st.booleans(),
       st.integers(min_value=0, max_value=30))
def test_level_stars_never_reward_an_unfinished_set_or_faulty_form_more_than_clean_full_work(
        mean, done, total, fatigued, good):
    """An unfinished set earns at most the stars of the same mean over a full set, and at most _CAPPED_STARS;
    a quit (not fatigued) unfinished set earns none. A full set earns its mean's stars only when most of its reps
    were of good form; otherwise at most _CAPPED_STARS, and never more than with better form."""
    th = (60, 75, 90)
    good = min(good, done)
    full = summary.level_stars(mean, total, total, th, False, total)
    s = summary.level_stars(mean, done, total, th, fatigued, good)
    assert 0 <= s <= 3
    if done < total:
        assert s <= full and s <= summary._CAPPED_STARS
        if not fatigued:
            assert s == 0
    elif good * 2 > done:
        assert s == rules.stars_for(mean, th)
    else:
        assert s == min(rules.stars_for(mean, th), summary._CAPPED_STARS)
        assert s <= summary.level_stars(mean, done, total, th, fatigued, done)


def test_half_the_reps_faulty_keeps_a_high_mean_from_the_top_stars():
    """The issue's case: 4 kicks in 8 with a mean of 90 on a level whose 3 stars start at 90."""
    th = (60, 75, 90)
    assert summary.level_stars(90, 8, 8, th, False, 4) == 2
    assert summary.level_stars(90, 8, 8, th, False, 5) == 3


@given(scores, scores)
def test_lsi_is_a_symmetric_percentage(a, b):
    """LSI is the same whichever side is weaker, within 0..100, and 100 for equal sides."""
    v = summary.lsi_of(a, b)
    assert v == summary.lsi_of(b, a)
    assert 0 <= v <= 100
    if a == b:
        assert v == 100
    assert summary.lsi_of(a, None) is None


def test_lsi_flag_below_ninety_percent():
    assert page_end.lsi_flagged(summary.lsi_of(80, 100))
    assert not page_end.lsi_flagged(summary.lsi_of(95, 100))
    assert not page_end.lsi_flagged(None)


def test_unlock_by_total_stars():
    assert rules.unlocked(0, 0)
    assert not rules.unlocked(5, 4)
    assert rules.unlocked(5, 5)


@given(st.integers(min_value=1, max_value=200))
def test_the_flower_blooms_every_few_reps_and_a_good_set_ends_on_a_bloom(total):
    """bloom_size(total) is 2-4 good reps in a row (1 for a one-rep set), and a set of total reps all good
    blooms on its last rep when total is at most 4 or divides evenly into blooms of 3 or 4."""
    n = rules.bloom_size(total)
    assert 1 <= n <= 4 and (n >= 2 or total == 1)
    if total <= 4 or total % 4 == 0 or total % 3 == 0 and total < 12:
        assert total % n == 0


def test_the_private_copies_of_the_rules_numbers_are_the_rules():
    """The set's tally, the live cue and the summary declare the rules' numbers they read again as private consts
    (a public name is interned for good on the board): each copy must be the rule's."""
    from bandlift.game import sets
    from bandlift.game.menu import page_end, pages
    from bandlift.game.play import pace

    assert sets._COMBO_STARS == rules._COMBO_STARS and pace._FAST_PCT == rules._FAST_PCT
    assert page_end._WIDTH_CHARS == pages._WIDTH_CHARS == 21
