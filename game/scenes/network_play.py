"""The play scene for network levels: the player's η, μ and optimizer in, a live network out.

One Train Step is four phases (seed 000, seed 001 sec. 4): the signal goes forward, the loss
flashes, gradient arrows appear on every weight, the weights shift. The network updates only
as the fourth phase begins; the view interpolates the weights during it. On the calculus level
each press lights one phase (the player clicks through them); elsewhere one press plays all
four. Each level's picture is a view in game/render/network_<preset>.py.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pygame

from game.i18n import N_
from game.render import theme
from game.render.level_view import PHASES
from game.scenes.level_play import LevelPlayScene
from game.sim.optim import title
from game.sim.nets_presets import build_task
from game.sim.families import family_of
from game.sim.families.network import INPUT_RANGE, level_rules, level_task
from game.sim.nets_train import NetTrainer
from game.sim.nets import ACTIVATIONS
from game.sim.wiggle import span_around, wiggle
from game.ui.button import Button
from game.ui.events import PAD_LB, PAD_RB, Key, Pad, Pointer
from game.ui.slider import Slider

PHASE_SECONDS = {"forward": 0.35, "loss": 0.2, "gradient": 0.3, "update": 0.3}  # at speed x1
TRAIN_PACE = 0.3  # while Train runs, a step's phases take this share of those: ~3 steps a second at x1
PRESS_PACE = 2.2  # the calculus level's one phase per press is shown slower
GLIDE_STEP = 1.0 / 30.0  # seconds between a layer's steps in the update's glide (layer_glide)
SHORT_NAMES = {"gd": N_("Plain GD")}  # when the level's own buttons share the row
BUILD_PRESETS = ("neuron",)  # presets whose own buttons open the build-your-network card (_preset_controls)
PHASE_PER_PRESS = ("calculus",)  # presets where each Step press lights the next phase; four make a step
# the landscape's camera: keys that turn it (degrees of yaw, pitch) and degrees per dragged pixel
TURN_KEYS = {pygame.K_COMMA: (-12.0, 0.0), pygame.K_PERIOD: (12.0, 0.0),
             pygame.K_PAGEUP: (0.0, 8.0), pygame.K_PAGEDOWN: (0.0, -8.0)}
DRAG_DEGREES = 0.35
# the wiggle of one weight (seed 001 sec. 3): W picks the next line (Shift+W the one before),
# the arrows move it, a drag up/down on its line moves it this much per pixel (at 720p)
WIGGLE_KEY = pygame.K_w
NUDGE, FINE_NUDGE = 0.05, 0.01
WEIGHT_PER_PIXEL = 0.01
NUDGE_KEYS = {pygame.K_RIGHT: 1.0, pygame.K_UP: 1.0, pygame.K_LEFT: -1.0, pygame.K_DOWN: -1.0}


def view_for(preset: str):
    from game.render.network_backprop import BackpropView
    from game.render.network_calculus import CalculusView
    from game.render.network_landscape import LandscapeView
    from game.render.network_neuron import NeuronView
    from game.render.network_paris import ParisView

    return {"calculus": CalculusView, "neuron": NeuronView, "backprop": BackpropView,
            "paris": ParisView, "landscape": LandscapeView}[preset]


class NetworkScene(LevelPlayScene):
    steps_in_phases = True
    name = "network"
    step_label, step_keys = N_("Train Step"), (pygame.K_t, pygame.K_s)
    play_label = N_("Train")

    def __init__(self, app, level) -> None:
        super().__init__(app, level)
        self.preset = level.network.preset
        self.config_changes: dict = {}  # the player's own picks inside the preset (the activation)
        self.task = level_task(level)
        self.rules = level_rules(level, self.task)
        self.family = family_of(level)
        self.find_par(self.family)  # in the background where the search is slow (classifiers)
        defaults = self.family.level_params(level)
        self.params = {"eta": defaults.eta, "mu": defaults.mu, "optimizer": defaults.optimizer}
        self.phase: int | None = None  # index into PHASES while a step is shown
        self.phase_t = 0.0  # 0..1 through the phase
        self.holding = False  # calculus: the phase is done, waiting for the next press
        self.before: np.ndarray | None = None  # weights as the update phase began
        self.step_grad: np.ndarray | None = None  # the gradient the shown step uses
        self.loss_flash = 0.0
        self.mouse = (-1.0, -1.0)
        self.phase_per_press = self.preset in PHASE_PER_PRESS
        self.dragging: tuple[float, float] | None = None  # the landscape: orbiting by drag
        # the wiggle: the picked weight (an index into the params), the range its curve shows,
        # what the pointer holds, and the network's start when the player has moved weights by hand
        self.picked: int | None = None
        self.wiggle_span: tuple[float, float] | None = None
        self.grabbed: tuple | None = None
        self.hand_start: np.ndarray | None = None
        self._wiggle_cache: tuple | None = None
        self.view = view_for(self.preset)(app.ctx, self)
        own_sliders, self.extra_buttons = self._preset_controls()
        self._build_shared_controls(own_sliders, [button for button, _ in self.extra_buttons])
        if self.preset == "neuron":
            self.slider_keys[pygame.K_i] = self.input_slider  # I: focus the input, arrows change it
        self.reset()

    # --- the presets' own controls (the views only draw them) ------------------------------

    def _preset_controls(self) -> tuple[list, list]:
        """(sliders, [(Button, pygame key)]) of the preset, shown after the standard controls."""
        sliders, buttons = [], []
        if self.preset == "neuron":
            self.activation_button = Button(f"f = {self.task.shape.output}", self.next_activation, hint="A",
                                            accent="VIOLET")
            self.build_button = Button(N_("Build"), self.open_build, hint="B", accent="BLUE")
            buttons = [(self.activation_button, pygame.K_a), (self.build_button, pygame.K_b)]
            # seed 002's Interactive 1: the player sets the input and watches the neuron transform it
            self.input_slider = Slider(N_("x  input"), float(self.task.x[0, 0]), *INPUT_RANGE,
                                       on_change=self.set_input, color="INK_DIM", fmt="{:.2f}", hint="I")
            sliders = [self.input_slider]
        if self.preset == "paris":
            self.confidence = Slider(N_("p  confidence"), 0.10, 0.01, 1.0, color="ORANGE", fmt="{:.2f}")
            sliders = [self.confidence]
            # seed 001 sec. 1: watch the signal go forward, layer by layer, without learning anything
            self.forward_button = Button(N_("Forward pass"), self.run_forward, hint="F", accent="INK_DIM")
            buttons = [(self.forward_button, pygame.K_f)]
        return sliders, buttons

    def next_activation(self) -> None:
        """The neuron's activation button: the next one the level allows, and a new network."""
        allowed = [a for a in self.task.options.get("activations", ACTIVATIONS) if a in ACTIVATIONS] \
            or list(ACTIVATIONS)
        current = self.task.shape.output
        nxt = allowed[(allowed.index(current) + 1) % len(allowed)] if current in allowed else allowed[0]
        self.change_config(activation=nxt)
        self.activation_button.label = f"f = {nxt}"

    def set_input(self, value: float) -> None:
        """The neuron's input slider: a new input (the run starts again with it)."""
        if math.isfinite(value):
            self.change_config(inputs=[round(float(value), 2)])

    def open_build(self) -> None:
        from game.scenes.network_build import BuildScene

        self.running = False
        self.app.stack.push(BuildScene(self.app))

    def _turn_keys(self) -> dict:
        """The landscape's keys that orbit its camera."""
        camera = getattr(getattr(self.view, "art", None), "camera", None)
        if camera is None:
            return {}
        return {key: (lambda turn=turn: camera.turn(*turn)) for key, turn in TURN_KEYS.items()}

    def _orbit(self, event: Pointer) -> bool:
        """Drag on the landscape's surface to orbit it."""
        rect = getattr(self.view, "surface_rect", None)
        if rect is None:
            return False
        x, y, w, h = rect
        if event.kind == "down" and x <= event.x <= x + w and y <= event.y <= y + h:
            self.dragging = (event.x, event.y)
            return True
        if event.kind == "move" and self.dragging is not None:
            px, py = self.dragging
            self.view.art.camera.turn(-(event.x - px) * DRAG_DEGREES, (event.y - py) * DRAG_DEGREES)
            self.dragging = (event.x, event.y)
            return True
        if event.kind == "up" and self.dragging is not None:
            self.dragging = None
            return True
        return False

    # --- the wiggle of one weight (seed 001 sec. 3) ------------------------------------------
    # Releasing keeps the weight where the player left it: it is their experiment, and the
    # network (its output, its loss) shows what it did. A network with weights moved by hand
    # is a practice run: training goes on from it, but it earns no stars (judge). Reset (R)
    # puts the level's own weights back.

    @classmethod
    def extra_states(cls, level) -> tuple[str, ...]:
        states = ("wiggle",) if level_task(level).basis is None else ()  # the landscape has no lines to pick
        return states + (("build",) if level.network.preset in BUILD_PRESETS else ())

    def enter_state(self, name: str) -> None:
        if name == "wiggle":  # the first weight picked and moved by hand (seed 001 sec. 3)
            self.cycle_weight()
            if self.picked is not None:
                self.set_weight(float(self.trainer.params[self.picked]) + 0.5)
        elif name == "build":
            self.open_build()
        else:
            super().enter_state(name)

    def wiggle_lines(self) -> list[int]:
        """The weights that can be picked, in the view's order (none on the landscape)."""
        if self.task.basis is not None:
            return []
        return [index for index, *_rest in self.view.weight_lines()]

    def pick_weight(self, index: int | None) -> None:
        """Pick one weight to wiggle (None: put the wiggle away). Training pauses; a step being
        shown finishes at once, so the weight picked is the network's own."""
        self.running = False
        if self.forward_only:
            self._drop_forward_pass()
        elif self.phase is not None and index is not None:
            self._complete_step()
        self.picked = index
        self.grabbed = None
        self.wiggle_span = None if index is None else span_around(float(self.trainer.params[index]))
        self._wiggle_cache = None

    def cycle_weight(self, direction: int = 1) -> None:
        """W: the next weight's line (Shift+W: the one before); past the last, the wiggle closes."""
        order = self.wiggle_lines()
        if not order:
            return
        if self.picked not in order:
            self.pick_weight(order[0] if direction > 0 else order[-1])
        else:
            k = order.index(self.picked) + direction
            self.pick_weight(order[k] if 0 <= k < len(order) else None)
        self.focus.ring_visible = False  # the arrows now move the weight

    def set_weight(self, value: float) -> None:
        """The picked weight to `value` (inside its range), every other weight as it is now: the
        network starts again from there, a practice run (the player's own weights)."""
        if self.picked is None or not math.isfinite(value):
            return
        lo, hi = self.wiggle_span
        params = self.trainer.params.copy()
        value = min(hi, max(lo, float(value)))
        if params[self.picked] == value:
            return
        params[self.picked] = value
        self.hand_start = params
        self.reset()

    def restart(self) -> None:
        """Reset (R): the level's own weights back, and a fresh run from them."""
        self.hand_start = None
        self.reset()

    def current_wiggle(self):
        """The wiggle of the picked weight now (game/sim/wiggle.py), or None; kept until the
        network, the weight or η changes."""
        if self.picked is None:
            return None
        params = self.trainer.params
        w = float(params[self.picked])
        if self.wiggle_span is None or (math.isfinite(w) and not self.wiggle_span[0] <= w <= self.wiggle_span[1]):
            self.wiggle_span = span_around(w)  # training took it off the range: centre it again
        key = (id(self.trainer), self.trainer.t, self.picked, self.wiggle_span, self.params["eta"])
        if self._wiggle_cache is None or self._wiggle_cache[0] != key:
            # the ghost is the level's own next step (its optimizer, velocity and moments), not a plain one
            self._wiggle_cache = (key, wiggle(self.task, params, self.picked, self.params["eta"], self.wiggle_span,
                                              self.trainer.peek(), self.params["optimizer"]))
        return self._wiggle_cache[1]

    def _wiggle_key(self, event: Key) -> bool:
        if event.key == WIGGLE_KEY and self.wiggle_lines():
            self.cycle_weight(-1 if event.shift else 1)
            return True
        if self.picked is not None and event.key in NUDGE_KEYS and not self.focus.ring_visible:
            step = FINE_NUDGE if event.shift else NUDGE
            self.set_weight(float(self.trainer.params[self.picked]) + NUDGE_KEYS[event.key] * step)
            return True
        return False

    def _wiggle_pad(self, event: Pad) -> bool:
        """The pad's shoulders pick the next (RB) or previous (LB) line, as W and Shift+W do; with
        a weight picked, the D-pad's up/down moves it, as the arrow keys do."""
        if event.kind == "button" and event.index in (PAD_LB, PAD_RB) and self.wiggle_lines():
            self.cycle_weight(1 if event.index == PAD_RB else -1)
            return True
        if event.kind == "hat" and self.picked is not None and event.hat[1] != 0:
            self.set_weight(float(self.trainer.params[self.picked]) + event.hat[1] * NUDGE)
            return True
        return False

    def _wiggle_pointer(self, event: Pointer) -> bool:
        """Click a line to pick its weight and drag up/down to move it; drag along the wiggle's
        curve to put the weight under the pointer; a click beside the lines puts it away."""
        frame = getattr(self.view, "wiggle_frame", None)
        if event.kind == "down":
            if self.picked is not None and frame is not None and _inside(frame.rect, event.x, event.y, 10 * self.ui_s):
                self.grabbed = ("curve",)
                self.set_weight(frame.world_x(event.x))
                return True
            index = self.view.weight_at(event.x, event.y) if self.wiggle_lines() else None
            if index is not None:
                if index != self.picked:
                    self.pick_weight(index)
                self.grabbed = ("line", event.y, float(self.trainer.params[index]))
                return True
            if self.picked is not None and _inside(self.view.main_rect, event.x, event.y):
                self.pick_weight(None)
                return True
            return False
        if self.grabbed is None:
            return False
        if event.kind == "move":
            if self.grabbed[0] == "curve" and frame is not None:
                self.set_weight(frame.world_x(event.x))
            elif self.grabbed[0] == "line":
                _kind, y0, w0 = self.grabbed
                per_pixel = WEIGHT_PER_PIXEL * (0.2 if event.fine else 1.0) / self.ui_s
                self.set_weight(w0 + (y0 - event.y) * per_pixel)
            return True
        if event.kind == "up":
            self.grabbed = None  # the weight stays where it was let go
            return True
        return False

    @property
    def ui_s(self) -> float:
        return getattr(self.view, "s", 1.0)

    def back(self) -> None:
        """Esc: put the wiggle away first; then leave the level."""
        if self.picked is not None:
            self.pick_weight(None)
        else:
            super().back()

    def handle(self, event) -> bool:
        if isinstance(event, Key) and self._wiggle_key(event):
            return True
        if isinstance(event, Pad) and self._wiggle_pad(event):
            return True
        return super().handle(event)

    # --- parameters ----------------------------------------------------------------------

    def _optimizer_label(self) -> str:
        name = self.params["optimizer"]
        if self.extra_buttons:
            return SHORT_NAMES.get(name, title(name))
        return super()._optimizer_label()

    def own_shortcuts(self) -> dict:
        return {**self._turn_keys(), **{key: button.activate for button, key in self.extra_buttons}}

    def change_config(self, **changes) -> None:
        """The player's pick inside the preset (the neuron's activation): a new network."""
        self.config_changes.update(changes)
        config = {**dict(self.level.network.config), **self.config_changes}
        self.task = build_task(self.preset, config)
        self.rules = level_rules(self.level, self.task)
        self.reset()

    # --- training ------------------------------------------------------------------------

    def reset(self) -> None:
        super().reset()
        p = self.params
        start = self.hand_start if self.hand_start is not None and self.hand_start.shape == self.task.start.shape \
            else None
        self.trainer = NetTrainer(self.task, p["optimizer"], p["eta"], p["mu"], self.level.max_steps, self.rules,
                                  start=start)
        self._wiggle_cache = None
        self.phase = None
        self.phase_t = 0.0
        self.holding = False
        self.forward_only = False
        self.before = None
        self.step_grad = None
        self.loss_flash = 0.0
        self.view.reset()

    @property
    def done(self) -> bool:
        return self.trainer.done

    @property
    def phase_name(self) -> str | None:
        return None if self.phase is None else PHASES[self.phase]

    def on_play(self) -> None:
        self._drop_forward_pass()
        if self.phase is None:
            self._begin_step()

    def step_once(self) -> None:
        """The Train Step button (T): one step, or on the calculus level the next phase."""
        if self.trainer.done:
            return
        self.running = False
        self._drop_forward_pass()
        if self.phase_per_press:  # each press lights the next phase; four make an epoch
            if self.phase is None:
                self._begin_step()
            elif PHASES[self.phase] == "update":
                self._end_step()
                if not self.trainer.done:
                    self._begin_step()
            else:
                self._next_phase()
            return
        if self.phase is not None:
            self._complete_step()  # a press during the animation finishes it at once
            if self.trainer.done:
                return
        self._begin_step()

    def _drop_forward_pass(self) -> None:
        """A training step asked for while a lone forward pass plays: the pass stops there."""
        if self.forward_only:
            self.forward_only = False
            self.phase = None
            self.phase_t = 0.0

    def _begin_step(self) -> None:
        self.forward_only = False
        self.phase = 0
        self.phase_t = 0.0
        self.holding = False
        self.step_grad = self.trainer.grad.copy()
        self.before = None

    def _enter_phase(self, index: int) -> None:
        self.phase = index
        self.phase_t = 0.0
        self.holding = False
        if PHASES[index] == "loss":
            self.loss_flash = 0.0 if self.app.store.settings.reduced_motion else 1.0  # no flashing
        if PHASES[index] == "update":
            self.before = self.trainer.params.copy()
            self.trainer.step()
            self.app.audio.tick(self.loss_fraction())

    def run_forward(self) -> None:
        """Run Forward Pass: the forward phase alone -- the words' signal travels to the mixers,
        then to the next-word scores -- and nothing is trained."""
        if self.trainer.done or self.phase is not None or self.running:
            return
        self.phase = 0
        self.phase_t = 0.0
        self.holding = False
        self.forward_only = True

    def _next_phase(self) -> None:
        if self.phase is None:
            return
        if self.forward_only:  # the forward pass alone ends here: no loss, no gradient, no update
            self.forward_only = False
            self.phase = None
            self.phase_t = 0.0
            return
        if self.phase + 1 < len(PHASES):
            self._enter_phase(self.phase + 1)
        else:
            self._end_step()

    def _phase_done(self) -> None:
        if self.phase_per_press and not self.running:
            self.holding = True
            if PHASES[self.phase] == "update":
                self._end_step()
        else:
            self._next_phase()

    def _complete_step(self) -> None:
        while self.phase is not None and PHASES[self.phase] != "update":
            self._enter_phase(self.phase + 1)
        self._end_step()

    def _end_step(self) -> None:
        self.phase = None
        self.phase_t = 0.0
        self.holding = False
        self.before = None
        if self.trainer.done:
            self._finish()
        elif self.running:
            self._begin_step()

    def advance_steps(self, n: int) -> None:
        """Take n training steps at once (screenshots, tests); stops early when the run ends."""
        self.phase = None
        for _ in range(max(0, int(n))):
            if self.trainer.done:
                break
            self.step_grad = self.trainer.grad.copy()
            self.trainer.step()
        self.before = None
        if self.trainer.done and self.result is None:
            self._finish()

    def show_phase(self, index: int) -> None:
        """Freeze the picture on one phase (0..3) of the next step, for pictures of it. The
        update phase shows the weights half way to where that step takes them."""
        if self.trainer.done:
            return
        self._begin_step()
        for k in range(max(0, min(3, index)) + 1):
            if k:
                self._enter_phase(k)
        self.phase_t = 0.5
        self.holding = True

    def loss_fraction(self) -> float:
        first = self.trainer.losses[0]
        loss = self.trainer.loss
        if not (math.isfinite(loss) and math.isfinite(first)) or first <= 0:
            return 1.0
        return min(1.0, max(0.0, loss / first))

    def judge(self):
        p = self.params
        picked = self.config_changes  # the neuron's activation and input: the run's own, replayed by a class
        params = self.family.level_params(self.level, eta=p["eta"], mu=p["mu"], optimizer=p["optimizer"],
                                          activation=picked.get("activation"),
                                          input=(picked.get("inputs") or [None])[0])
        result = self.family.judge(self.level, params, self.trainer, self.par)
        if self.hand_start is not None:  # weights moved by hand: practice, no stars (see the wiggle)
            result = replace(result, outcome=replace(result.outcome, stars=0), extra={**result.extra, "practice": True})
        return result

    def counts(self) -> bool:
        """Whether this run is the level's own (kept in the save, sent to the class)."""
        return self.hand_start is None

    def shown_params(self) -> np.ndarray:
        """The weights to draw: gliding from the old to the new ones during the update phase,
        each layer in steps GLIDE_STEP seconds apart, the layers' steps spread over that time
        (layer_glide)."""
        now = self.trainer.params
        if self.phase_name != "update" or self.before is None or self.app.store.settings.reduced_motion:
            return now
        t = self.layer_glide(min(1.0, self.phase_t))
        eased = t * t * (3 - 2 * t)
        with np.errstate(all="ignore"):
            mixed = self.before + (now - self.before) * eased
        return np.where(np.isfinite(mixed), mixed, now)

    def layer_glide(self, t: float) -> np.ndarray | float:
        """How far through its glide each weight is drawn at phase time t (0..1): a layer's
        weights move together in steps GLIDE_STEP seconds apart, a second layer's steps halfway
        between the first's, and every layer arrives a step before the phase ends. At 60
        frames a second a frame then moves one layer's lines, not every line of the network,
        and the step's last frame moves none: half the picture or less redrawn per frame
        (issue 12's frame budget), the glide as smooth to the eye."""
        shape = getattr(self.task, "shape", None)
        if shape is None or shape.n_layers < 2 or t >= 1.0 or len(self.trainer.params) != shape.n_params:
            return t
        seconds = self.phase_seconds("update") / max(self.speed, 1e-9)
        arrive = max(seconds - GLIDE_STEP, GLIDE_STEP)  # the glide's own length: done a step early
        layers = shape.n_layers
        per_layer = np.empty(layers)
        for layer in range(layers):
            lag = GLIDE_STEP * layer / layers
            steps = np.floor((t * seconds + lag) / GLIDE_STEP)
            per_layer[layer] = np.clip((steps * GLIDE_STEP - lag) / arrive, 0.0, 1.0)
        ends = [end for _w, _b, end in shape.offsets()]
        return np.repeat(per_layer, np.diff([0, *ends]))

    # --- input and time ------------------------------------------------------------------

    def pointer(self, event: Pointer) -> bool:
        self.mouse = (event.x, event.y)  # the views point at weights and nodes with it
        return self._wiggle_pointer(event) or self._orbit(event)

    def animate(self, dt: float) -> None:
        # the flash lasts the loss and gradient phases, at their pace: while Train runs it is
        # over before the update's glide, and the next step's loss flashes afresh
        fade = self.phase_seconds("loss") + self.phase_seconds("gradient")
        self.loss_flash = max(0.0, self.loss_flash - dt * self.speed / fade)
        self.view.update(dt)

    def phase_seconds(self, name: str) -> float:
        """How long a phase lasts at speed x1: shorter while Train runs, longer where each press
        shows one phase."""
        return PHASE_SECONDS[name] * (TRAIN_PACE if self.running else (PRESS_PACE if self.phase_per_press else 1.0))

    def pace(self, dt: float) -> None:
        if self.phase is None or self.holding:
            return
        seconds = self.phase_seconds(PHASES[self.phase])
        self.phase_t += dt * self.speed / seconds
        if self.phase_t >= 1.0:
            self.phase_t = 1.0
            self._phase_done()

    def problems(self) -> list[str]:
        found = super().problems()
        if self.trainer.status == "running" and not np.isfinite(self.trainer.params).all():
            found.append(f"network {self.level.id}: running network with non-finite weights")
        return found


def _inside(rect, x: float, y: float, slack: float = 0.0) -> bool:
    rx, ry, rw, rh = rect
    return rx - slack <= x <= rx + rw + slack and ry - slack <= y <= ry + rh + slack


def register_scenes(registry) -> None:
    registry.register_level_scene("network", NetworkScene)
