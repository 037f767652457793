"""Progress saves: records, atomic saves cut at every step, damaged and read-only drives."""

import sys
import types

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bandlift import progress
from bandlift.progress import load as progress_load, save as progress_save
from bandlift.progress import MSG_READONLY, Store
from bandlift.progress.load import _MSG_DAMAGED as MSG_DAMAGED, _MSG_RESTORED as MSG_RESTORED
from bandlift.progress.save import _MSG_FULL as MSG_FULL, _MSG_TOO_BIG as MSG_TOO_BIG
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


# ------------------------------------------------------------------ damaged saves


@pytest.mark.parametrize(
    "garbage",
    [b"", b"\x00" * 300, b"\xff\xfe garbage", b'{"format": 1, "levels": {}}', b"not json\nend 8 1 1\n"],
    ids=["empty", "zeros", "not-utf8", "no-trailer", "bad-checksum"],
)
def test_a_damaged_save_is_set_aside_and_play_goes_on(garbage):
    s = Store(PATH, FakeFs({PATH: garbage}))
    assert s.data == progress.empty() and s.message == MSG_DAMAGED and s.can_save
    assert s.fs.disk.get(PATH + ".bad") == garbage and PATH not in s.fs.disk
    s.record("a", 60, 1)
    assert s.save() and best(Store(PATH, FakeFs(s.fs.disk)), "a", "stars") == 1


def test_a_damaged_save_falls_back_to_the_backup():
    disk, old = saved_disk(OLD)
    disk, _ = saved_disk(NEW, disk=disk)
    disk[PATH] = disk[PATH][:-9]  # the newest file lost its tail
    s = Store(PATH, FakeFs(disk))
    assert s.data == old and s.source == "bak" and s.message == MSG_RESTORED


def test_hand_edited_nonsense_values_are_dropped():
    data = {"format": 1, "levels": {"a": {"best": 250, "stars": True, "L": 40}, "b": [1]}, "best_combo": -3}
    s = Store(PATH, FakeFs({PATH: progress_save.encode(data).encode()}))
    assert best(s, "a") == 0 and best(s, "a", "stars") == 0 and best(s, "a", "L") == 40
    assert s.data["best_combo"] == 0 and "b" not in s.data["levels"]


@given(data=st.data())
def test_any_single_character_change_is_caught(data):
    """Changing one character of a save file gives None (damaged) or exactly the original progress."""
    s = progress_after(OLD + NEW, combo=4)
    text = progress_save.encode(s.data)
    i = data.draw(st.integers(0, len(text) - 1))
    ch = data.draw(st.characters(codec="ascii").filter(lambda c: c != text[i]))
    got = progress_load.decode(text[:i] + ch + text[i + 1 :])
    assert got is None or got == s.data


# ------------------------------------------------------------------ read-only drive


def test_read_only_drive_means_play_without_saving():
    disk, old = saved_disk(OLD)
    s = Store(PATH, FakeFs(disk, readonly=True))
    assert s.data == old  # progress still loads
    s.record("03-pause-at-top", 90, 3)
    assert s.save() is False
    assert s.can_save is False and s.message == MSG_READONLY
    assert s.save() is False  # and keeps quiet about it
    assert Store(PATH, FakeFs(disk)).data == old


def test_disk_full_is_reported_and_keeps_the_old_save():
    disk, old = saved_disk(OLD)

    class FullFs(FakeFs):
        def open(self, path, mode):
            f = FakeFs.open(self, path, mode)
            if "w" in mode:
                def write(s):
                    raise OSError(28, "No space left on device")
                f.write = write
            return f

    s = Store(PATH, FullFs(disk))
    s.record("a", 99, 3)
    assert s.save() is False and s.message == MSG_FULL and s.can_save
    assert Store(PATH, FakeFs(s.fs.disk)).data == old


# ------------------------------------------------------------------ device mode helpers


def test_set_autoreload(monkeypatch):
    from bandlift.hw import board_io

    assert board_io.set_autoreload(False) is False  # a PC: nothing to switch
    runtime = types.SimpleNamespace(autoreload=True)
    monkeypatch.setitem(sys.modules, "supervisor", types.SimpleNamespace(runtime=runtime))
    assert board_io.set_autoreload(False) is True and runtime.autoreload is False
    assert board_io.set_autoreload(True) is True and runtime.autoreload is True


