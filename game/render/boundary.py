"""A 2-D classifier's decision regions drawn by a fragment shader straight from its weights
(shaders/render/boundary.glsl): every pixel of the plot runs the network, every frame, at full
resolution. One program per network shape (hidden width, activation), made once and kept."""

from __future__ import annotations

import moderngl
import numpy as np

from game.gpu.context import release
from game.render import theme
from game.render.shaders import load_program
from game.window import screen_draw
from game.sim.nets import ACTIVATIONS, NetShape

MAX_PARAMS = 128
OUTPUT = -1


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

    def _program(self, shape: NetShape):
        key = tuple(sorted(shape_defines(shape).items()))
        if key not in self._programs:
            program = load_program(self.ctx, "boundary", dict(key))
            self._programs[key] = (program, self.ctx.vertex_array(program, []))
            self._set[key] = {}
        return (*self._programs[key], self._set[key])

    def draw(self, shape: NetShape, params: np.ndarray, rect, size, view, neuron: int = OUTPUT,
             raw: bool = False, alpha: float = 1.0, colors=None) -> None:
        """rect (x, y, w, h) in target pixels (y down); view (x_lo, y_lo, x_hi, y_hi) of the plane;
        colors: the two classes' colours (default: the theme's blue and orange as they are now)."""
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
        screen_draw(self.ctx, rect, key, lambda: self._render(program, vao, held, values), opaque=True)

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
        self._programs.clear()
        self._set.clear()
