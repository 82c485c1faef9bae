"""A 2-D classifier's decision regions drawn by a fragment shader straight from its weights
(shaders/render/boundary.glsl). One program per network shape (hidden width, activation), made
once and kept.

The picture runs the network on a grid SAMPLE pixels apart (a small 8-bit texture: how sure the
network is, and the distance in pixels to the boundary's line, from the network's own
gradient), and a second pass shades every pixel from those two numbers, read with the texture
unit's bilinear filter: the network is smooth at that scale (a ReLU's kink rounds off inside
one cell), and the distance to a smooth line is close to linear across a cell, as in a font's
distance field. Running the network at every pixel of a 585-pixel plot cost llvmpipe about
6 ms on each epoch's frame; reading float samples and their derivatives at every pixel, a
third more than this. The samples are run when the frame is recorded, only when the weights
(or the view) differ from what their texture holds; the shading pass is the command the screen
replays. The hidden neurons' small pictures are one texture and one draw (draw_neurons).
raw=True (the numbers themselves, for tests) still runs the network at every pixel."""

from __future__ import annotations

import math

import moderngl
import numpy as np

from game.gpu.context import release
from game.render import theme
from game.render.shaders import load_program
from game.render.damage_clip import clip_to_damage
from game.window import screen_draw, screen_draw_clipped
from game.sim.nets import ACTIVATIONS, NetShape

MAX_PARAMS = 128
OUTPUT = -1
SAMPLE = 3.0     # target pixels between the network's samples (the shaded picture)
SAMPLE_UNIT = 2  # the texture unit the samples are read from
MAX_TILES = 32   # neurons in one draw_neurons (shaders/render/boundary.glsl)
MAX_SLOTS = 8    # sample textures kept (a layout's pictures)


def shape_defines(shape: NetShape) -> dict[str, str]:
    if shape.sizes[0] != 2 or shape.sizes[-1] != 2 or shape.n_layers not in (1, 2) or not shape.bias:
        raise ValueError(f"the boundary shader draws 2 inputs -> [one hidden layer] -> 2 classes, got {shape.sizes}")
    if shape.n_params > MAX_PARAMS:
        raise ValueError(f"the boundary shader holds {MAX_PARAMS} weights; this network has {shape.n_params}")
    hidden = shape.sizes[1] if shape.n_layers == 2 else 0
    return {"N_HID": str(hidden), "HIDDEN_ACT": str(ACTIVATIONS.index(shape.hidden)),
            "MAX_PARAMS": str(MAX_PARAMS)}


