"""The play scene for network levels: the player's η, μ and optimizer in, a live network out.

One Train Step is four phases (seed 000, seed 001 sec. 4): the signal goes forward, the loss
flashes, gradient arrows appear on every weight, the weights shift. The network updates only
as the fourth phase begins; the view interpolates the weights during it. On the calculus level
each press lights one phase (the player clicks through them); elsewhere one press plays all
four. Each level's picture is a view in game/render/network_<preset>.py.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.render import theme
from game.scenes.base import Scene
from game.sim.nets_run import NetParams, judge_trainer, level_params, level_rules, par_steps
from game.sim.nets_presets import build_task
from game.sim.nets_run import level_task
from game.sim.nets_train import NetTrainer
from game.ui.button import Button
from game.ui.events import PAD_A, PAD_B, PAD_START, PAD_X, PAD_Y, Key, Pad, Pointer
from game.ui.slider import Slider

PHASES = ("forward", "loss", "gradient", "update")
PHASE_SECONDS = {"forward": 0.35, "loss": 0.2, "gradient": 0.3, "update": 0.3}  # at speed x1
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
FINISH_PAUSE = 0.9
OPTIMIZER_NAMES = {"gd": "Gradient descent", "momentum": "Momentum", "nesterov": "Nesterov", "adam": "Adam"}
SHORT_NAMES = {"gd": "Plain GD"}  # when the level's own buttons share the row


def view_for(preset: str):
    from game.render.network_backprop import BackpropView
    from game.render.network_calculus import CalculusView
    from game.render.network_landscape import LandscapeView
    from game.render.network_neuron import NeuronView
    from game.render.network_paris import ParisView

    return {"calculus": CalculusView, "neuron": NeuronView, "backprop": BackpropView,
            "paris": ParisView, "landscape": LandscapeView}[preset]


class NetworkScene(Scene):
    name = "network"

    def __init__(self, app, level) -> None:
        super().__init__(app)
        self.level = level
        self.preset = level.network.preset
        self.config_changes: dict = {}  # the player's own picks inside the preset (the activation)
        self.task = level_task(level)
        self.rules = level_rules(level, self.task)
        self.par = par_steps(level)
        defaults = level_params(level)
        self.params = {"eta": defaults.eta, "mu": defaults.mu, "optimizer": defaults.optimizer}
        self.speed_index = SPEEDS.index(1.0)
        self.running = False
        self.phase: int | None = None  # index into PHASES while a step is shown
        self.phase_t = 0.0  # 0..1 through the phase
        self.holding = False  # calculus: the phase is done, waiting for the next press
        self.before: np.ndarray | None = None  # weights as the update phase began
        self.step_grad: np.ndarray | None = None  # the gradient the shown step uses
        self.loss_flash = 0.0
        self.finish_timer: float | None = None
        self.result = None
        self.lesson_page = 0
        self.mouse = (-1.0, -1.0)
        self.view = view_for(self.preset)(app.ctx, self)
        self._build_controls()
        self.reset()

    # --- parameters ----------------------------------------------------------------------

    @property
    def phase_per_press(self) -> bool:
        return getattr(self.view, "phase_per_press", False)

    def _build_controls(self) -> None:
        level = self.level
        fixed = "fixed by this level"
        self.eta_slider = Slider("η  learning rate", self.params["eta"], level.eta.min, level.eta.max,
                                 log=level.eta.min > 0, on_change=lambda v: self.set_params(eta=v),
                                 color=theme.CYAN, fmt="{:.3g}", enabled=not level.eta.locked,
                                 reason=fixed, hint="E")
        self.mu_slider = Slider("μ  momentum", self.params["mu"], level.mu.min, level.mu.max,
                                on_change=lambda v: self.set_params(mu=v), color=theme.VIOLET,
                                fmt="{:.2f}", enabled=not level.mu.locked and self.uses_mu(),
                                reason=fixed if level.mu.locked else "gradient descent has no momentum",
                                hint="U")
        self.optimizer_button = Button(self._optimizer_label(), self.cycle_optimizer, hint="O",
                                       enabled=len(level.optimizers) > 1, reason="only one optimizer here",
                                       accent=theme.VIOLET)
        self.reset_button = Button("Reset", self.reset, hint="R", accent=theme.INK_DIM)
        self.step_button = Button("Train Step", self.train_step, hint="T", accent=theme.CYAN)
        self.play_button = Button("Train", self.toggle_play, hint="Space", accent=theme.ORANGE, big=True)
        self.slower_button = Button("−", self.slower, hint="[", accent=theme.INK_DIM)
        self.faster_button = Button("+", self.faster, hint="]", accent=theme.INK_DIM)
        self.sliders = [self.eta_slider, self.mu_slider, *self.view.extra_sliders()]
        self.extra_buttons = self.view.extra_buttons()
        self.optimizer_button.label = self._optimizer_label()
        self.focus.set_widgets([*self.sliders, self.optimizer_button, self.reset_button, self.step_button,
                                self.play_button, self.slower_button, self.faster_button,
                                *(button for button, _ in self.extra_buttons)])

    def uses_mu(self) -> bool:
        return self.params["optimizer"] in ("momentum", "nesterov")

    def _optimizer_label(self) -> str:
        name = self.params["optimizer"]
        if getattr(self, "extra_buttons", None):
            return SHORT_NAMES.get(name, OPTIMIZER_NAMES.get(name, name))
        return OPTIMIZER_NAMES.get(name, name)

    def set_params(self, **changes) -> None:
        """Change η, μ or the optimizer (clamped to the level) and start training afresh."""
        level = self.level
        ranges = {"eta": level.eta, "mu": level.mu}
        for name, value in changes.items():
            if name == "optimizer":
                if value in level.optimizers:
                    self.params["optimizer"] = value
                continue
            if name not in ranges or value is None:
                continue
            try:
                value = float(value)
            except (TypeError, ValueError):
                continue
            if not math.isfinite(value):
                continue
            r = ranges[name]
            self.params[name] = r.default if r.locked else min(r.max, max(r.min, value))
        self.eta_slider.set_value(self.params["eta"], notify=False)
        self.mu_slider.set_value(self.params["mu"], notify=False)
        self.mu_slider.enabled = not level.mu.locked and self.uses_mu()
        self.optimizer_button.label = self._optimizer_label()
        self.reset()

    def change_config(self, **changes) -> None:
        """The player's pick inside the preset (the neuron's activation): a new network."""
        self.config_changes.update(changes)
        config = {**dict(self.level.network.config), **self.config_changes}
        self.task = build_task(self.preset, config)
        self.rules = level_rules(self.level, self.task)
        self.reset()

    def cycle_optimizer(self) -> None:
        names = list(self.level.optimizers)
        if len(names) > 1:
            i = names.index(self.params["optimizer"]) if self.params["optimizer"] in names else 0
            self.set_params(optimizer=names[(i + 1) % len(names)])

    # --- training ------------------------------------------------------------------------

    def reset(self) -> None:
        p = self.params
        self.trainer = NetTrainer(self.task, p["optimizer"], p["eta"], p["mu"], self.level.max_steps, self.rules)
        self.running = False
        self.phase = None
        self.phase_t = 0.0
        self.holding = False
        self.before = None
        self.step_grad = None
        self.loss_flash = 0.0
        self.finish_timer = None
        self.result = None
        self.view.reset()

    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    def slower(self) -> None:
        self.speed_index = max(0, self.speed_index - 1)

    def faster(self) -> None:
        self.speed_index = min(len(SPEEDS) - 1, self.speed_index + 1)

    @property
    def phase_name(self) -> str | None:
        return None if self.phase is None else PHASES[self.phase]

    def toggle_play(self) -> None:
        if self.trainer.done:
            self.reset()
        self.running = not self.running
        if self.running and self.phase is None:
            self._begin_step()

    def train_step(self) -> None:
        """The Train Step button (T): one step, or on the calculus level the next phase."""
        if self.trainer.done:
            return
        self.running = False
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

    def _begin_step(self) -> None:
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
            self.loss_flash = 1.0
        if PHASES[index] == "update":
            self.before = self.trainer.params.copy()
            self.trainer.step()
            self.app.audio.tick(self.loss_fraction())

    def _next_phase(self) -> None:
        if self.phase is None:
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

    def _finish(self) -> None:
        self.running = False
        p = self.params
        params = NetParams(p["eta"], p["mu"], p["optimizer"], self.level.max_steps)
        self.result = judge_trainer(self.level, params, self.trainer, self.par)
        outcome = self.result.outcome
        self.app.store.record(self.level.id, outcome.stars, outcome.steps, outcome.cleared)
        if outcome.status == "diverged":
            self.app.audio.thud()
        elif outcome.cleared:
            self.app.audio.chime()
        self.finish_timer = 0.0

    def shown_params(self) -> np.ndarray:
        """The weights to draw: gliding from the old to the new ones during the update phase."""
        now = self.trainer.params
        if self.phase_name != "update" or self.before is None or self.app.store.settings.reduced_motion:
            return now
        t = min(1.0, self.phase_t)
        eased = t * t * (3 - 2 * t)
        with np.errstate(all="ignore"):
            mixed = self.before + (now - self.before) * eased
        return np.where(np.isfinite(mixed), mixed, now)

    # --- input ---------------------------------------------------------------------------

    def handle(self, event) -> bool:
        if isinstance(event, Pointer):
            self.mouse = (event.x, event.y)
        if isinstance(event, Key) and self._shortcut(event):
            return True
        if isinstance(event, Pad) and self._pad(event):
            return True
        return self.focus.handle(event)

    def _shortcut(self, event: Key) -> bool:
        k = event.key
        if k == pygame.K_SPACE and not (self.focus.ring_visible and isinstance(self.focus.focused, Button)):
            self.toggle_play()
        elif k in (pygame.K_t, pygame.K_s):
            self.train_step()
        elif k == pygame.K_r:
            self.reset()
        elif k == pygame.K_LEFTBRACKET:
            self.slower()
        elif k == pygame.K_RIGHTBRACKET:
            self.faster()
        elif k == pygame.K_o:
            self.cycle_optimizer()
        elif k == pygame.K_l:
            self.lesson_page = (self.lesson_page + 1) % max(1, len(self.level.lesson))
        elif k in (pygame.K_e, pygame.K_u):
            self.focus.focus(self.eta_slider if k == pygame.K_e else self.mu_slider)
            self.focus.ring_visible = True
        else:
            for button, key in self.extra_buttons:
                if k == key:
                    button.activate()
                    return True
            return False
        return True

    def _pad(self, event: Pad) -> bool:
        if event.kind == "button":
            actions = {PAD_A: self.train_step, PAD_X: self.toggle_play, PAD_START: self.toggle_play,
                       PAD_Y: self.reset, PAD_B: self.back}
            if event.index in actions:
                actions[event.index]()
                return True
            return False
        if event.kind == "axis":
            if event.index == 0:
                self.eta_slider.hold_stick(event.value)
            elif event.index in (2, 3):
                self.mu_slider.hold_stick(event.value)
            return True
        return False

    def release_sticks(self) -> None:
        for slider in self.sliders:
            slider.hold_stick(0.0)

    # --- time ----------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        self.focus.update(dt)
        self.loss_flash = max(0.0, self.loss_flash - dt * 1.6)
        self.view.update(dt)
        if self.finish_timer is not None:
            self.finish_timer += dt
            if self.finish_timer >= FINISH_PAUSE and self.app.stack.top is self:
                self.finish_timer = None
                self.app.show_results(self)
            return
        if self.phase is None or self.holding:
            return
        seconds = PHASE_SECONDS[PHASES[self.phase]] * (2.2 if self.phase_per_press else 1.0)
        self.phase_t += dt * self.speed / seconds
        if self.phase_t >= 1.0:
            self.phase_t = 1.0
            self._phase_done()

    # --- drawing -------------------------------------------------------------------------

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        self.view.layout(size, ui_scale)

    def draw(self, painter, alpha: float) -> None:
        self.view.draw(painter, alpha)

    def exit(self) -> None:
        self.view.release()

    def problems(self) -> list[str]:
        found = []
        for name in ("eta", "mu"):
            if not math.isfinite(self.params[name]):
                found.append(f"network {self.level.id}: {name} is {self.params[name]}")
        if self.trainer.status == "running" and not np.isfinite(self.trainer.params).all():
            found.append(f"network {self.level.id}: running network with non-finite weights")
        return found


def register_scenes(registry) -> None:
    registry.register_level_scene("network", NetworkScene)
