"""The virtual Feather: clock, I2C bus with an LSM6DS and an SSD1306, buttons, settings, a CIRCUITPY folder.

The CircuitPython module shims (sim/twin/device/shims/) find the board through `current()` while a session runs.
"""

import os

from sim.twin.device.clock import CostModel, VirtualClock
from sim.twin.device.i2c import VirtualI2CBus
from sim.twin.device.lsm6ds import LSM6DSModel, Noise
from sim.twin.device.ssd1306 import SSD1306Model

_CURRENT = []
_HOST_TOP = frozenset(os.listdir("/"))  # the host's top folders: never device paths

# Buttons on the board itself that must never be held at reset (CircuitPython behaviour): on nRF52840
# Feathers SWITCH opens the UF2 bootloader, on ESP32-S3 Feathers BUTTON is GPIO0, the ROM boot-mode strap.
BOOT_BUTTONS = {"nrf52840": "SWITCH", "esp32s3": "BUTTON", "rp2040": "BUTTON"}
BOOTLOADER_AT_RESET = {"nrf52840": "SWITCH", "esp32s3": "BUTTON"}
# Free heap at the start of code.py (bytes), CircuitPython 9/10 figures.
FREE_HEAP = {"nrf52840": 137 * 1024, "rp2040": 140 * 1024, "esp32s3": 160 * 1024}
I2C_TIMEOUT_US = {"nrf52840": 1_000_000, "rp2040": 1_000_000, "esp32s3": 1_000_000}
NAMES = ("A", "B", "C")  # the FeatherWing's buttons D9, D6, D5
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
                 settings=None, root=None, cost=None, noise_seed=1, noise=True, kind="nrf52840",
                 oled_address=None, heap_bytes=None):
        self.clock = VirtualClock()
        self.cost = cost or CostModel()
        self.kind = kind
        # why the chip last reset and why code.py runs (microcontroller.cpu.reset_reason,
        # supervisor.runtime.run_reason): names of microcontroller.ResetReason / supervisor.RunReason
        self.reset_reason = "POWER_ON"
        self.run_reason = "STARTUP"
        self.nvm = bytearray(256)  # microcontroller.nvm: flash, kept through reloads, resets and power-offs
        self.bus = VirtualI2CBus(self.clock, self.cost, timeout_us=I2C_TIMEOUT_US.get(kind, 1_000_000))
        self.claims = {}  # pin name -> the object holding it (busio.I2C, DigitalInOut, keypad.Keys)
        self.heap_bytes = heap_bytes if heap_bytes is not None else FREE_HEAP.get(kind, 137 * 1024)
        self.heap = None  # the running program's heap (sim.twin.device.heap.Heap), set per start of code.py
        self.in_boot = False  # boot.py is running (storage.remount allowed)
        self.held_at_reset = set()  # pin names held down at the last hard reset
        self.boot_pins_read = []  # pin names boot.py claimed, over every boot of the session
        self.bootloader = False  # a reset with the bootloader button held: no boot.py, no code.py
        self.lib_mpy = True  # lib/bandlift installed as .mpy (README); False: as .py, compiled at import
        self.heap_fail_on = ()  # module names whose import runs out of memory (a fragmented heap)
        self.motion = motion
        self.imu = None
        self.imu_address = imu_address
        if imu_chip:
            self.imu = LSM6DSModel(self.clock, motion, imu_chip, Noise(noise_seed) if noise else None)
            self.bus.attach(imu_address, self.imu)
            self.imu.on_output_read = self._on_sample_read
            self.imu.on_fifo_status = self._on_fifo_status
        self.oled = None
        self.display = display
        self.fast_draw = True  # displayio draws through sim/twin/device/fastdraw.py (False: Blinka's own loops)
        if display:
            w, h = parse_size(display)
            self.oled = SSD1306Model(w, h)
            # the 128x32 FeatherWing answers at 0x3C; Adafruit's 128x64 breakouts at 0x3D (0x3C with the jumper)
            self.oled_address = oled_address or (0x3D if h == 64 else 0x3C)
            self.bus.attach(self.oled_address, self.oled)
        self.has_buttons = buttons
        self.settings = dict(settings or {})
        if display and "BANDLIFT_DISPLAY" not in self.settings:
            self.settings["BANDLIFT_DISPLAY"] = display
        self.root = root
        # CIRCUITPY is read-only to code.py (the computer owns it) unless boot.py remounted it
        self.readonly = True
        self.flash_us = 0  # time spent in flash writes
        self.schedule = []  # (press_ms, release_ms, button) on the twin's ms timeline
        self.live = [False, False, False]  # buttons held from the keyboard window
        self.serial = []  # lines the device printed
        self.sample_log = []  # (now_us, sample index) of every output read of a new sample
        self.dup_reads = 0  # output reads that got a sample already read
        self.missed = 0  # samples the device never read
        self.fed = 0  # samples the device's loop fed to its core (sim.twin.session.charge_calls counts them)
        self.fed_ticks = []  # the time (ticks ms) the loop gave each of them
        self._drained = None  # (last sample read from the FIFO, samples fed) when the device last began a drain
        self.rep_ends = 0  # core.feed calls that finished a rep (charged the rep end's stall)

    # -- buttons ------------------------------------------------------------------------------------
    def press(self, t_ms, button, long_press=False):
        """Schedule a press of button 0=A 1=B 2=C at t_ms (virtual ms since boot)."""
        hold = LONG_HOLD_MS if long_press else SHORT_HOLD_MS
        self.schedule.append((int(t_ms), int(t_ms) + hold, int(button)))

    def pin_down(self, name, t_ms):
        """A pin with a button on it reads pressed (held at reset, scheduled, or live)."""
        if name in ("D9", "D6", "D5"):
            return self.button_down(("D9", "D6", "D5").index(name), t_ms)
        return name in self.held_at_reset and t_ms < self.reset_hold_until

    reset_hold_until = 0

    # -- pins -----------------------------------------------------------------------------------------
    def claim(self, pin, owner):
        """Take a pin for owner, as CircuitPython does: ValueError "<pin> in use" when it is taken."""
        name = getattr(pin, "name", str(pin))
        if name in self.claims and self.claims[name] is not owner:
            raise ValueError("%s in use" % name)
        self.claims[name] = owner
        if self.in_boot:
            self.boot_pins_read.append(name)

    def release(self, owner):
        for name in [n for n, o in self.claims.items() if o is owner]:
            del self.claims[name]

    def soft_reload(self, keep=()):
        """CircuitPython's reload: every user object is deinitialised except what the displays hold. The
        chip was not reset (cpu.reset_reason stays), code.py runs again because a file was saved."""
        self.run_reason = "AUTO_RELOAD"
        for name in [n for n, o in self.claims.items() if not any(o is k for k in keep)]:
            del self.claims[name]

    def hard_reset(self, held=(), reason="RESET_PIN"):
        """A reset of the chip (a press of RESET, or reason "POWER_ON": power applied): pins free, the drive
        read-only to code until boot.py remounts it, buttons held."""
        self.reset_reason = reason
        self.run_reason = "STARTUP"
        self.claims.clear()
        self.readonly = True
        self.held_at_reset = set(held)
        self.reset_hold_until = self.clock.ms + 1500
        self.bootloader = BOOTLOADER_AT_RESET.get(self.kind) in self.held_at_reset
        # the OLED keeps its power (and its picture and set-up) through a press of RESET

    def button_down(self, i, t_ms):
        if ("D9", "D6", "D5")[i] in self.held_at_reset and t_ms < self.reset_hold_until:
            return True
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
    def _on_fifo_status(self):
        f = self.imu.fifo
        if f.samples_read and self.feed_counted:
            self._drained = (f.last_k, self.fed)
            if self._drained_first is None:
                self._drained_first = self._drained

    feed_counted = False  # the twin counts the loop's core.feed calls (set by sim.twin.session.charge_calls)
    _drained_first = None

    def samples_lost(self):
        """(made, lost): the samples the chip made from the first the loop read to the last, and how many of
        them never reached the core (made - fed). From the FIFO's reads when the device used it (IMU set-up
        reads the output registers too), counted at the last drain's start (every sample read before it was
        handled: a burst cut off by the session's end is not lost), else from every read."""
        f = self.imu.fifo if self.imu is not None else None
        if f is not None and f.samples_read and self._drained is not None:
            k0, fed0 = self._drained_first
            k1, fed1 = self._drained
            made = k1 - k0
            return made, max(0, made - (fed1 - fed0))
        if self.sample_log:
            made = self.sample_log[-1][1] - self.sample_log[0][1] + 1
        else:
            return 0, 0
        return made, max(0, made - self.fed)

    def _on_sample_read(self, k):
        if k < 0:
            return
        if self.sample_log and self.sample_log[-1][1] == k:
            self.dup_reads += 1
            return
        if self.sample_log and k > self.sample_log[-1][1] + 1:
            self.missed += k - self.sample_log[-1][1] - 1
        self.sample_log.append((self.clock.now_us, k))
