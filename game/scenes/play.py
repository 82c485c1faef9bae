"""The play scene for ball levels: the player's parameters in, a live ball out.

Input changes parameters (η, μ, x₀, optimizer, speed, phases on/off), never the ball: a new
parameter starts a fresh run from x₀, exactly as the ball family's `play` would. The ball steps on the
fixed tick at the chosen speed; drawing lives in game/render/play_view.py. What this shares
with the network scene is in game/scenes/level_play.py.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.i18n import N_
from game.clock import StepPacer
from game.render import theme
from game.render.play_view import PlayView
from game.scenes.level_play import FIXED, LevelPlayScene
from game.scenes.phases import PhaseClock
from game.sim.families import family_of
from game.sim.families.ball import level_curve, level_rules
from game.ui.button import Button
from game.ui.events import Pointer
from game.ui.slider import Slider

STEPS_PER_SECOND = 6.0     # at speed x1
MOVE_SECONDS = 0.16        # how long the ball takes to glide to its new x


class PlayScene(LevelPlayScene):
    steps_in_phases = True
    name = "play"

    def __init__(self, app, level) -> None:
        super().__init__(app, level)
        self.family = family_of(level)
        self.curve = level_curve(level)
        self.rules = level_rules(level)
        self.par = app.compute.par_steps(level)  # searched on the GPU where there is one
        defaults = self.family.level_params(level)
        self.params = {"eta": defaults.eta, "mu": defaults.mu, "x0": defaults.x0,
                       "optimizer": defaults.optimizer}
        self.phase_mode = False
        self.phases = PhaseClock()
        self.pacer = StepPacer(STEPS_PER_SECOND)
        self.prev_x = defaults.x0
        self.move_t = 1.0
        self.dragging_ball = False
        self.view = PlayView(app.ctx, self)
        self._build_controls()
        self.reset()

    def _build_controls(self) -> None:
        self.x0_slider = Slider(N_("x₀  start"), self.params["x0"], self.level.x0.min, self.level.x0.max,
                                on_change=lambda v: self.set_params(x0=v), color="ORANGE",
                                fmt="{:.2f}", enabled=not self.level.x0.locked, reason=FIXED, hint="X")
        self.phase_button = Button(N_("4 phases"), self.toggle_phases, hint="P", accent="YELLOW")
        self.levels_button = Button(N_("Levels"), self.back, hint="Esc", accent="INK_DIM")
        self.help_button = Button(N_("? Help"), self.app.show_help, accent="YELLOW")
        self.view_buttons = [Button(entry.title, lambda e=entry: self.open_view(e),
                                    hint=pygame.key.name(entry.key).upper(), accent="BLUE")
                             for entry in self.app.registry.views_for(self.level)]
        self._build_shared_controls([self.x0_slider], [self.phase_button, *self.view_buttons,
                                                       self.levels_button, self.help_button])
        self.param_sliders["x0"] = self.x0_slider
        self.slider_keys[pygame.K_x] = self.x0_slider

    def own_shortcuts(self) -> dict:
        views = self.app.registry.views_for(self.level)
        return {**{entry.key: button.activate for entry, button in zip(views, self.view_buttons)},
                pygame.K_p: self.toggle_phases}

    # --- the run -------------------------------------------------------------------------

    def reset(self) -> None:
        super().reset()
        self.ball = self.family.start(self.level, self.run_params())
        self.next_step = self.ball.peek()
        self.phases.stop()
        self.prev_x = self.ball.x
        self.move_t = 1.0
        self.pacer.carry = 0.0

    @property
    def done(self) -> bool:
        return self.ball.done

    def on_play(self) -> None:
        if self.phase_mode and not self.phases.active:
            self.phases.start()

    def step_once(self) -> None:
        """The Step button: one step, or with the phases on, the next phase."""
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
        self.next_step = None if self.ball.done else self.ball.peek()
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
        self.phases.stop()
        super()._finish()

    def run_params(self):
        p = self.params
        return self.family.level_params(self.level, eta=p["eta"], mu=p["mu"], x0=p["x0"], optimizer=p["optimizer"])

    def judge(self):
        return self.family.judge(self.level, self.run_params(), self.ball, self.par)

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

    def pointer(self, event: Pointer) -> bool:
        """Drag the start marker to move x₀."""
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

    # --- time ----------------------------------------------------------------------------

    def animate(self, dt: float) -> None:
        self.move_t = min(1.0, self.move_t + dt / max(1e-3, min(MOVE_SECONDS, 1.0 / (STEPS_PER_SECOND * self.speed))))

    def pace(self, dt: float) -> None:
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

    def problems(self) -> list[str]:
        found = super().problems()
        for name, value in (("speed", self.speed), ("move_t", self.move_t)):
            if not math.isfinite(value):
                found.append(f"play {self.level.id}: {name} is {value}")
        if self.ball.status == "running" and not np.isfinite(self.ball.x):
            found.append(f"play {self.level.id}: running ball at x={self.ball.x}")
        return found


def register_scenes(registry) -> None:
    registry.register_level_scene("curve", PlayScene)
