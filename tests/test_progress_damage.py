"""Progress saves that cannot be read or written as they were: a damaged save set aside (or the backup taken) and
play going on, hand-edited nonsense dropped, a read-only or full drive, saves too big to load again, a folder where
the save should be, no drive at all, and the drive in RAM's rules."""

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
from bandlift.progress.memfs import MemFs
from tests.test_progress import NEW, OLD, PATH, FakeFs, best, progress_after, saved_disk, total_stars


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
