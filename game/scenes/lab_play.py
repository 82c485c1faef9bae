"""The play scene of the learning-rate lab's levels (game/sim/families/lab.py): one scene, five
modes, each with its own widgets and picture (game/render/lab_view.py).

  three      three η sliders, one per copy (too small, just right, too large)
  finder     the range test fills in as the scene opens (the GLSL kernel where compute shaders
             exist, the NumPy reference elsewhere); click the curve to pick η, G takes the
             steepest point
  schedules  C cycles the schedule; η(t) is drawn above the loss
  forward    the input slider; the signal lights the layers one by one
  vanishing  A cycles the activation; each layer's gradient is a bar on a log scale

Input changes parameters, never the run: each change starts a fresh run.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.i18n import N_, _
from game.render import theme
from game.scenes.level_play import FIXED, LevelPlayScene
from game.sim.families import family_of
from game.sim.families.lab import COPY_NAMES, SCHEDULE_NAMES, finder_grid, lab_task
from game.ui.button import Button
from game.ui.events import Pointer
from game.ui.slider import Slider

STEPS_PER_SECOND = {"three": 30.0, "finder": 12.0, "schedules": 45.0, "forward": 6.0, "vanishing": 30.0}
FINDER_ETAS_PER_SECOND = 24.0  # how fast the finder's curve fills in at speed x1
SIGNAL_SECONDS = 0.45  # forward: time for the signal to cross one layer
SCHEDULE_WORDS = SCHEDULE_NAMES  # msgids, named once (the lab family's explanations use them too)


class LabScene(LevelPlayScene):
    name = "lab"
    step_label, step_keys = N_("Step"), (pygame.K_s, pygame.K_t)
    play_label = N_("Train")

    def __init__(self, app, level) -> None:
        super().__init__(app, level)
        self.family = family_of(level)
        self.mode = level.spec.mode
        self.find_par(self.family)  # in the background where the search is slow (classifiers)
        defaults = self.family.level_params(level)
        self.params = {"eta": defaults.eta, "mu": defaults.mu, "optimizer": defaults.optimizer}
        if self.mode == "forward":
            self.params["x0"] = defaults.x0
        self.etas = list(defaults.etas)
        self.schedule = defaults.schedule
        self.activation = defaults.activation
        self.step_clock = 0.0
        self.signal = 0.0  # forward: how many layers the signal has lit
        self.finder = None  # finder: the range test as it fills in
        from game.render.lab_view import LabView

        self.view = LabView(app.ctx, self)
        self.own_sliders, self.own_buttons = self._own_widgets()
        self._build_shared_controls(self.own_sliders, [button for button, _key in self.own_buttons])
        self._tidy_sliders()
        if self.mode == "three":
            self.eta_slider.label = f"η  {_(COPY_NAMES[1])}"
            self.eta_slider.set_value(self.etas[1], notify=False)
        if self.mode == "forward":
            self.param_sliders["x0"] = self.input_slider
        self.reset()
        if self.mode == "finder":
            self.start_finder()

    # --- the mode's own widgets ------------------------------------------------------------

    def _own_widgets(self):
        level, sliders, buttons = self.level, [], []
        if self.mode == "three":
            self.copy_sliders = {}
            for index, color in ((0, "BLUE"), (2, "ORANGE")):  # colour roles, as the lab view draws the copies
                slider = Slider(f"η  {_(COPY_NAMES[index])}", self.etas[index], level.eta.min, level.eta.max, log=True,
                                on_change=lambda v, i=index: self.set_copy_eta(i, v), color=color, fmt="{:.3g}")
                self.copy_sliders[index] = slider
            sliders = [self.copy_sliders[0], self.copy_sliders[2]]
        elif self.mode == "forward":
            self.input_slider = Slider(_("x  input"), self.params["x0"], level.x0.min, level.x0.max,
                                       on_change=lambda v: self.set_params(x0=v), color="YELLOW", fmt="{:.2f}",
                                       enabled=not level.x0.locked, reason=FIXED, hint="X")
            sliders = [self.input_slider]
        elif self.mode == "finder":
            self.use_button = Button(_("Use steepest"), self.use_suggestion, hint="G", accent="YELLOW",
                                     enabled=False, reason=_("the finder is still running"))
            buttons = [(self.use_button, pygame.K_g)]
        elif self.mode == "schedules":
            self.schedule_button = Button(self._schedule_label(), self.cycle_schedule, hint="C", accent="YELLOW",
                                          enabled=len(self.level.spec.schedules) > 1, reason=FIXED)
            buttons = [(self.schedule_button, pygame.K_c)]
        elif self.mode == "vanishing":
            self.activation_button = Button(self._activation_label(), self.cycle_activation, hint="A",
                                            accent="YELLOW", enabled=len(level.spec.activations) > 1,
                                            reason=FIXED)
            buttons = [(self.activation_button, pygame.K_a)]
        return sliders, buttons

    def _tidy_sliders(self) -> None:
        """A μ the level fixes is left out of the row (every lab level fixes it); the three
        copies' sliders read too small, just right, too large."""
        row = list(self.sliders)
        if self.level.mu.locked:
            row.remove(self.mu_slider)
        if self.mode == "three":
            row = [self.copy_sliders[0], self.eta_slider, self.copy_sliders[2]]
        others = [w for w in self.focus.widgets if w not in self.sliders]
        self.sliders = row
        self.focus.set_widgets([*row, *others])

    def own_shortcuts(self) -> dict:
        keys = {key: button.activate for button, key in self.own_buttons}
        if self.mode == "forward":
            keys[pygame.K_x] = lambda: self._focus(self.input_slider)
        return keys

    def _focus(self, widget) -> None:
        self.focus.focus(widget)
        self.focus.ring_visible = True

    def _schedule_label(self) -> str:
        return _("Schedule: {name}").format(name=_(SCHEDULE_WORDS[self.schedule]))

    def _activation_label(self) -> str:
        return _("Activation: {name}").format(name=self.activation)

    def set_copy_eta(self, index: int, value: float) -> None:
        r = self.level.eta
        if value is None or not math.isfinite(value):
            return
        self.etas[index] = min(r.max, max(r.min, float(value)))
        self.reset()

    def set_params(self, **changes) -> None:
        if self.mode == "three" and changes.get("eta") is not None:
            self.set_copy_eta(1, changes["eta"])
        super().set_params(**changes)

    def cycle_schedule(self) -> None:
        names = list(self.level.spec.schedules)
        self.schedule = names[(names.index(self.schedule) + 1) % len(names)] if self.schedule in names else names[0]
        self.schedule_button.label = self._schedule_label()
        self.reset()

    def cycle_activation(self) -> None:
        names = list(self.level.spec.activations)
        self.activation = names[(names.index(self.activation) + 1) % len(names)] if self.activation in names \
            else names[0]
        self.activation_button.label = self._activation_label()
        self.reset()

    def use_suggestion(self) -> None:
        if self.finder is not None and self.finder.get("suggested_eta") is not None:
            self.set_params(eta=self.finder["suggested_eta"])

    # --- the run -------------------------------------------------------------------------

    def lab_params(self):
        p = self.params
        return self.family.level_params(self.level, eta=p["eta"], mu=p["mu"], optimizer=p["optimizer"],
                                        x0=p.get("x0"), etas=self.etas if self.mode == "three" else None,
                                        schedule=self.schedule if self.mode == "schedules" else None,
                                        activation=self.activation if self.mode == "vanishing" else None)

    def reset(self) -> None:
        super().reset()
        self.run = self.family.start(self.level, self.lab_params())
        self.step_clock = 0.0
        self.signal = 0.0

    @property
    def done(self) -> bool:
        return self.run.done

    def step_once(self) -> None:
        if self.run.done:
            return
        self.running = False
        self._step()

    def _step(self) -> None:
        self.run.step()
        self.signal = 0.0
        if self.run.done:
            self._finish()

    def advance_steps(self, n: int) -> None:
        """Take n steps at once (screenshots, tests); the finder, if running, completes first."""
        if self.mode == "finder":
            self.fill_finder(len(self.finder["etas"]))
        for _step in range(max(0, int(n))):
            if self.run.done:
                break
            self.run.step()
        self.signal = float(self.run.task.shape.n_layers + 1)
        if self.run.done and self.result is None:
            self._finish()

    def show_phase(self, index: int) -> None:
        """Freeze a moment of the step for pictures: on the forward level, the signal having
        lit `index` + 1 layers; the other modes show a step all at once."""
        if self.mode == "forward":
            self.signal = float(max(0, min(index + 1, self.run.task.shape.n_layers + 1)))

    def judge(self):
        return self.family.judge(self.level, self.lab_params(), self.run, self.par)

    # --- the finder ----------------------------------------------------------------------

    def start_finder(self) -> None:
        etas, steps = finder_grid(self.level)
        self.finder = {"etas": etas, "losses": np.full(len(etas), np.nan), "filled": 0, "clock": 0.0,
                       "steps": steps, "suggested": None, "suggested_eta": None,
                       "backend": "numpy"}

    def fill_finder(self, count: int) -> None:
        """Train the next `count` copies of the range test (one dispatch on the GPU)."""
        from game.sim.lrfinder import finder_losses, steepest, trial_rules
        from game.sim.nets_train import train_batch

        f = self.finder
        start, etas = f["filled"], f["etas"]
        if start >= len(etas) or count <= 0:
            return
        chunk = etas[start:start + count]
        task = lab_task(self.level)
        rules = trial_rules(task)
        gpu = getattr(self.app.compute, "gpu", None)
        result = None
        if gpu is not None:
            try:
                from game.gpu.nets_kernel import gpu_train_batch

                result = gpu_train_batch(gpu, task, self.level.optimizer, chunk, self.level.mu.default, f["steps"], rules)
                f["backend"] = "GLSL"
            except Exception:  # a driver that cannot build the kernel: the reference gives the same curve
                result = None
        if result is None:
            result = train_batch(task, self.level.optimizer, chunk, self.level.mu.default, f["steps"], rules)
            f["backend"] = N_("NumPy")  # a name; the view shows it through _()
        f["losses"][start:start + len(chunk)] = finder_losses(result.status, result.loss)
        f["filled"] = start + len(chunk)
        if f["filled"] >= len(etas):
            f["suggested"] = steepest(etas, f["losses"])
            f["suggested_eta"] = None if f["suggested"] is None else float(etas[f["suggested"]])
            self.use_button.enabled = f["suggested"] is not None

    def pick_eta_at(self, x: float) -> bool:
        """A click on the finder's plot picks the η under it."""
        rect = self.view.finder_plot_rect
        if rect is None or self.finder is None:
            return False
        rx, ry, rw, rh = rect
        if not rx <= x <= rx + rw:
            return False
        etas = self.finder["etas"]
        lo, hi = math.log10(etas[0]), math.log10(etas[-1])
        eta = 10 ** (lo + (x - rx) / rw * (hi - lo))
        self.set_params(eta=float(f"{eta:.2g}"))
        return True

    # --- input and time ------------------------------------------------------------------

    def pointer(self, event: Pointer) -> bool:
        if self.mode == "finder" and event.kind == "down" and self.view.finder_plot_rect is not None:
            x, y, w, h = self.view.finder_plot_rect
            if x <= event.x <= x + w and y <= event.y <= y + h:
                return self.pick_eta_at(event.x)
        return False

    def animate(self, dt: float) -> None:
        if self.finder is not None and self.finder["filled"] < len(self.finder["etas"]):
            self.finder["clock"] += dt * FINDER_ETAS_PER_SECOND * self.speed
            whole = int(self.finder["clock"])
            if whole:
                self.finder["clock"] -= whole
                self.fill_finder(whole)
        if self.mode == "forward":
            self.signal = min(self.signal + dt * self.speed / SIGNAL_SECONDS, self.run.task.shape.n_layers + 1.0)

    def pace(self, dt: float) -> None:
        if not self.running or self.run.done:
            return
        self.step_clock += dt * STEPS_PER_SECOND[self.mode] * self.speed
        while self.step_clock >= 1.0 and not self.run.done:
            self.step_clock -= 1.0
            self._step()
            if self.result is not None:
                break

    def problems(self) -> list[str]:
        found = super().problems()
        if any(not math.isfinite(e) or e <= 0 for e in self.etas):
            found.append(f"lab {self.level.id}: a copy's eta is {self.etas}")
        return found


def register_scenes(registry) -> None:
    registry.register_level_scene("lab", LabScene)
