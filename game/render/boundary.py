"""A 2-D classifier's decision regions drawn by a fragment shader straight from its weights
(shaders/render/boundary.glsl). One program per network shape (hidden width, activation), made
once and kept.

The picture runs the network on a grid SAMPLE pixels apart (a small float texture), and a
second pass shades every pixel from those numbers sampled bilinearly, the boundary's line from
their own derivatives: the network is smooth at that scale (a ReLU's kink rounds off inside one
cell), and running it at every pixel of a 585-pixel plot cost llvmpipe about 6 ms on each epoch's
frame. raw=True (the numbers themselves, for tests) still runs it at every pixel."""

from __future__ import annotations

import math

import moderngl
import numpy as np

from game.gpu.context import release
from game.render import theme
from game.render.shaders import load_program
from game.window import screen_draw
from game.sim.nets import ACTIVATIONS, NetShape

MAX_PARAMS = 128
OUTPUT = -1
SAMPLE = 3.0     # target pixels between the network's samples (the shaded picture)
SAMPLE_UNIT = 2  # the texture unit the samples are read from
GRID_COMPONENTS, GRID_DTYPE = 3, "f2"  # half floats (P - 0.5: fine near the boundary), cheaper to filter


def shape_defines(shape: NetShape) -> dict[str, str]:
    if shape.sizes[0] != 2 or shape.sizes[-1] != 2 or shape.n_layers not in (1, 2) or not shape.bias:
        raise ValueError(f"the boundary shader draws 2 inputs -> [one hidden layer] -> 2 classes, got {shape.sizes}")
    if shape.n_params > MAX_PARAMS:
        raise ValueError(f"the boundary shader holds {MAX_PARAMS} weights; this network has {shape.n_params}")
    hidden = shape.sizes[1] if shape.n_layers == 2 else 0
    return {"N_HID": str(hidden), "HIDDEN_ACT": str(ACTIVATIONS.index(shape.hidden)),
            "MAX_PARAMS": str(MAX_PARAMS)}


class BoundaryArt:
    """Draws the regions (neuron = OUTPUT) or one hidden neuron's firing into a rectangle."""

    def __init__(self, ctx: moderngl.Context) -> None:
        self.ctx = ctx
        self._programs: dict[tuple, tuple[moderngl.Program, moderngl.VertexArray]] = {}
        self._set: dict[tuple, dict] = {}  # per program: the uniform values it holds now
        self._grids: dict[tuple, tuple[moderngl.Texture, moderngl.Framebuffer]] = {}  # by size

    def _program(self, shape: NetShape, shade: bool = False):
        key = tuple(sorted(shape_defines(shape).items())) + ((("SHADE", "1"),) if shade else ())
        if key not in self._programs:
            program = load_program(self.ctx, "boundary", dict(key))
            self._programs[key] = (program, self.ctx.vertex_array(program, []))
            self._set[key] = {}
        return (*self._programs[key], self._set[key])

    def _grid(self, size: tuple[int, int]):
        """The samples' float texture of `size` and its framebuffer (one per size, kept)."""
        if size not in self._grids:
            texture = self.ctx.texture(size, GRID_COMPONENTS, dtype=GRID_DTYPE)
            texture.filter = (moderngl.LINEAR, moderngl.LINEAR)
            texture.repeat_x = texture.repeat_y = False
            self._grids[size] = (texture, self.ctx.framebuffer(color_attachments=[texture]))
        return self._grids[size]

    def draw(self, shape: NetShape, params: np.ndarray, rect, size, view, neuron: int = OUTPUT,
             raw: bool = False, alpha: float = 1.0, colors=None, sample: float = SAMPLE) -> None:
        """rect (x, y, w, h) in target pixels (y down); view (x_lo, y_lo, x_hi, y_hi) of the plane;
        colors: the two classes' colours (default: the theme's blue and orange as they are now);
        sample: pixels between the network's samples (raw: every pixel)."""
        colors = (theme.BLUE, theme.ORANGE) if colors is None else colors
        program, vao, held = self._program(shape)
        weights = np.zeros(MAX_PARAMS, dtype=np.float32)
        weights[: shape.n_params] = np.asarray(params, dtype=np.float32).reshape(-1)
        uniform = program["u_params"]  # the compiler keeps only the entries the network reads
        values = {"u_rect": tuple(float(v) for v in rect), "u_size": (float(size[0]), float(size[1])),
                  "u_view": tuple(float(v) for v in view), "u_neuron": int(neuron), "u_raw": int(raw),
                  "u_color0": tuple(colors[0][:3]), "u_color1": tuple(colors[1][:3]),
                  "u_line": tuple(theme.INK[:3]), "u_alpha": float(alpha)}
        values["u_params"] = weights[: uniform.array_length].tobytes()
        key = (program.glo, tuple(values.items()))
        if raw:
            screen_draw(self.ctx, rect, key, lambda: self._render(program, vao, held, values), opaque=True)
            return
        grid = (max(2, math.ceil(float(rect[2]) / sample)), max(2, math.ceil(float(rect[3]) / sample)))
        samples = dict(values, u_rect=(0.0, 0.0, float(grid[0]), float(grid[1])),
                       u_size=(float(grid[0]), float(grid[1])), u_raw=2)
        shade = self._program(shape, shade=True)
        shading = dict(values, u_samples=SAMPLE_UNIT)
        screen_draw(self.ctx, rect, (key, grid), lambda: self._render_sampled(program, vao, held, samples, grid,
                                                                             shade, shading), opaque=True)

    def _render_sampled(self, program, vao, held, samples, grid, shade, shading) -> None:
        """The network on the grid into its texture, then every pixel of the rectangle shaded."""
        texture, fbo = self._grid(grid)
        previous = self.ctx.fbo
        fbo.use()
        self._render(program, vao, held, samples)
        previous.use()
        texture.use(SAMPLE_UNIT)
        self._render(*shade, shading)

    def _render(self, program, vao, held: dict, values: dict) -> None:
        for name, value in values.items():  # a program keeps its uniforms: set only what changed
            if held.get(name) == value or name not in program:
                continue
            if name == "u_params":
                program[name].write(value)
            else:
                program[name].value = value
            held[name] = value
        self.ctx.disable(moderngl.BLEND)
        vao.render(moderngl.TRIANGLE_STRIP, vertices=4)
        self.ctx.enable(moderngl.BLEND)

    def release(self) -> None:
        for program, vao in self._programs.values():
            release(vao)
            release(program)
        for texture, fbo in self._grids.values():
            release(fbo)
            release(texture)
        self._programs.clear()
        self._set.clear()
        self._grids.clear()
