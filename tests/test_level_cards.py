"""The menu keeps a Card per level, not the Level: at start-up every file is still read and checked (a broken
one is named with its field and reason, the rest load), the select screen shows the same, and a level is read
whole again when it is played. A file that went bad since start-up does not stop the game."""

import json
import os
import shutil

from bandlift.game.state import BTN_B, S_PLAY, GameState
from bandlift.levels.load import level_files, load_cards, load_levels
from bandlift.levels import cards as card_code
from bandlift.levels.model import Card
from bandlift.targets import Targets
from sim.device import mpy
from test_game_fakes import FakeCore, FakeStore

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEVELS = os.path.join(ROOT, "levels")
SHIPPED = len(level_files(LEVELS))  # a level added to levels/ is one more card, not a failing test


def _values(t):
    """Every value a Targets gives (its own and its class's defaults), by name."""
    return {k: getattr(t, k) for k in card_code.fields()}


def test_every_value_a_level_file_sets_is_named_in_the_packed_order():
    """A packed value's name indexes fields(): every Targets value a level file can set is there, and only values
    (no method)."""
    from bandlift.levels.parse import _SECTIONS

    names = card_code.fields()
    given = {attr for _, spec in _SECTIONS for _, attr, _, _, _ in spec if hasattr(Targets, attr)}
    assert given and given <= set(names)
    assert all(not callable(getattr(Targets(), k)) for k in names) and "copy" not in names


def test_a_card_shows_what_its_level_shows_and_opens_to_the_same_level():
    levels, skipped = load_levels(LEVELS)
    cards, skipped_c = load_cards(LEVELS)
    assert skipped == skipped_c == [] and len(cards) == len(levels) == SHIPPED > 0
    for c, lv in zip(cards, levels):
        assert isinstance(c, Card) and not hasattr(c, "stages"), "the menu keeps no Stages or Targets"
        for f in ("id", "name", "side", "sets", "rest_ms", "reps_per_side", "unlock_stars"):
            assert getattr(c, f) == getattr(lv, f), (c.id, f)
        assert card_code.description(c) == lv.description, c.id
        assert card_code.tempo(c) == lv.tempo_text(0)
        again = card_code.load(c)
        assert type(again) is type(lv)
        for k in lv.__dict__:
            if k not in ("stages", "description"):
                assert getattr(again, k) == getattr(lv, k), (c.id, k)
        assert again.description == "", "a set does not read the description: the menu's Card does"
        assert len(again.stages) == len(lv.stages)
        for s, s0 in zip(again.stages, lv.stages):
            assert (s.name, s.reps, _values(s.targets)) == (s0.name, s0.reps, _values(s0.targets)), c.id
        if len(lv.stages) > 1:  # the select screen's later pages: reps, name and tempo of each stage
            assert card_code.stage_lines(c) == ["%d %s %s" % (s.reps, s.name[:12], lv.tempo_text(k))
                                     for k, s in enumerate(lv.stages)]
        else:
            assert card_code.stage_lines(c) == ()
    assert sum(1 for c in cards if card_code.stage_lines(c)) == 2


def test_a_card_opens_to_its_levels_values_and_their_types_whatever_they_are():
    """Whatever a stage's Targets hold (whole numbers too big or below zero to pack, numbers with decimals, a
    value left at its default), the Level opened from the Card has each value, of the same type."""
    from bandlift.levels.load import load_level, pack

    lv, _ = load_level(os.path.join(LEVELS, "07-tempo-pyramid.json"))
    odd = ((4194303, 4194304, -5, 0), (0.1234, 12.5, 1e-9, 150.0))
    for i, s in enumerate(lv.stages):
        t = s.targets
        t.raise_ms, t.lower_ms, t.reset_ms, t.pause_min_ms = odd[0][i % 4:] + odd[0][:i % 4]
        t.kick_frac, t.drop_dps, t.drift_deg, t.kick_dps = odd[1][i % 4:] + odd[1][:i % 4]
    c = card_code.make(lv, "x/07-odd.json")
    c._c = pack(lv)
    again = card_code.load(c)
    for s, s0 in zip(again.stages, lv.stages):
        assert _values(s.targets) == _values(s0.targets)
        assert [type(v) for v in _values(s.targets).values()] == [type(v) for v in _values(s0.targets).values()]
    assert (again.stars, again.stars_rule) == (lv.stars, lv.stars_rule)


