"""Fate maps as pictures: the colour of every cell, and a labelled picture (axes, ticks, legend,
title) drawn with pygame surfaces, for `downhill map --out x.png` and the in-game map view.

Colours follow the game's theme and never rest on red against green: settled cells are blue,
lighter the fewer steps they took; exploded cells are orange with dark diagonal stripes; cells
out of steps are a flat yellow. Stripes and lightness tell them apart without hue.
"""

from __future__ import annotations

import math

import numpy as np

from game.i18n import N_, _, number
from game.gpu.context import release
from game.sim.outcome import CONVERGED, DIVERGED, MAX_STEPS
from game.window import screen_draw

SETTLED_FAST = np.array([170, 232, 255], dtype=np.float64)   # few steps
SETTLED_SLOW = np.array([22, 62, 160], dtype=np.float64)     # many steps
# The category colours live in game.render.theme (FATE_*: default and colour-safe palettes);
# these module names keep the default for callers that import them.
EXPLODED = np.array([235, 120, 20], dtype=np.uint8)
EXPLODED_STRIPE = np.array([120, 62, 10], dtype=np.uint8)
OUT_OF_STEPS = np.array([255, 243, 160], dtype=np.uint8)
STRIPE_PERIOD = 8  # pixels
CLEARED_DOT = np.array([255, 255, 255], dtype=np.uint8)



def picture_colors() -> dict:
    """A saved picture's background, text and frame colours in the current look (the theme's
    high-contrast palette gives black, white and a bright frame), RGB 0..255."""
    from game.render import theme

    return {"background": tuple(theme.PICTURE_BG), "ink": theme.byte_rgb(theme.INK),
            "ink_dim": theme.byte_rgb(theme.INK_DIM), "frame": tuple(theme.PICTURE_FRAME)}


LABELS = {"eta": N_("learning rate η"), "mu": N_("momentum μ"), "x0": N_("start x0")}  # msgids
STATUS_WORDS = {CONVERGED: (N_("settled"), "converged"), DIVERGED: (N_("exploded"), "diverged"),
                MAX_STEPS: (N_("out of steps"), "max_steps")}  # (what a person reads, the status name)


