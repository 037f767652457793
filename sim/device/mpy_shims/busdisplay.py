# Stand-in for CircuitPython's busdisplay.BusDisplay (C; the display object lives outside the heap): it sends
# the init sequence to the panel and, on refresh(), costs a frame's bus time. Nothing is rendered (the C code
# renders into a buffer outside the heap on the board, so the picture costs the program no heap).
from devworld import WORLD


class BusDisplay:
    def __init__(self, display_bus, init_sequence, width=128, height=32, colstart=0, rowstart=0, rotation=0,
                 color_depth=1, grayscale=False, pixels_in_byte_share_row=True, bytes_per_cell=1,
                 reverse_pixels_in_byte=False, reverse_bytes_in_word=True, set_column_command=0x2A,
                 set_row_command=0x2B, write_ram_command=0x2C, set_vertical_scroll=0, backlight_pin=None,
                 brightness_command=None, brightness=1.0, single_byte_bounds=False, data_as_commands=False,
                 auto_refresh=True, native_frames_per_second=60, backlight_on_high=True, SH1107_addressing=False,
                 set_vertical_scroll_command=None):
        self.bus = display_bus
        self.width = width
        self.height = height
        self.rotation = rotation
        self.auto_refresh = auto_refresh
        self.brightness = brightness
        self.root_group = None
        i = 0
        n = len(init_sequence)
        while i + 1 < n:  # command, length byte (bit 7: a delay byte follows), data
            cmd = init_sequence[i]
            ln = init_sequence[i + 1] & 0x7F
            delay = init_sequence[i + 1] & 0x80
            display_bus.send(cmd, init_sequence[i + 2:i + 2 + ln])
            i += 2 + ln + (1 if delay else 0)
        WORLD.oled_display = self

    def refresh(self, target_frames_per_second=60, minimum_frames_per_second=0):
        # the changed area is not tracked: every refresh costs a full frame (an upper bound on bus time)
        n = self.width * self.height // 8
        WORLD.refreshes += 1
        WORLD.refresh_bytes += n
        WORLD.bus_time(n + 6)
        return True