class BoundaryArt:
    """Draws the regions (neuron = OUTPUT) or one hidden neuron's firing into a rectangle, or
    every hidden neuron's into rectangles of one size (draw_neurons)."""

    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self._programs: dict[tuple, tuple[moderngl.Program, moderngl.VertexArray]] = {}
        self._set: dict[tuple, dict] = {}  # per program: the uniform values it holds now
        # per picture (its rectangles and first neuron): the samples' texture, framebuffer, and
        # the key of what they hold
        self._samples: dict[tuple, list] = {}

    def _program(self, shape: NetShape, shade: bool = False, neurons: bool = False):
        key = tuple(sorted(shape_defines(shape).items())) + ((("SHADE", "1"),) if shade else ()) \
            + ((("NEURONS", "1"),) if neurons else ())
        if key not in self._programs:
            program = load_program(self.ctx, "boundary", dict(key))
            self._programs[key] = (program, self.ctx.vertex_array(program, []))
            self._set[key] = {}
        return (*self._programs[key], self._set[key])

    def _values(self, program, shape, params, size, view, neuron, raw=0, alpha=1.0, colors=None) -> dict:
        colors = (theme.BLUE, theme.ORANGE) if colors is None else colors
        weights = np.zeros(MAX_PARAMS, dtype=np.float32)
        weights[: shape.n_params] = np.asarray(params, dtype=np.float32).reshape(-1)
        values = {"u_size": (float(size[0]), float(size[1])), "u_view": tuple(float(v) for v in view),
                  "u_neuron": int(neuron), "u_raw": int(raw), "u_color0": tuple(colors[0][:3]),
                  "u_color1": tuple(colors[1][:3]), "u_line": tuple(theme.INK[:3]), "u_alpha": float(alpha)}
        if "u_params" in program:  # the compiler keeps only the entries the network reads
            values["u_params"] = weights[: program["u_params"].array_length].tobytes()
        return values

    def draw(self, shape: NetShape, params: np.ndarray, rect, size, view, neuron: int = OUTPUT,
             raw: bool = False, alpha: float = 1.0, colors=None, sample: float = SAMPLE) -> None:
        """rect (x, y, w, h) in target pixels (y down); view (x_lo, y_lo, x_hi, y_hi) of the plane;
        colors: the two classes' colours (default: the theme's blue and orange as they are now);
        sample: pixels between the network's samples (raw: every pixel)."""
        rect = tuple(float(v) for v in rect)
        if raw:
            program, vao, held = self._program(shape)
            values = self._values(program, shape, params, size, view, neuron, 1, alpha, colors)
            values["u_rect"] = rect
            key = (program.glo, tuple(values.items()))
            screen_draw(self.ctx, rect, key, lambda: self._render(program, vao, held, values), opaque=True)
            return
        shade, key = self._shading(shape, params, [rect], size, view, neuron, alpha, colors, sample)
        screen_draw(self.ctx, rect, key, lambda: self._render(*shade), opaque=True)

    def draw_neurons(self, shape: NetShape, params: np.ndarray, rects, size, view, alpha: float = 1.0,
                     sample: float = SAMPLE) -> None:
        """Hidden neuron j's firing into rects[j] (all of one size), in one draw that clips itself
        to the screen's damage."""
        rects = [tuple(float(v) for v in rect) for rect in rects]
        if not rects:
            return
        if len(rects) > MAX_TILES:
            raise ValueError(f"the boundary shader draws {MAX_TILES} neurons at once, got {len(rects)}")
        shade, key = self._shading(shape, params, rects, size, view, 0, alpha, None, sample)
        program = shade[0]
        boxes = np.array([(x, y, x + w, y + h) for x, y, w, h in rects]).T

        def render(mask) -> None:
            clip_to_damage(self.ctx, mask)
            self._render(*shade)
            if mask is not None:
                clip_to_damage(self.ctx, None)

        screen_draw_clipped(self.ctx, boxes, key, render, opaque=True)  # blending off: every pixel of each picture set

    def _shading(self, shape, params, rects, size, view, neuron, alpha, colors, sample):
        """The network on a grid `sample` pixels apart over each rectangle (neuron + i for the
        i-th), run now into a texture unless it holds that already; then the shading pass's
        (program, vao, held uniforms, values, instances) and a key naming its picture."""
        n = len(rects)
        grid = (max(2, math.ceil(rects[0][2] / sample)), max(2, math.ceil(rects[0][3] / sample)))
        program, vao, held = self._program(shape)
        values = self._values(program, shape, params, (grid[0] * n, grid[1]), view, neuron, 2)
        values["u_rect"] = (0.0, 0.0, float(grid[0]), float(grid[1]))
        # the plane's units per screen pixel: the samples' distances to the line are in pixels
        values["u_pixel"] = (float(view[2] - view[0]) / rects[0][2], float(view[3] - view[1]) / rects[0][3])
        key = (program.glo, tuple(values.items()))
        slot = (tuple(rects), neuron)
        texture = self._sampled(slot, key, (grid[0] * n, grid[1]), (program, vao, held, values, n))
        shade_program, shade_vao, shade_held = self._program(shape, shade=True, neurons=neuron >= 0)
        corners = np.zeros((MAX_TILES, 4), dtype="f4")
        corners[:n] = rects
        shading = self._values(shade_program, shape, params, size, view, neuron, 0, alpha, colors)
        shading.update(u_rects=corners.tobytes(), u_grid=(float(grid[0]), float(grid[1])), u_samples=SAMPLE_UNIT)
        shade = (shade_program, shade_vao, shade_held, shading, n, texture)
        return shade, (key, shade_program.glo, tuple(shading.items()))

    def _sampled(self, slot, key, size, render) -> moderngl.Texture:
        """The samples' texture for `slot`, holding what `key` names (rendered now if not)."""
        entry = self._samples.get(slot)
        if entry is None or entry[0].size != size:
            if entry is not None:
                release(entry[1])
                release(entry[0])
            elif len(self._samples) >= MAX_SLOTS:  # pictures of an old layout
                for texture, fbo, _key in self._samples.values():
                    release(fbo)
                    release(texture)
                self._samples.clear()
            # how sure (or how strongly it fires) and the distance to the line, 8 bits each
            texture = self.ctx.texture(size, 4)
            texture.filter = (moderngl.LINEAR, moderngl.LINEAR)
            texture.repeat_x = texture.repeat_y = False
            entry = self._samples[slot] = [texture, self.ctx.framebuffer(color_attachments=[texture]), None]
        if entry[2] != key:
            # while the frame is recorded, before the screen is drawn: the screen's draws then
            # follow one another without a switch of framebuffer between them
            previous = self.ctx.fbo
            entry[1].use()
            self._render(*render)
            previous.use()
            entry[2] = key
        return entry[0]

    def _render(self, program, vao, held: dict, values: dict, instances: int = 1, texture=None) -> None:
        for name, value in values.items():  # a program keeps its uniforms: set only what changed
            if held.get(name) == value or name not in program:
                continue
            if isinstance(value, bytes):
                program[name].write(value)
            else:
                program[name].value = value
            held[name] = value
        if texture is not None:
            texture.use(SAMPLE_UNIT)
        self.ctx.disable(moderngl.BLEND)
        vao.render(moderngl.TRIANGLE_STRIP, vertices=4, instances=instances)
        self.ctx.enable(moderngl.BLEND)

    def release(self) -> None:
        for program, vao in self._programs.values():
            release(vao)
            release(program)
        for texture, fbo, _key in self._samples.values():
            release(fbo)
            release(texture)
        self._programs.clear()
        self._set.clear()
        self._samples.clear()
