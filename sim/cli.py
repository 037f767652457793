"""What every `python -m sim` command shares on its command line."""

import argparse
import sys


class OneLineParser(argparse.ArgumentParser):
    """argparse whose errors are one line on stderr ("prog: reason (see --help)") and exit code 2, not the
    usage block."""

    def error(self, message):
        print("%s: %s (see --help)" % (self.prog, message), file=sys.stderr)
        sys.exit(2)
