"""The play scene for ball levels: the player's parameters in, a live ball out.

Input changes parameters (η, μ, x₀, optimizer, speed, phases on/off), never the ball: a new
parameter starts a fresh run from x₀, exactly as `play_level` would. The ball steps on the
fixed tick at the chosen speed; drawing lives in game/render/play_view.py.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.clock import StepPacer
from game.render import theme
from game.render.play_view import PlayView
from game.scenes.base import Scene
from game.scenes.phases import PhaseClock
from game.sim.run import Ball, judge_ball, level_curve, level_params, level_rules, par_steps
from game.ui.button import Button
from game.ui.events import PAD_A, PAD_B, PAD_START, PAD_X, PAD_Y, Key, Pad, Pointer
from game.ui.slider import Slider

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
STEPS_PER_SECOND = 6.0     # at speed x1
FINISH_PAUSE = 0.9         # seconds between the last step and the results
MOVE_SECONDS = 0.16        # how long the ball takes to glide to its new x
OPTIMIZER_NAMES = {"gd": "Gradient descent", "momentum": "Momentum", "nesterov": "Nesterov", "adam": "Adam"}


class PlayScene(Scene):
    name = "play"

    def __init__(self, app, level) -> None:
        super().__init__(app)
        self.level = level
        self.curve = level_curve(level)
        self.rules = level_rules(level)
        self.par = par_steps(level)
        defaults = level_params(level)
        self.params = {"eta": defaults.eta, "mu": defaults.mu, "x0": defaults.x0,
                       "optimizer": defaults.optimizer}
        self.speed_index = SPEEDS.index(1.0)
        self.running = False
        self.phase_mode = False
        self.phases = PhaseClock()
        self.pacer = StepPacer(STEPS_PER_SECOND)
        self.finish_timer: float | None = None
        self.result = None
        self.lesson_page = 0
        self.prev_x = defaults.x0
        self.move_t = 1.0
        self.dragging_ball = False
        self.view = PlayView(app.ctx, self)
        self._build_controls()
        self.reset()

    # --- parameters ----------------------------------------------------------------------

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
        self.x0_slider = Slider("x₀  start", self.params["x0"], level.x0.min, level.x0.max,
                                on_change=lambda v: self.set_params(x0=v), color=theme.ORANGE,
                                fmt="{:.2f}", enabled=not level.x0.locked, reason=fixed, hint="X")
        many = len(level.optimizers) > 1
        self.optimizer_button = Button(self._optimizer_label(), self.cycle_optimizer, hint="O",
                                       enabled=many, reason="only one optimizer here", accent=theme.VIOLET)
        self.reset_button = Button("Reset", self.reset, hint="R", accent=theme.INK_DIM)
        self.step_button = Button("Step", self.single_step, hint="S", accent=theme.CYAN)
        self.play_button = Button("Play", self.toggle_play, hint="Space", accent=theme.ORANGE, big=True)
        self.slower_button = Button("−", self.slower, hint="[", accent=theme.INK_DIM)
        self.faster_button = Button("+", self.faster, hint="]", accent=theme.INK_DIM)
        self.phase_button = Button("4 phases", self.toggle_phases, hint="P", accent=theme.YELLOW)
        self.levels_button = Button("Levels", self.back, hint="Esc", accent=theme.INK_DIM)
        self.help_button = Button("? Help", self.app.show_help, accent=theme.YELLOW)
        self.view_buttons = []
        for entry in self.app.registry.views_for(self.level):
            label = entry.title
            self.view_buttons.append(Button(label, lambda e=entry: self.open_view(e),
                                            hint=pygame.key.name(entry.key).upper(), accent=theme.BLUE))
        self.sliders = [self.eta_slider, self.mu_slider, self.x0_slider]
        self.focus.set_widgets([*self.sliders, self.optimizer_button, self.reset_button, self.step_button,
                                self.play_button, self.slower_button, self.faster_button, self.phase_button,
                                *self.view_buttons, self.levels_button, self.help_button])

    def uses_mu(self) -> bool:
        return self.params["optimizer"] in ("momentum", "nesterov")

    def _optimizer_label(self) -> str:
        return OPTIMIZER_NAMES.get(self.params["optimizer"], self.params["optimizer"])

    def set_params(self, **changes) -> None:
        """Change the player's parameters (clamped to what the level allows) and restart the
        run from x₀. The map view calls this too."""
        level = self.level
        ranges = {"eta": level.eta, "mu": level.mu, "x0": level.x0}
        for name, value in changes.items():
            if name == "optimizer":
                if value in level.optimizers:
                    self.params["optimizer"] = value
                continue
            if name not in ranges or value is None:
                continue
            r = ranges[name]
            try:
                value = float(value)
            except (TypeError, ValueError):
                continue
            if not math.isfinite(value):
                continue
            self.params[name] = r.default if r.locked else min(r.max, max(r.min, value))
        for slider, name in ((self.eta_slider, "eta"), (self.mu_slider, "mu"), (self.x0_slider, "x0")):
            slider.set_value(self.params[name], notify=False)
        self.mu_slider.enabled = not level.mu.locked and self.uses_mu()
        self.optimizer_button.label = self._optimizer_label()
        self.reset()

    def cycle_optimizer(self) -> None:
        names = list(self.level.optimizers)
        if len(names) > 1:
            i = names.index(self.params["optimizer"]) if self.params["optimizer"] in names else 0
            self.set_params(optimizer=names[(i + 1) % len(names)])

    # --- the run -------------------------------------------------------------------------

    def reset(self) -> None:
        p = self.params
        self.ball = Ball(self.curve, p["optimizer"], p["x0"], p["eta"], p["mu"], self.level.max_steps, self.rules)
        self.running = False
        self.phases.stop()
        self.finish_timer = None
        self.result = None
        self.prev_x = self.ball.x
        self.move_t = 1.0
        self.pacer.carry = 0.0

    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    def slower(self) -> None:
        self.speed_index = max(0, self.speed_index - 1)

    def faster(self) -> None:
        self.speed_index = min(len(SPEEDS) - 1, self.speed_index + 1)

    def toggle_play(self) -> None:
        if self.ball.done:
            self.reset()
        self.running = not self.running
        if self.running and self.phase_mode and not self.phases.active:
            self.phases.start()

    def single_step(self) -> None:
        if self.ball.done:
            return
        self.running = False
        if self.phase_mode:
            if self.phases.active:
                if self.phases.skip():
                    self._do_step()
            else:
                self.phases.start()
        else:
            self._do_step()

    def toggle_phases(self) -> None:
        self.phase_mode = not self.phase_mode
        if not self.phase_mode:
            self.phases.stop()
        elif self.running:
            self.phases.start()

    def _do_step(self) -> None:
        if self.ball.done:
            return
        self.prev_x = self.ball.x
        self.ball.step()
        self.move_t = 0.0
        self.app.audio.tick(self.loss_fraction(), self.view.pan_of(self.ball.x))
        if self.ball.done:
            self._finish()

    def loss_fraction(self) -> float:
        """Where the loss sits between the curve's lowest and highest point (0..1)."""
        lo, hi = self.view.loss_span
        loss = self.ball.loss
        if not math.isfinite(loss) or hi <= lo:
            return 1.0
        return min(1.0, max(0.0, (loss - lo) / (hi - lo)))

    def _finish(self) -> None:
        self.running = False
        self.phases.stop()
        params = level_params(self.level, self.params["eta"], self.params["mu"], self.params["x0"],
                              self.params["optimizer"])
        self.result = judge_ball(self.level, params, self.ball, self.par)
        outcome = self.result.outcome
        self.app.store.record(self.level.id, outcome.stars, outcome.steps, outcome.cleared)
        if outcome.status == "diverged":
            self.app.audio.thud()
        elif outcome.cleared:
            self.app.audio.chime()
        self.finish_timer = 0.0

    def advance_steps(self, n: int) -> None:
        """Take n steps at once (screenshots, tests); stops early when the run ends."""
        for _ in range(max(0, int(n))):
            if self.ball.done:
                break
            self._do_step()
        self.move_t = 1.0

    def show_phase(self, index: int) -> None:
        """Freeze the four-phase view on one phase (0..3), for pictures of it."""
        self.phase_mode = True
        self.phases.start()
        self.phases.index = max(0, min(3, index))
        self.phases.elapsed = 0.45

    def open_view(self, entry) -> None:
        self.running = False
        self.app.stack.push(entry.factory(self.app, self))

    # --- input ---------------------------------------------------------------------------

    def handle(self, event) -> bool:
        if isinstance(event, Key) and self._shortcut(event):
            return True
        if isinstance(event, Pad) and self._pad(event):
            return True
        if isinstance(event, Pointer) and self._ball_drag(event):
            return True
        return self.focus.handle(event)

    def _shortcut(self, event: Key) -> bool:
        k = event.key
        if k == pygame.K_SPACE and not (self.focus.ring_visible and isinstance(self.focus.focused, Button)):
            self.toggle_play()
        elif k == pygame.K_s:
            self.single_step()
        elif k == pygame.K_r:
            self.reset()
        elif k == pygame.K_p:
            self.toggle_phases()
        elif k == pygame.K_LEFTBRACKET:
            self.slower()
        elif k == pygame.K_RIGHTBRACKET:
            self.faster()
        elif k == pygame.K_o:
            self.cycle_optimizer()
        elif k == pygame.K_l:
            self.lesson_page = (self.lesson_page + 1) % max(1, len(self.level.lesson))
        elif k in (pygame.K_e, pygame.K_u, pygame.K_x):
            slider = {pygame.K_e: self.eta_slider, pygame.K_u: self.mu_slider, pygame.K_x: self.x0_slider}[k]
            self.focus.focus(slider)
            self.focus.ring_visible = True
        else:
            for entry, button in zip(self.app.registry.views_for(self.level), self.view_buttons):
                if k == entry.key:
                    button.activate()
                    return True
            return False
        return True

    def _pad(self, event: Pad) -> bool:
        if event.kind == "button":
            actions = {PAD_A: self.single_step, PAD_X: self.toggle_play, PAD_START: self.toggle_play,
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
        """A gamepad went away: stop any slider it was holding; nothing else changes."""
        for slider in self.sliders:
            slider.hold_stick(0.0)

    def _ball_drag(self, event: Pointer) -> bool:
        if self.level.x0.locked:
            return False
        frame = self.view.frame
        if frame is None:
            return False
        if event.kind == "down":
            bx, by = self.view.start_marker_px()
            radius = (34 if event.touch else 22) * self.s
            if math.hypot(event.x - bx, event.y - by) <= radius:
                self.dragging_ball = True
                self.focus.ring_visible = False
                return True
            return False
        if event.kind == "move" and self.dragging_ball:
            self.set_params(x0=round(frame.world_x(event.x), 2))
            return True
        if event.kind == "up" and self.dragging_ball:
            self.dragging_ball = False
            return True
        return False

    def back(self) -> None:
        self.app.stack.pop()

    # --- time ----------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        self.focus.update(dt)
        self.move_t = min(1.0, self.move_t + dt / max(1e-3, min(MOVE_SECONDS, 1.0 / (STEPS_PER_SECOND * self.speed))))
        if self.finish_timer is not None:
            self.finish_timer += dt
            if self.finish_timer >= FINISH_PAUSE and self.app.stack.top is self:
                self.finish_timer = None
                self.app.show_results(self)
            return
        if self.phases.active:
            if self.phases.advance(dt * self.speed):
                self._do_step()
                if self.running and not self.ball.done:
                    self.phases.start()
        elif self.running:
            for _ in range(self.pacer.steps_for(dt, self.speed)):
                self._do_step()
                if self.ball.done:
                    break

    def shown_x(self, alpha: float) -> float:
        """The ball's x for drawing: glides from the last x to the new one."""
        if self.app.store.settings.reduced_motion:
            return self.ball.x
        t = min(1.0, self.move_t)
        eased = t * t * (3 - 2 * t)
        x0, x1 = self.prev_x, self.ball.x
        if not (math.isfinite(x0) and math.isfinite(x1)):
            return x1
        return x0 + (x1 - x0) * eased

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
        for name, value in (("eta", self.params["eta"]), ("mu", self.params["mu"]), ("x0", self.params["x0"]),
                            ("speed", self.speed), ("move_t", self.move_t)):
            if not math.isfinite(value):
                found.append(f"play {self.level.id}: {name} is {value}")
        if self.ball.status == "running" and not np.isfinite(self.ball.x):
            found.append(f"play {self.level.id}: running ball at x={self.ball.x}")
        return found


def register_scenes(registry) -> None:
    registry.register_level_scene("curve", PlayScene)
