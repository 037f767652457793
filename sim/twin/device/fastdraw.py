"""Blinka displayio's drawing for a 1-bit display (the SSD1306), done on whole arrays with numpy.

Blinka draws each pixel of a refreshed area in Python: a TileGrid over a Bitmap with a Palette through
displayio._tilegrid._fill_pixels_packed, and every vectorio shape on a display of fewer than 8 bits through the
generic loop of _VectorShape._fill_area, with a Palette lookup per pixel. On the twin's OLED that was half of
a playtest's CPU. Here the same integer arithmetic runs on numpy arrays: the same pixels, the same mask bits,
the same return value, so Blinka's own area bookkeeping, layer order and bus traffic stay as they are.
Anything else (another depth, a dithered or subclassed palette, a shape other than vectorio.Rectangle, an
index beyond the palette) goes to Blinka's loop unchanged.

    with fast_drawing():       # what the twin's Sandbox does unless board.fast_draw is False
        display.refresh()

tests/test_twin_fastdraw.py runs Blinka's loops and these on the same inputs, and whole sessions and the doc
screens both ways, and compares the bits.
"""

import contextlib

import numpy as np

import busdisplay  # noqa: F401  (before displayio's core, which Blinka imports through it)
import displayio._tilegrid as _tilegrid
import vectorio._vectorshape as _vectorshape
from displayio._area import Area
from displayio._palette import Palette
from displayio._structs import InputPixelStruct, OutputPixelStruct
from vectorio import Rectangle

BLINKA_PACKED = _tilegrid._fill_pixels_packed
BLINKA_SHAPE_FILL = _vectorshape._VectorShape._fill_area
MIN_PIXELS = 16  # below this many pixels Blinka's loop is as quick as a dozen numpy calls


def _bits(buf):
    """A writable uint8 view of a buffer (Blinka's mask and pixel buffers are memoryviews of bytearrays)."""
    return np.frombuffer(buf, dtype=np.uint8)


def _set_bits(byte_view, positions):
    """Set bit (p % 8) of byte (p // 8) for each p (distinct positions), in place."""
    flat = np.unpackbits(byte_view, bitorder="little")
    flat[positions] = 1
    byte_view[:] = np.packbits(flat, bitorder="little")


def _test_bits(byte_view, positions):
    return np.unpackbits(byte_view, bitorder="little")[positions].astype(bool)


