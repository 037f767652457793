"""Progress saves: records, and atomic saves cut at every step (damaged and read-only drives: test_progress_damage.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bandlift.progress import Store
from bandlift.progress.memfs import MemFile, MemFs

PATH = "/progress.json"


def best(s, level_id, key="best"):
    """A level's best score (or its "stars", or its best with one leg, "L"/"R") as the store holds it, 0 for a
    level never played: the game reads the records from the store's data the same way (game/store.py)."""
    rec = s.data["levels"].get(level_id)
    return rec.get(key, 0) if rec else 0


def total_stars(s):
    return sum(rec["stars"] for rec in s.data["levels"].values())


class Crash(Exception):
    """The power went: nothing after this reaches the disk."""


class FakeFile(MemFile):
    """A file of FakeFs: the power can go at any call; a cut during a write-out keeps nothing or half of it."""

    def _commit(self, data, crashing):
        if crashing and self.fs.partial:
            data = data[: len(data) // 2]  # the cut came halfway through the write-out
        elif crashing:
            return
        self.pending = data
        MemFile.flush(self)

    def write(self, s):
        crashing = self.fs.step()
        MemFile.write(self, s)
        if crashing:
            self._commit(self.pending, True)
            self.pending = b""
            raise Crash()
        return len(s)

    def flush(self):
        crashing = self.fs.step()
        self._commit(self.pending, crashing)
        self.pending = b""
        if crashing:
            raise Crash()

    def close(self):
        crashing = self.fs.step()
        if "w" in self.mode:
            self._commit(self.pending, crashing)
            self.pending = b""
        if crashing:
            raise Crash()

    def read(self, n=-1):
        if self.fs.step():
            raise Crash()
        return MemFile.read(self, n)


class FakeFs(MemFs):
    """The device's drive in RAM (bandlift.progress.memfs.MemFs: FAT's rules, no rename onto an existing file)
    that can lose power at any call, or be read-only.

    disk holds what survives a power cut: data written but not yet flushed is lost (or half of it, with
    partial=True). crash_at=k cuts the power during the k-th call (0-based); every later call fails too.
    """

    def __init__(self, disk=None, crash_at=None, partial=False, readonly=False):
        MemFs.__init__(self, disk)
        self.crash_at = crash_at
        self.partial = partial
        self.readonly = readonly
        self.calls = 0
        self.dead = False

    def step(self):
        if self.dead:
            raise Crash()
        k = self.calls
        self.calls += 1
        if self.crash_at is not None and k == self.crash_at:
            self.dead = True
            return True
        return False

    def _ro(self):
        if self.readonly:
            raise OSError(30, "Read-only filesystem")

    def open(self, path, mode):
        crashing = self.step()
        if "w" in mode:
            self._ro()
            self.disk[path] = b""  # truncation reaches the disk at once (the worst case)
            if crashing:
                raise Crash()
        elif crashing:
            raise Crash()
        MemFs.open(self, path, mode)
        return FakeFile(self, path, mode)

    def rename(self, old, new):
        if self.step():
            raise Crash()
        self._ro()
        MemFs.rename(self, old, new)

    def remove(self, path):
        if self.step():
            raise Crash()
        self._ro()
        MemFs.remove(self, path)

    def stat(self, path):
        if self.step():
            raise Crash()
        return MemFs.stat(self, path)

    def sync(self):
        if self.step():
            raise Crash()


def progress_after(plays, combo=0, start=None):
    """A Store on a fresh fake drive with some plays recorded (not saved): its data dict."""
    s = Store(PATH, FakeFs(start))
    for lid, score, stars, side in plays:
        s.record(lid, score, stars, side)
    s.note_combo(combo)
    return s


def saved_disk(plays, combo=0, disk=None):
    """The drive after a complete save of these plays on top of disk."""
    fs = FakeFs(disk)
    s = Store(PATH, fs)
    for lid, score, stars, side in plays:
        s.record(lid, score, stars, side)
    s.note_combo(combo)
    assert s.save()
    return fs.disk, s.data


def interrupted(disk, plays, crash_at, partial):
    """Load from disk, record plays, save with the power cut at call crash_at (counted from the save's start).

    Returns (the drive after the cut, the data the save was writing)."""
    fs = FakeFs(disk, partial=partial)
    s = Store(PATH, fs)
    for lid, score, stars, side in plays:
        s.record(lid, score, stars, side)
    fs.crash_at = fs.calls + crash_at
    try:
        s.save()
    except Crash:
        pass
    return fs.disk, s.data


def save_calls(disk, plays):
    """How many file-system calls a save makes on this drive."""
    fs = FakeFs(disk)
    s = Store(PATH, fs)
    for p in plays:
        s.record(*p)
    before = fs.calls
    assert s.save()
    return fs.calls - before


OLD = [("01-first-lifts", 70, 2, None), ("02-find-your-height", 55, 1, "L")]
NEW = [("02-find-your-height", 88, 3, "R"), ("03-pause-at-top", 64, 1, None)]


# ------------------------------------------------------------------ records


def test_records_keep_the_best_and_stars_never_drop():
    s = progress_after([("a", 80, 2, "L"), ("a", 60, 1, "R"), ("b", 95, 3, None)], combo=7)
    assert best(s, "a") == 80 and best(s, "a", "stars") == 2
    assert best(s, "a", "L") == 80 and best(s, "a", "R") == 60
    assert s.data["sides"] == {"L": 80, "R": 60}
    assert total_stars(s) == 5
    assert s.data["best_combo"] == 7
    assert not s.note_combo(3) and s.data["best_combo"] == 7
    assert s.record("a", 81, 0) is True and best(s, "a", "stars") == 2
    assert s.data["last"] == "a"
    assert best(s, "never-played") == 0 and best(s, "never-played", "stars") == 0


def test_save_and_load_round_trip():
    disk, data = saved_disk(OLD + NEW, combo=5)
    s = Store(PATH, FakeFs(disk))
    assert s.data == data and s.source == "main" and s.message == ""
    assert s.data["best_combo"] == 5 and total_stars(s) == 2 + 3 + 1


def test_real_files_round_trip(tmp_path):
    path = str(tmp_path / "progress.json")
    s = Store(path)
    assert s.source is None and s.can_save
    s.record("01-first-lifts", 77, 2, "L")
    assert s.save()
    s.record("01-first-lifts", 90, 3, "L")
    assert s.save()  # second save: the previous file becomes the .bak
    t = Store(path)
    assert best(t, "01-first-lifts") == 90 and best(t, "01-first-lifts", "stars") == 3
    assert (tmp_path / "progress.json.bak").exists() and not (tmp_path / "progress.json.new").exists()


# ------------------------------------------------------------------ interrupted saves


@pytest.mark.parametrize("partial", [False, True])
@pytest.mark.parametrize("history", ["first save", "second save", "third save"])
def test_a_save_cut_at_any_call_loads_old_or_new(history, partial):
    """After a power cut at ANY call of a save, loading gives the old progress or the new, never garbage,
    never an exception; and saving works again afterwards."""
    disk, old = {}, progress_after([]).data
    if history != "first save":
        disk, old = saved_disk(OLD)
    if history == "third save":
        disk, old = saved_disk(OLD[:1], disk=disk)
        disk, old = saved_disk(OLD, disk=disk)
        assert PATH + ".bak" in disk
    n = save_calls(disk, NEW)
    seen = set()
    for k in range(n + 1):
        cut, new = interrupted(disk, NEW, k, partial)
        fs = FakeFs(cut)
        s = Store(PATH, fs)
        assert s.data in (old, new), "cut at call %d of %d" % (k, n)
        seen.add("new" if s.data == new else "old")
        s.record("04-lower-3s", 50, 1)
        assert s.save()
        assert Store(PATH, FakeFs(fs.disk)).data == s.data
    assert seen == {"old", "new"}  # the cuts really covered both sides of the commit point


@pytest.mark.parametrize("partial", [False, True])
def test_a_cut_while_recovering_is_harmless_too(partial):
    """A second power cut during the load that repairs an interrupted save still loads old or new."""
    disk, old = saved_disk(OLD)
    n = save_calls(disk, NEW)
    for k in range(n + 1):
        cut, new = interrupted(disk, NEW, k, partial)
        probe = FakeFs(cut)
        Store(PATH, probe)
        for m in range(probe.calls + 1):
            fs = FakeFs(cut, crash_at=m, partial=partial)
            try:
                Store(PATH, fs)
            except Crash:
                pass
            s = Store(PATH, FakeFs(fs.disk))
            assert s.data in (old, new), "save cut at %d, load cut at %d" % (k, m)


@pytest.mark.parametrize("partial", [False, True])
def test_two_cut_saves_in_a_row(partial):
    """Cut a save at call k, load (which recovers), cut the next save at call j: loading then gives what the
    recovering load saw or the newest progress, for every (k, j)."""
    disk, _ = saved_disk(OLD)
    n = save_calls(disk, NEW)
    newest = [("05-lower-4s", 42, 1, "L")]
    for k in range(n + 1):
        cut, _ = interrupted(disk, NEW, k, partial)
        recovered = Store(PATH, FakeFs(cut))
        m = save_calls(recovered.fs.disk, newest)
        for j in range(m + 1):
            cut2, latest = interrupted(recovered.fs.disk, newest, j, partial)
            got = Store(PATH, FakeFs(cut2)).data
            assert got in (recovered.data, latest), "first cut at %d, second at %d" % (k, j)


plays = st.lists(
    st.tuples(
        st.sampled_from(["01-first-lifts", "02-find-your-height", "07-tempo-pyramid", "x"]),
        st.integers(0, 100),
        st.integers(0, 3),
        st.sampled_from([None, "L", "R"]),
    ),
    max_size=6,
)


@given(before=plays, after=plays, cut=st.integers(0, 40), partial=st.booleans())
def test_random_progress_survives_a_random_cut(before, after, cut, partial):
    """For any saved progress, any new plays and any cut point, loading gives exactly the old or the new."""
    disk, old = saved_disk(before)
    cut_disk, new = interrupted(disk, after, cut, partial)
    assert Store(PATH, FakeFs(cut_disk)).data in (old, new)
