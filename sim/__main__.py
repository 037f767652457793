"""`python -m sim [COMMAND] [ARGS]`: the PC side of BandLift.

With no command: the main job. On a machine with a screen it opens the twin in a window; without one it
plays the default level headless with a scripted athlete and writes the OLED frames and a session report.
"""

import importlib
import sys

# command -> module whose main(argv) -> int runs it
COMMANDS = {
    "run": ("sim.twin.run", "run the device program (code.py) in the digital twin"),
    "analyze": ("sim.analysis.analyze", "analyze a recording: per-rep table and set summary"),
    "accuracy": ("sim.analysis.accuracy", "accuracy report over generated sets and the real UCI data"),
    "check-levels": ("sim.levels.check", "validate level files"),
    "playtest": ("sim.levels.playtest", "run a population of virtual athletes through a level"),
    "athlete": ("sim.athlete.cli", "generate a recording from a virtual athlete"),
    "bench": ("sim.device.bench", "device budget benchmark, printed (--write: docs/performance.md)"),
    "bundle": ("sim.device.bundle", "write a CIRCUITPY-ready folder"),
}


def usage():
    lines = ["usage: python -m sim [COMMAND] [ARGS...]", "", "commands:"]
    for name, (_, text) in COMMANDS.items():
        lines.append("  %-13s %s" % (name, text))
    lines.append("")
    lines.append("With no command: run the twin (a window if there is a screen, else headless).")
    return "\n".join(lines)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("-h", "--help", "help"):
        print(usage())
        return 0
    if not argv or argv[0].startswith("-"):
        name, rest = "run", argv
    else:
        name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print("unknown command %r\n\n%s" % (name, usage()), file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    return module.main(rest)


if __name__ == "__main__":
    sys.exit(main())
