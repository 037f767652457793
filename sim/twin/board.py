"""The virtual Feather: clock, I2C bus with an LSM6DS and an SSD1306, buttons, settings, a CIRCUITPY folder.

The CircuitPython module shims (sim/twin/shims/) find the board through `current()` while a session runs.
"""

import os

from sim.twin.clock import CostModel, VirtualClock
from sim.twin.i2c import VirtualI2CBus
from sim.twin.lsm6ds import LSM6DSModel, Noise
from sim.twin.ssd1306 import SSD1306Model

_CURRENT = []
_HOST_TOP = frozenset(os.listdir("/"))  # the host's top folders: never device paths

LONG_HOLD_MS = 900  # how long a scheduled long press is held (the device calls >= 600 ms long)
SHORT_HOLD_MS = 120


def current():
    if not _CURRENT:
        raise RuntimeError("no virtual board is running (sim.twin shims used outside a session)")
    return _CURRENT[-1]


def parse_size(text):
    w, h = str(text).lower().split("x")
    return int(w), int(h)


class VirtualBoard:
    """One virtual Feather.

    motion: an object with imu(t_s) -> (ax, ay, az, gx, gy, gz). display: "128x32", "128x64" or None
    (no OLED on the bus). imu_chip: an LSM6DS chip name or None (no IMU). buttons: whether the board
    has the FeatherWing's D9/D6/D5. root: the CIRCUITPY folder on the host (device paths "/x" map there).
    """

    def __init__(self, motion, display="128x32", imu_chip="LSM6DS33", imu_address=0x6A, buttons=True,
                 settings=None, root=None, cost=None, noise_seed=1, noise=True):
        self.clock = VirtualClock()
        self.cost = cost or CostModel()
        self.bus = VirtualI2CBus(self.clock, self.cost)
        self.motion = motion
        self.imu = None
        self.imu_address = imu_address
        if imu_chip:
            self.imu = LSM6DSModel(self.clock, motion, imu_chip, Noise(noise_seed) if noise else None)
            self.bus.attach(imu_address, self.imu)
            self.imu.on_output_read = self._on_sample_read
        self.oled = None
        self.display = display
        if display:
            w, h = parse_size(display)
            self.oled = SSD1306Model(w, h)
            self.bus.attach(0x3C, self.oled)
        self.has_buttons = buttons
        self.settings = dict(settings or {})
        if display and "BANDLIFT_DISPLAY" not in self.settings:
            self.settings["BANDLIFT_DISPLAY"] = display
        self.root = root
        self.readonly = False
        self.schedule = []  # (press_ms, release_ms, button) on the twin's ms timeline
        self.live = [False, False, False]  # buttons held from the keyboard window
        self.serial = []  # lines the device printed
        self.sample_log = []  # (now_us, sample index) of every output read of a new sample
        self.dup_reads = 0  # output reads that got a sample already read
        self.missed = 0  # samples the device never read

    # -- buttons ------------------------------------------------------------------------------------
    def press(self, t_ms, button, long_press=False):
        """Schedule a press of button 0=A 1=B 2=C at t_ms (virtual ms since boot)."""
        hold = LONG_HOLD_MS if long_press else SHORT_HOLD_MS
        self.schedule.append((int(t_ms), int(t_ms) + hold, int(button)))

    def button_down(self, i, t_ms):
        if self.live[i]:
            return True
        for t0, t1, b in self.schedule:
            if b == i and t0 <= t_ms < t1:
                return True
        return False

    # -- files ----------------------------------------------------------------------------------------
    def map_path(self, path):
        """A device path ("/levels/x.json") as a host path under root; other paths unchanged."""
        if self.root is None or not isinstance(path, str) or not path.startswith("/"):
            return path
        if path.startswith(self.root):
            return path
        first = path[1:].split("/", 1)[0]
        if first and first in _HOST_TOP:
            return path  # a host path (fonts, site-packages...): the device has no such top folder
        return os.path.join(self.root, path[1:])

    def write_settings_toml(self):
        if self.root is None:
            return
        lines = []
        for k, v in sorted(self.settings.items()):
            lines.append('%s = %s' % (k, v if isinstance(v, int) else '"%s"' % v))
        with open(os.path.join(self.root, "settings.toml"), "w") as f:
            f.write("\n".join(lines) + "\n")

    # -- stats ------------------------------------------------------------------------------------------
    def _on_sample_read(self, k):
        if k < 0:
            return
        if self.sample_log and self.sample_log[-1][1] == k:
            self.dup_reads += 1
            return
        if self.sample_log and k > self.sample_log[-1][1] + 1:
            self.missed += k - self.sample_log[-1][1] - 1
        self.sample_log.append((self.clock.now_us, k))
        # the device now processes this sample (core.feed, game events): that takes interpreter time
        self.clock.advance(self.cost.sample_us)