def test_a_stage_after_one_that_changed_a_default_gets_the_default_back(tmp_path):
    """A value the level leaves at its default (its Targets read it from the class) that the stage before changed:
    the Card keeps the change back, and the stage opens with the default, as the level file says."""
    (tmp_path / "01-steps.json").write_text(json.dumps({
        "format": 1, "name": "Steps",
        "stages": [{"name": "Slow", "reps": 2, "tempo": {"lower_ms": 4000}, "faults": {"drop_frac": 0.3}},
                   {"name": "Back", "reps": 2}]}))
    levels, skipped = load_levels(str(tmp_path))
    cards, _ = load_cards(str(tmp_path))
    assert skipped == [] and len(cards) == 1
    again = card_code.load(cards[0])
    assert [_values(s.targets) for s in again.stages] == [_values(s.targets) for s in levels[0].stages]
    assert (again.stages[0].targets.lower_ms, again.stages[1].targets.lower_ms) == (4000, 3000)


def test_a_cards_description_comes_from_its_file_even_with_a_byte_order_mark(tmp_path):
    src = open(os.path.join(LEVELS, "03-pause-at-top.json"), encoding="utf-8").read()
    (tmp_path / "03-x.json").write_bytes(b"\xef\xbb\xbf" + src.encode())
    cards, skipped = load_cards(str(tmp_path))
    assert skipped == [] and card_code.description(cards[0]).startswith("Pause briefly at the top")
    (tmp_path / "03-x.json").unlink()
    assert card_code.description(cards[0]) == "", "a file gone since start-up: no description, no crash"


def test_broken_files_are_reported_as_before_and_the_rest_still_load(tmp_path):
    shutil.copy(os.path.join(LEVELS, "01-first-lifts.json"), tmp_path / "01-first-lifts.json")
    for name in sorted(os.listdir(os.path.join(ROOT, "tests", "levels_broken")))[:6]:
        shutil.copy(os.path.join(ROOT, "tests", "levels_broken", name), tmp_path / name)
    levels, skipped = load_levels(str(tmp_path))
    cards, skipped_c = load_cards(str(tmp_path))
    assert skipped_c == skipped and len(skipped) >= 5  # (a duplicate key is the PC checker's to report)
    assert [c.id for c in cards] == [lv.id for lv in levels] and cards[0].id == "01-first-lifts"


def test_a_level_file_changed_after_start_up_plays_as_it_was_checked(tmp_path):
    """The Level is made from the Card's checked values: a file broken since start-up (CircuitPython restarts
    code.py when the computer writes the drive, but not when autoreload is off) cannot reach the core."""
    shutil.copy(os.path.join(LEVELS, "01-first-lifts.json"), tmp_path / "01-a.json")
    cards, _ = load_cards(str(tmp_path))
    (tmp_path / "01-a.json").write_text('{"format": 1, "name": "x", "reps": "many"}')
    g = GameState(FakeCore(calibrated=True), cards, FakeStore())
    g.on_button(BTN_B, False, 0)
    assert g.ask_leg, "level 01 may be played on either leg: B asks which"
    g.on_button(BTN_B, False, 0)  # B again: the leg shown
    assert g.screen == S_PLAY and g.level.id == "01-a" and g.level.name == "First Lifts"
    assert g.targets.lower_ms == 2000 and g.level.description == ""


CARDS_VS_LEVELS = """
import sys, gc
from bandlift.levels.load import level_files, load_cards, load_levels
gc.collect()
a = gc.mem_alloc()
levels, _ = load_levels(sys.argv[1])
gc.collect()
b = gc.mem_alloc()
del levels
cards, _ = load_cards(sys.argv[1])
gc.collect()
print("%d %d %d" % (b - a, gc.mem_alloc() - a, len(cards)))
"""


def test_the_menus_cards_take_less_heap_than_the_levels(tmp_path):
    """The Cards keep the checked values, not the Targets objects: on the board's 32-bit CircuitPython 3.9 kB
    against 10.2 kB for the 12 shipped levels; on this 64-bit port, where every float is a heap object, the
    gap is smaller."""
    probe = tmp_path / "cards.py"
    probe.write_text(CARDS_VS_LEVELS)
    out = mpy.run_micropython([str(probe), LEVELS], heap="400k", timeout=60).strip().splitlines()[-1]
    levels_b, cards_b, n = (int(v) for v in out.split())
    print("%d Levels %d B, %d Cards %d B (64-bit MicroPython)" % (n, levels_b, n, cards_b))
    assert n == SHIPPED and cards_b < levels_b * 0.8, (levels_b, cards_b)


def test_a_card_of_a_level_made_in_memory_opens_to_that_level():
    from test_game_fakes import FakeLevel

    lv = FakeLevel("01")
    assert card_code.load(card_code.make(lv)) is lv and card_code.stage_lines(card_code.make(lv)) == ()
