"""heapnames reads the device session's import trace right: each module's names and bytes are its own once what it
imported is taken out, and a name is attributed to the one module source that holds it."""

from sim.device import heapnames

TRACE = """TRACEQ > 0 bandlift.app 1000
qstr pool: n_pool=5, n_qstr=400, n_str_data_bytes=3000, n_total_bytes=6000
TRACEQ > 0 bandlift.compat 1500
qstr pool: n_pool=5, n_qstr=410, n_str_data_bytes=3100, n_total_bytes=6100
TRACEQ < 0 bandlift.compat 1900
qstr pool: n_pool=5, n_qstr=417, n_str_data_bytes=3170, n_total_bytes=6170
TRACEQ < 0 bandlift.app 3000
qstr pool: n_pool=6, n_qstr=450, n_str_data_bytes=3500, n_total_bytes=10500
DUMPQ > 1 bandlift.game.play.hud
Q(main)
Q(ticks_ms)
DUMPQ <
"""


def test_an_import_is_charged_its_own_names_and_bytes_without_what_it_imported():
    mods, dumps = heapnames.parse(TRACE)
    assert [m["name"] for m in mods] == ["bandlift.app", "bandlift.compat"]  # in the order the imports started
    app, compat = mods
    assert (app["names"], app["own_names"]) == (50, 43)
    assert (app["bytes"], app["own_bytes"]) == (2000, 1600)
    assert (compat["names"], compat["own_bytes"], compat["depth"]) == (7, 400, 1)
    assert app["pool_bytes"] == 4500  # the pools' bytes it grew (a new pool was made inside it)
    assert dumps == {"bandlift.game.play.hud": ["main", "ticks_ms"]}


def test_a_name_is_attributed_to_the_only_module_source_that_holds_it():
    only, shared, none = heapnames.attribute(["_report_rep", "ticks_diff", "no_such_name_anywhere"],
                                             {"bandlift.app", "bandlift.compat"})
    assert only.get("bandlift.app") == ["_report_rep"]
    assert "ticks_diff" in [n for n, _ in shared]  # compat defines it, app imports it
    assert none == ["no_such_name_anywhere"]


def test_a_name_the_harness_interned_first_counts_for_the_program_unless_the_firmware_holds_it():
    """On the board the firmware's names (the stand-ins' public API, keyword arguments included) are in flash;
    a name the harness happened to intern first that the program's sources hold is the program's there."""
    fw = heapnames.firmware_names()
    assert {"Group", "TileGrid", "pixel_shader", "ticks_ms", "value_when_pressed", "displayio"} <= fw
    both = heapnames.shared_with_harness(["Group", "bandlift", "_report_rep", "no_such_name_anywhere"],
                                         {"bandlift.app"})
    assert both == ["_report_rep", "bandlift"]  # not Group (the firmware's), not a name no source holds
