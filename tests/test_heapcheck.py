"""sim/device/heapcheck.py's clone copies: the tracked files and this tree's lib/ at a folder whose path has the
length asked for (the 64-bit port's layout moves with it), so a device change is checked as a fresh clone runs it."""

import os
import shutil

from sim.device import heapcheck


def test_a_clone_copy_holds_the_tracked_files_and_this_lib_at_the_path_length_asked_for():
    for n in (40, 66):
        top, repo = heapcheck.clone_copy(n)
        try:
            assert len(repo) == n
            wanted = ("code.py", "lib/bandlift/motion/core.py", "lib/bandlift/motion/scale.py") + heapcheck.CLONE_TESTS
            for rel in wanted:
                assert os.path.isfile(os.path.join(repo, rel)), rel
            assert not any("__pycache__" in d for d, _, _ in os.walk(os.path.join(repo, "lib")))
        finally:
            shutil.rmtree(top)
        assert not os.path.exists(top)
