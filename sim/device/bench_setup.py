"""What `python -m sim bench` takes as given: the boards' speeds, the program's rates and periods, and the
sizes of the measuring runs. The measuring (bench.py), its report (bench_report.py) and bench_repend.py read
them here, so none of them imports another for a number."""

RATE_HZ = 104
SAMD51_LOOPS_PER_S = 210000.0  # empty loop iterations/s, CircuitPython 5 on a SAMD51 (CircuitPython behaviour)
PYSTONE_SAMD51 = 1521.0
PYSTONE_NRF52840 = 769.0
NRF52840_LOOPS_PER_S = SAMD51_LOOPS_PER_S * PYSTONE_NRF52840 / PYSTONE_SAMD51
BOARD_FREE_HEAP = 64 * 1024  # bytes free for garbage on the board while playing (assumed: ~137 kB at start)
COST_HEAP = "2m"  # the cost runs' heap: the session's arrays fit, and float boxing costs what it costs there
PASS_HEAP = "128m"  # the counted core passes' heap: two passes' boxed floats (~39 MB a pass), never collected
WHOLE_SECONDS = (20, 40)  # virtual seconds of the two whole-loop runs (their difference is what is counted)
TICK_MS = 100  # bandlift.app.TICK_MS: game ticks per second = 1000 / TICK_MS
DRAIN_MS = 50  # bandlift.app.DRAIN_MS: one FIFO status read and one burst per drain
