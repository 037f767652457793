"""The board's CIRCUITPY flash as the twin charges it: time to program the bytes a file writes, a cache flush
with a sector erase when a written file is flushed or closed, a sync, a directory entry update. The twin's
sandbox opens the program's files through FlashFile; the bench (sim/device/bench_loop.py) charges the recorder
the same costs."""


FLASH_US_PER_BYTE = 2  # programming the flash through the FAT cache
FLASH_FLUSH_US = 30_000  # a cache flush with a sector erase (tens of ms on the board's QSPI / internal flash)
FLASH_SYNC_US = 30_000
FLASH_META_US = 15_000  # a directory entry update (rename, remove)


def flash(board, us):
    board.flash_us += us
    board.clock.advance(us)


class FlashFile:
    """A file on CIRCUITPY opened for writing: bytes and the flush on close cost flash time."""

    def __init__(self, f, board):
        self._f = f
        self._board = board
        self._dirty = False

    def write(self, data):
        # bytes: a text's characters, a buffer's bytes (an int32 array's len counts its items)
        flash(self._board, FLASH_US_PER_BYTE * (len(data) if isinstance(data, str) else memoryview(data).nbytes))
        self._dirty = True
        return self._f.write(data)

    def flush(self):
        self._f.flush()
        if self._dirty:
            flash(self._board, FLASH_FLUSH_US)
            self._dirty = False

    def close(self):
        if self._dirty:
            flash(self._board, FLASH_FLUSH_US)
            self._dirty = False
        self._f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __getattr__(self, name):
        return getattr(self._f, name)

    def __iter__(self):
        return iter(self._f)
