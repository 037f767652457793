"""What every `python -m sim` command shares on its command line."""

import argparse
import sys


class ArgError(ValueError):
    """A command line that cannot run, in one line: raised by OneLineParser(raises=True) for a command whose
    main() says it and returns 2 itself."""


class OneLineParser(argparse.ArgumentParser):
    """argparse whose errors are one line on stderr ("prog: reason (see --help)") and exit code 2, not the
    usage block; with raises=True, ArgError(reason) instead, for the command to say."""

    def __init__(self, *args, raises=False, **kwargs):
        argparse.ArgumentParser.__init__(self, *args, **kwargs)
        self.raises = raises

    def error(self, message):
        if self.raises:
            raise ArgError(message)
        print("%s: %s (see --help)" % (self.prog, message), file=sys.stderr)
        sys.exit(2)