def step_shade(steps: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """0 for the fastest settled cell, 1 for the slowest, on a log scale of steps."""
    steps = np.asarray(steps, dtype=np.float64)
    span = math.log1p(max(hi, lo)) - math.log1p(lo)
    if span <= 0:
        return np.zeros_like(steps)
    return np.clip((np.log1p(steps) - math.log1p(lo)) / span, 0.0, 1.0)


def fate_palette() -> dict:
    """The fate map's category colours in the current look (theme.FATE_*), RGB 0..255."""
    from game.render import theme

    return {"fast": np.array(theme.FATE_SETTLED_FAST, dtype=np.float64),
            "slow": np.array(theme.FATE_SETTLED_SLOW, dtype=np.float64),
            "exploded": np.array(theme.FATE_EXPLODED, dtype=np.uint8),
            "out_of_steps": np.array(theme.FATE_OUT_OF_STEPS, dtype=np.uint8)}


def settled_color(shade: np.ndarray) -> np.ndarray:
    colors = fate_palette()
    shade = np.asarray(shade, dtype=np.float64)[..., None]
    return np.rint(colors["fast"] * (1 - shade) + colors["slow"] * shade).astype(np.uint8)


def converged_step_range(status: np.ndarray, steps: np.ndarray) -> tuple[int, int] | None:
    settled = steps[status == CONVERGED]
    return (int(settled.min()), int(settled.max())) if settled.size else None


def fate_colors(status: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """RGB [ny, nx, 3] uint8, one colour per cell, rows as given (row 0 = first y value)."""
    status = np.asarray(status)
    rgb = np.empty(status.shape + (3,), dtype=np.uint8)
    colors = fate_palette()
    rgb[:] = colors["out_of_steps"]
    rgb[status == DIVERGED] = colors["exploded"]
    span = converged_step_range(status, np.asarray(steps))
    if span:
        settled = status == CONVERGED
        rgb[settled] = settled_color(step_shade(np.asarray(steps)[settled], *span))
    return rgb


def stripe_exploded(pixels: np.ndarray, exploded: np.ndarray) -> None:
    """Dark diagonal stripes over exploded pixels (pixels [h, w, 3], exploded [h, w] bool)."""
    h, w = exploded.shape
    rows, cols = np.indices((h, w))
    stripe = ((rows + cols) % STRIPE_PERIOD) < 2
    pixels[exploded & stripe] = EXPLODED_STRIPE


def map_pixels(status: np.ndarray, steps: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The map scaled to size (w, h) by nearest cell, as [w, h, 3] for pygame.surfarray,
    with y growing upwards (row 0 of the map at the bottom)."""
    w, h = size
    ny, nx = np.shape(status)
    cols = np.minimum((np.arange(w) * nx) // w, nx - 1)
    rows = np.minimum(((h - 1 - np.arange(h)) * ny) // h, ny - 1)
    colors = fate_colors(status, steps)[rows[:, None], cols[None, :]]
    exploded = (np.asarray(status) == DIVERGED)[rows[:, None], cols[None, :]]
    stripe_exploded(colors, exploded)
    return np.ascontiguousarray(colors.transpose(1, 0, 2))


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round numbers between lo and hi, about `count` of them."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo]
    raw = (hi - lo) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    value = first
    while value <= hi + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def tick_text(value: float) -> str:
    return number(value, ".4g")


def _font(size: int, bold: bool = False):
    import pygame.freetype

    from game.resources import asset_dir

    if not pygame.freetype.get_init():
        pygame.freetype.init()
    path = asset_dir() / "fonts" / ("Inter-Bold.otf" if bold else "Inter-Regular.otf")
    font = pygame.freetype.Font(str(path) if path.is_file() else None, size)
    font.antialiased = True
    return font


def draw_fate_picture(fate, title: str, subtitle: str = "", map_size: int = 512):
    """A pygame Surface: the map with axes, ticks, axis names, legend and title. No display needed."""
    import pygame

    title_font, text_font, small_font = _font(22, bold=True), _font(16), _font(14)
    left, top, right_panel, bottom = 90, 84 if subtitle else 60, 250, 70
    width, height = left + map_size + right_panel, top + map_size + bottom
    surface = pygame.Surface((width, height))
    surface.fill(picture_colors()["background"])

    title_font.render_to(surface, (left, 18), title, picture_colors()["ink"])
    if subtitle:
        text_font.render_to(surface, (left, 50), subtitle, picture_colors()["ink_dim"])

    status, steps = np.asarray(fate.status), np.asarray(fate.steps)
    picture = pygame.surfarray.make_surface(map_pixels(status, steps, (map_size, map_size)))
    surface.blit(picture, (left, top))
    pygame.draw.rect(surface, picture_colors()["frame"], (left - 1, top - 1, map_size + 2, map_size + 2), 1)

    xs, ys = np.asarray(fate.x_values, float), np.asarray(fate.y_values, float)
    _draw_axis_ticks(surface, small_font, xs, (left, top, map_size), horizontal=True)
    _draw_axis_ticks(surface, small_font, ys, (left, top, map_size), horizontal=False)
    x_label = _(LABELS.get(fate.x_name, fate.x_name))
    rect = text_font.get_rect(x_label)
    text_font.render_to(surface, (left + (map_size - rect.width) // 2, top + map_size + 40), x_label, picture_colors()["ink"])
    y_label = text_font.render(_(LABELS.get(fate.y_name, fate.y_name)), picture_colors()["ink"])[0]
    y_label = pygame.transform.rotate(y_label, 90)
    surface.blit(y_label, (14, top + (map_size - y_label.get_height()) // 2))

    _draw_legend(surface, text_font, small_font, status, steps, (left + map_size + 24, top))
    return surface


def _axis_position(values: np.ndarray, value: float, length: int) -> float | None:
    """Pixel offset of `value` along an axis whose cells are centred on `values`."""
    if values.size == 1:
        return length / 2 if math.isclose(value, values[0]) else None
    lo, hi = float(values[0]), float(values[-1])
    cell = (hi - lo) / (values.size - 1)
    start, end = lo - cell / 2, hi + cell / 2
    if not start <= value <= end:
        return None
    return (value - start) / (end - start) * length


def _draw_axis_ticks(surface, font, values, frame, horizontal: bool) -> None:
    import pygame

    left, top, size = frame
    if values.size == 0:
        return
    for value in nice_ticks(float(values.min()), float(values.max())):
        offset = _axis_position(values, value, size)
        if offset is None:
            continue
        text = tick_text(value)
        rect = font.get_rect(text)
        if horizontal:
            x = left + offset
            pygame.draw.line(surface, picture_colors()["frame"], (x, top + size), (x, top + size + 6))
            font.render_to(surface, (x - rect.width / 2, top + size + 12), text, picture_colors()["ink_dim"])
        else:
            y = top + size - offset
            pygame.draw.line(surface, picture_colors()["frame"], (left - 6, y), (left, y))
            font.render_to(surface, (left - 10 - rect.width, y - rect.height / 2), text, picture_colors()["ink_dim"])


def _draw_legend(surface, font, small_font, status, steps, origin) -> None:
    import pygame

    x, y = origin
    swatch = 22
    counts = {code: int(np.count_nonzero(status == code)) for code in STATUS_WORDS}
    total = max(status.size, 1)
    font.render_to(surface, (x, y), _("What happened"), picture_colors()["ink"])
    y += 30
    span = converged_step_range(status, steps)
    entries = [
        (CONVERGED, settled_color(np.array([0.5]))[0]),
        (DIVERGED, fate_palette()["exploded"]),
        (MAX_STEPS, fate_palette()["out_of_steps"]),
    ]
    for code, color in entries:
        patch = np.empty((swatch, swatch, 3), dtype=np.uint8)
        patch[:] = color
        if code == DIVERGED:
            stripe_exploded(patch, np.ones((swatch, swatch), dtype=bool))
        surface.blit(pygame.surfarray.make_surface(patch), (x, y))
        pygame.draw.rect(surface, picture_colors()["frame"], (x, y, swatch, swatch), 1)
        word, status_name = STATUS_WORDS[code]
        font.render_to(surface, (x + swatch + 10, y + 3), _(word).capitalize(), picture_colors()["ink"])
        share = _("{share} of cells   ({status})").format(share=number(counts[code] / total, ".1%"), status=status_name)
        small_font.render_to(surface, (x + swatch + 10, y + 23), share, picture_colors()["ink_dim"])
        y += 56

    y += 8
    font.render_to(surface, (x, y), _("Steps to settle"), picture_colors()["ink"])
    y += 26
    bar_w, bar_h = 160, 16
    shades = np.linspace(0.0, 1.0, bar_w)
    bar = np.repeat(settled_color(shades)[:, None, :], bar_h, axis=1)
    surface.blit(pygame.surfarray.make_surface(np.ascontiguousarray(bar)), (x, y))
    pygame.draw.rect(surface, picture_colors()["frame"], (x, y, bar_w, bar_h), 1)
    if span:
        lo, hi = span
        middle = int(round(math.expm1((math.log1p(lo) + math.log1p(hi)) / 2)))
        labels = [(0, str(lo)), (bar_w // 2, str(middle)), (bar_w, str(hi))]
    else:
        labels = [(0, _("none settled"))]
    for offset, text in labels:
        rect = small_font.get_rect(text)
        px = min(max(x + offset - rect.width / 2, x), x + bar_w - rect.width) if offset else x
        small_font.render_to(surface, (px, y + bar_h + 6), text, picture_colors()["ink_dim"])
    small_font.render_to(surface, (x, y + bar_h + 26), _("lighter = fewer steps (log scale)"), picture_colors()["ink_dim"])


class HeatmapArt:
    """A fate map on the GPU for the in-game map view: one texture, one rectangle. Made once per
    view; `upload` when the map changes, `draw` every frame."""

    def __init__(self, ctx) -> None:
        from game.render.shaders import load_program

        self.ctx = ctx
        self.program = load_program(ctx, "heatmap")
        self.vao = ctx.vertex_array(self.program, [])
        self.texture = None
        self.version = 0  # counts uploads: what the texture shows
        self.program["u_map"].value = 0
        self.program["u_stripe_color"].value = tuple(EXPLODED_STRIPE / 255.0)
        self.program["u_dot_color"].value = tuple(CLEARED_DOT / 255.0)

    def upload(self, status: np.ndarray, steps: np.ndarray, cleared: np.ndarray | None = None) -> None:
        """New map; `cleared` (bool [ny, nx]) marks cells whose run clears the level (dots)."""
        import moderngl

        ny, nx = np.shape(status)
        rgba = np.empty((ny, nx, 4), dtype=np.uint8)
        rgba[..., :3] = fate_colors(status, steps)
        marks = np.zeros((ny, nx), dtype=np.uint8)
        if cleared is not None:
            marks[np.asarray(cleared, dtype=bool)] = 128
        marks[np.asarray(status) == DIVERGED] = 255
        rgba[..., 3] = marks
        if self.texture is None or self.texture.size != (nx, ny):
            if self.texture is not None:
                release(self.texture)
            self.texture = self.ctx.texture((nx, ny), 4)
            self.texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
            self.texture.repeat_x = self.texture.repeat_y = False
        self.texture.write(np.ascontiguousarray(rgba).tobytes())
        self.version += 1

    def draw(self, rect, size, stripe: float = STRIPE_PERIOD) -> None:
        import moderngl

        if self.texture is None:
            return
        rect = tuple(float(v) for v in rect)
        size = (float(size[0]), float(size[1]))
        texture = self.texture

        def draw():
            self.ctx.disable(moderngl.BLEND)
            texture.use(0)
            self.program["u_rect"].value = rect
            self.program["u_size"].value = size
            self.program["u_stripe"].value = float(stripe)
            self.vao.render(moderngl.TRIANGLE_STRIP, vertices=4)
            self.ctx.enable(moderngl.BLEND)

        screen_draw(self.ctx, rect, (id(texture), self.version, size, float(stripe)), draw, opaque=True)

    def release(self) -> None:
        if self.texture is not None:
            release(self.texture)
        release(self.vao)
        release(self.program)