def _pack_index(offsets, pack):
    """Blinka's packed-buffer placement of pixel offsets: (bit positions in the buffer bytes)."""
    depth, per_byte, reverse, share_row, area_width = pack
    packed = offsets
    if not share_row:  # several rows share a byte (the SSD1306's pages): they share a column instead
        row = offsets // area_width
        col = offsets % area_width
        packed = col * per_byte + (row // per_byte) * per_byte * area_width + row % per_byte
    shift = (packed % per_byte) * depth
    if reverse:
        shift = (per_byte - 1) * depth - shift
    return (packed // per_byte) * 8 + shift


def fill_pixels_packed(buffer, mask, colors, opaque, geometry, tilegrid, bitmap, pack):
    """displayio._tilegrid._fill_pixels_packed on arrays, for a 1-bit display (same arguments and result)."""
    # pylint: disable=protected-access
    start_x, end_x, start_y, end_y = geometry[5:]
    if pack[0] != 1 or (end_x - start_x) * (end_y - start_y) < MIN_PIXELS or max(colors) > 1:
        return BLINKA_PACKED(buffer, mask, colors, opaque, geometry, tilegrid, bitmap, pack)
    start, x_stride, y_stride, x_shift, y_shift = geometry[:5]
    ys = np.arange(start_y, end_y)
    xs = np.arange(start_x, end_x)
    offsets = (start + (ys - start_y + y_shift) * y_stride)[:, None] + ((xs - start_x + x_shift) * x_stride)[None, :]
    mask_bytes = _bits(mask)
    free = ~_test_bits(mask_bytes, offsets)
    if not np.count_nonzero(free):
        return True

    scale = tilegrid._absolute_transform.scale
    tile_w, tile_h = tilegrid._tile_width, tilegrid._tile_height
    local_y = ys // scale
    local_x = xs // scale
    grid_row = ((local_y // tile_h + tilegrid._top_left_y) % tilegrid._height_in_tiles) * tilegrid._width_in_tiles
    grid_col = (local_x // tile_w + tilegrid._top_left_x) % tilegrid._width_in_tiles
    tile = np.frombuffer(tilegrid._tiles, dtype=np.uint8).astype(np.int64)[grid_row[:, None] + grid_col[None, :]]
    across = tilegrid._bitmap_width_in_tiles
    tile_x = (tile % across) * tile_w + (local_x % tile_w)[None, :]
    tile_y = (tile // across) * tile_h + (local_y % tile_h)[:, None]
    inside = (tile_x < bitmap._bmp_width) & (tile_y < bitmap._bmp_height)

    words = bitmap._data
    view = memoryview(words)
    bits = bitmap._bits_per_value
    if bits == 8:
        data = np.frombuffer(view.cast("B"), dtype=np.uint8)
        index = np.where(inside, tile_y * (bitmap._stride * view.itemsize) + tile_x, 0)
        pixel = np.where(inside, data[index], 0).astype(np.int64)
    else:
        data = np.frombuffer(view.cast("B"), dtype=np.uint64 if view.itemsize == 8 else np.uint32)
        index = np.where(inside, tile_y * bitmap._stride + (tile_x >> bitmap._x_shift), 0)
        shift = (32 - ((tile_x & bitmap._x_mask) + 1) * bits).astype(data.dtype)
        value = (data[index] >> shift) & data.dtype.type(bitmap._bitmask)
        pixel = np.where(inside, value, 0).astype(np.int64)

    is_opaque = np.frombuffer(opaque, dtype=np.uint8).astype(bool)[pixel]
    covered = not np.count_nonzero(free & ~is_opaque)
    draw = free & is_opaque
    if np.count_nonzero(draw):
        targets = offsets[draw]
        _set_bits(mask_bytes, targets)
        lit = np.asarray(colors, dtype=np.uint8)[pixel[draw]] == 1
        if np.count_nonzero(lit):
            _set_bits(_bits(buffer), _pack_index(targets[lit], pack))
    return covered


def _shape_coordinates(shape, xs, ys):
    """_VectorShape._screen_to_shape_coordinates for a row of screen x and a column of screen y."""
    # pylint: disable=protected-access
    t = shape._absolute_transform
    if t.transpose_xy:
        sx = (ys - t.y - t.dy * shape._x)[:, None]
        sy = (xs - t.x - t.dx * shape._y)[None, :]
        if t.dx < 1:
            sy = -sy - 1
        if t.dy < 1:
            sx = -sx - 1
    else:
        sx = (xs - t.x - t.dx * shape._x)[None, :]
        sy = (ys - t.y - t.dy * shape._y)[:, None]
        if t.dx < 1:
            sx = -sx - 1
        if t.dy < 1:
            sy = -sy - 1
    return sx, sy


def shape_fill_area(self, colorspace, area, mask, buffer):
    """vectorio's _VectorShape._fill_area on arrays, for a Rectangle with a Palette on a 1-bit display."""
    # pylint: disable=protected-access
    if self._hidden:
        return False
    cur = self._current_area  # most shapes miss most areas: that answer without making an Area
    if max(area.x1, cur.x1) >= min(area.x2, cur.x2) or max(area.y1, cur.y1) >= min(area.y2, cur.y2):
        return False
    overlap = Area()
    area.compute_overlap(cur, overlap)
    shader = self._pixel_shader
    index = self._color_index - 1
    if (colorspace.depth != 1 or type(self) is not Rectangle or type(shader) is not Palette or shader._dither
            or index >= len(shader._colors) or overlap.size() < MIN_PIXELS):
        return BLINKA_SHAPE_FILL(self, colorspace, area, mask, buffer)
    full_coverage = area == overlap
    stride = area.width()
    xs = np.arange(overlap.x1, overlap.x2)
    ys = np.arange(overlap.y1, overlap.y2)
    offsets = ((overlap.y1 - area.y1) + (ys - overlap.y1))[:, None] * stride + \
        ((overlap.x1 - area.x1) + (xs - overlap.x1))[None, :]
    mask_bytes = _bits(mask)
    free = ~_test_bits(mask_bytes, offsets)
    sx, sy = _shape_coordinates(self, xs, ys)
    inside = (sx >= 0) & (sx < self._width) & (sy >= 0) & (sy < self._height)
    if index < 0:  # colour index -1: _get_pixel gives 0, "not covered", everywhere
        inside = np.zeros_like(inside)
    draw = free & inside
    if np.count_nonzero(free & ~draw):
        full_coverage = False
    if not np.count_nonzero(draw):
        return full_coverage
    pixel_in = InputPixelStruct()
    pixel_out = OutputPixelStruct()
    pixel_in.pixel = index
    pixel_out.pixel = 0
    pixel_out.opaque = True
    shader._get_color(colorspace, pixel_in, pixel_out)  # once: a Rectangle has one colour
    if pixel_out.pixel > 1:  # not a 1-bit colour: Blinka's loop does what it does with it
        return BLINKA_SHAPE_FILL(self, colorspace, area, mask, buffer)
    if not pixel_out.opaque:
        full_coverage = False
    targets = offsets[draw]
    _set_bits(mask_bytes, targets)
    if pixel_out.opaque and pixel_out.pixel:
        _set_bits(_bits(buffer), _pack_index(targets, (1, 8, colorspace.reverse_pixels_in_byte,
                                                       colorspace.pixels_in_byte_share_row, stride)))
    return full_coverage


_depth = [0]  # nesting: a session inside a session keeps the fast path until the outer one ends


@contextlib.contextmanager
def fast_drawing():
    """Blinka draws through the functions above for as long as this is entered."""
    _depth[0] += 1
    _tilegrid._fill_pixels_packed = fill_pixels_packed
    _vectorshape._VectorShape._fill_area = shape_fill_area
    try:
        yield
    finally:
        _depth[0] -= 1
        if _depth[0] == 0:
            _tilegrid._fill_pixels_packed = BLINKA_PACKED
            _vectorshape._VectorShape._fill_area = BLINKA_SHAPE_FILL