def test_a_restore_from_the_backup_is_still_reported_after_the_next_save():
    """The player must learn the save was restored: the next good save used to clear the message unseen."""
    fs = FakeFs()
    s = Store("/p.json", fs)
    s.record("01", 80, 2)
    s.save()
    s.record("02", 70, 1)
    s.save()  # /p.json.bak now holds the first save
    fs.disk["/p.json"] = b"garbage"
    s2 = Store("/p.json", fs)
    assert s2.source == "bak" and s2.message == MSG_RESTORED
    s2.record("03", 90, 3)
    assert s2.save()
    assert s2.message == MSG_RESTORED


def test_a_large_legitimate_save_loads_again():
    """Progress over 16 kB (hundreds of levels) used to be called damaged at the next start."""
    fs = FakeFs()
    s = Store("/p.json", fs)
    for i in range(700):
        s.record("level-%04d-with-a-long-name" % i, 50 + i % 50, i % 4, "L")
    assert s.save()
    assert len(fs.disk["/p.json"]) > 16384
    again = Store("/p.json", fs)
    assert again.source == "main" and again.message == "" and best(again, "level-0699-with-a-long-name") == 99


def test_a_save_too_big_to_load_again_is_not_written():
    fs = FakeFs()
    s = Store("/p.json", fs)
    s.record("a", 50, 1)
    assert s.save()
    for i in range(3000):
        s.record("x" * 30 + str(i), 60, 1)
    assert not s.save() and s.message == MSG_TOO_BIG
    assert best(Store("/p.json", fs), "a") == 50  # the last good save is kept


def test_a_deeply_nested_progress_file_is_damaged_not_a_crash():
    fs = FakeFs()
    payload = "[" * 5000 + "]" * 5000  # small enough to be read, deep enough for RecursionError
    a, b = progress_save.checksum(payload)
    fs.disk["/p.json"] = ("%s\nend %d %d %d\n" % (payload, len(payload), a, b)).encode()
    s = Store("/p.json", fs)  # RecursionError escaped here before
    assert s.data == progress.empty() and s.message == MSG_DAMAGED


def test_a_folder_named_progress_json_never_costs_a_save(tmp_path):
    """Someone made a folder called progress.json on the drive: every save still lands (beside it, in
    progress-save.json), the player is told where, and the folder and its files are left alone."""
    folder = tmp_path / "progress.json"
    folder.mkdir()
    (folder / "mine.txt").write_text("my notes")
    path = str(folder)
    for score in (50, 60, 70):
        s = Store(path)
        assert s.message == "progress.json is a folder: saving to progress-save.json"
        s.record("01", score, 1, "L")
        assert s.save(), s.message
    again = Store(path)
    assert best(again, "01") == 70 and again.can_save
    assert (folder / "mine.txt").read_text() == "my notes"
    assert not (tmp_path / "progress.json.bak").exists()


def test_the_store_without_a_drive_keeps_records_and_says_why_it_cannot_save():
    """no_drive_store(): the real Store on a drive in RAM that refuses to save, with its own reason (a save
    must not turn it into "read-only", which would send the player to look for a switch)."""
    from bandlift.progress.memfs import MSG_NO_DRIVE, no_drive_store

    s = no_drive_store()
    assert s.record("01", 80, 2, "L") and best(s, "01") == 80
    assert s.save() is False and s.message == MSG_NO_DRIVE and not s.can_save
    assert s.fs.disk == {} and total_stars(s) == 2


def test_the_drive_in_ram_keeps_fats_rule_and_saves_through_the_protocol():
    """MemFs refuses a rename onto a file that exists, as FAT does; a Store on it saves and loads again."""
    fs = MemFs({"/a": b"x", "/b": b"y"})
    with pytest.raises(OSError):
        fs.rename("/a", "/b")
    with pytest.raises(OSError):
        fs.open("/none", "rb")
    s = Store(PATH, fs)
    s.record("01", 70, 1)
    assert s.save() and s.save()  # the second save moves the first to .bak without a rename onto a file
    assert set(fs.disk) == {"/a", "/b", PATH, PATH + ".bak"}
    assert best(Store(PATH, fs), "01") == 70
