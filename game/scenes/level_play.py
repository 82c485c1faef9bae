"""What the two play scenes share: the player's η, μ and optimizer, the transport buttons
(Reset, Step, Play, speed), lesson pages, keys and gamepad, and the hand-off to the results
when a run ends.

Input changes parameters, never the run: a new parameter starts a fresh run. A subclass owns
its run (a ball on a curve, a network), how a step is paced and shown, its own controls and
its view (game/render/level_view.py is the views' common part).
"""

from __future__ import annotations

import math
import threading

import pygame

from game.i18n import N_
from game.render import theme
from game.scenes.base import Scene
from game.sim import optim
from game.ui.button import Button
from game.ui.events import PAD_A, PAD_B, PAD_START, PAD_X, PAD_Y, Key, Pad, Pointer
from game.ui.slider import Slider

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
FINISH_PAUSE = 0.9  # seconds between the last step and the results
FIXED = N_("fixed by this level")
NO_MOMENTUM = N_("this optimizer has no momentum")
MU_REASONS = {"gd": N_("gradient descent has no momentum"), "adam": N_("Adam uses its own momentum (β₁ = 0.9)"),
              "adamw": N_("AdamW uses its own momentum (β₁ = 0.9)"), "rmsprop": N_("RMSprop here has no momentum")}
OWN_MOMENTUM = ("adam", "adamw")  # their first moment (β₁ = ADAM_BETA1) is their momentum


class ParSearch:
    """A level's par searched in a daemon thread (a classifier's takes seconds), so that the
    window keeps drawing: `done`, then `value` (or the search's exception, raised by `take`)."""

    def __init__(self, find) -> None:
        self.value = None
        self.error: BaseException | None = None
        self._done = threading.Event()
        threading.Thread(target=self._run, args=(find,), name="downhill-par", daemon=True).start()

    def _run(self, find) -> None:
        try:
            self.value = find()
        except BaseException as error:  # raised on the game's thread, by take()
            self.error = error
        finally:
            self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def take(self):
        if self.error is not None:
            raise self.error
        return self.value


class LevelPlayScene(Scene):
    """Subclasses set `params`, `par` and `view`, build their controls through
    `_build_shared_controls`, and give `done`, `step_once`, `judge` and `reset`."""

    step_label, step_keys = N_("Step"), (pygame.K_s,)
    steps_in_phases = False  # the Step button becomes "Next phase" while a step is shown in its phases
    play_label = N_("Play")

    def __init__(self, app, level) -> None:
        super().__init__(app)
        self.level = level
        self.speed_index = SPEEDS.index(1.0)
        self.running = False
        self.finish_timer: float | None = None
        self.result = None
        self.lesson_page = 0
        self._par: int | None = None
        self._par_search: ParSearch | None = None  # par still being searched (see find_par)
        self.waiting_for_par = False  # a run ended before its par was known: judged when it is

    # --- par -------------------------------------------------------------------------------

    def find_par(self, family) -> None:
        """The level's par (NumPy): at once where it is already known (memory, the disk cache) or
        where the app wants it at once (tools, tests: app.background_par false); else searched
        in a background thread while the scene draws ("par …" on the goal card) and any run that
        ends first waits for it to be judged."""
        level = self.level
        if getattr(self.app, "background_par", False) and not family.has_par(level):
            searches = self.app.par_searches  # one search per level, however often it is opened
            key = (family.kind, level.id)
            if key not in searches or searches[key].error is not None:
                searches[key] = ParSearch(lambda: family.par_steps(level))
            self._par_search = searches[key]
        else:
            self.par = family.par_steps(level)

    @property
    def par_known(self) -> bool:
        if self._par_search is not None and self._par_search.done:
            self._par, self._par_search = self._par_search.take(), None
        return self._par_search is None

    @property
    def par(self) -> int | None:
        """Fewest steps that clear the level (None: none do, or not known yet: see par_known)."""
        return self._par if self.par_known else None

    @par.setter
    def par(self, value: int | None) -> None:
        self._par, self._par_search = value, None

    def wait_for_par(self, timeout: float | None = None) -> bool:
        """Block until par is known (a tool that pictures the scene); whether it is."""
        if self._par_search is not None:
            self._par_search.wait(timeout)
        return self.par_known

    # --- what else the player can bring up -------------------------------------------------

    @classmethod
    def extra_states(cls, level) -> tuple[str, ...]:
        """What else a player can bring up on `level` besides playing, stepping, the phases and
        the results (a picked weight, a card, an answered question), by name; `enter_state`
        brings one up on a fresh scene. The layout check stages each (game/perf/layout.py)."""
        return ()

    def enter_state(self, name: str) -> None:
        raise KeyError(f"level {self.level.id!r} has no state {name!r}")

    # --- the subclass's run ----------------------------------------------------------------

    @property
    def done(self) -> bool:
        raise NotImplementedError

    def step_once(self) -> None:
        """The Step button: one step (or one phase of it)."""
        raise NotImplementedError

    def on_play(self) -> None:
        """Play was just switched on."""

    def judge(self):
        """The RunResult of the finished run."""
        raise NotImplementedError

    def restart(self) -> None:
        """Reset (R, the button): back to the level's own start. A subclass that lets the player
        move its state by hand (the network's wiggled weights) drops those here."""
        self.reset()

    def counts(self) -> bool:
        """Whether the finished run is the level's own: kept in the save and sent to the class."""
        return True

    def animate(self, dt: float) -> None:
        """What moves each tick even once the run is over."""

    def pace(self, dt: float) -> None:
        """Steps taken on this tick while the run goes on."""

    def pointer(self, event: Pointer) -> bool:
        """A pointer event before the widgets see it; True when used."""
        return False

    def own_shortcuts(self) -> dict:
        """The scene's own keys (pygame key -> action); the shared keys win a clash."""
        return {}

    # --- parameters ----------------------------------------------------------------------

    def _build_shared_controls(self, own_sliders=(), own_widgets=()) -> None:
        """η, μ, optimizer and transport; keyboard focus runs η, μ, `own_sliders`, optimizer,
        transport, `own_widgets`."""
        level = self.level
        self.eta_slider = Slider(N_("η  learning rate"), self.params["eta"], level.eta.min, level.eta.max,
                                 log=level.eta.min > 0, on_change=lambda v: self.set_params(eta=v),
                                 color="CYAN", fmt="{:.3g}", enabled=not level.eta.locked,
                                 reason=FIXED, hint="E")
        self.mu_slider = Slider(N_("μ  momentum"), self.params["mu"], level.mu.min, level.mu.max,
                                on_change=lambda v: self.set_params(mu=v), color="VIOLET",
                                fmt="{:.2f}", enabled=not level.mu.locked and self.uses_mu(),
                                reason=self._mu_reason(), hint="U")
        self.param_sliders = {"eta": self.eta_slider, "mu": self.mu_slider}
        self.slider_keys = {pygame.K_e: self.eta_slider, pygame.K_u: self.mu_slider}
        self.optimizer_button = Button(self._optimizer_label(), self.cycle_optimizer, hint="O",
                                       enabled=len(level.optimizers) > 1, reason=N_("only one optimizer here"),
                                       accent="VIOLET")
        self.reset_button = Button(N_("Reset"), self.restart, hint="R", accent="INK_DIM")
        self.step_button = Button(self.step_label, self.step_once, hint=pygame.key.name(self.step_keys[0]).upper(),
                                  also=(N_("Next phase"),) if self.steps_in_phases else (),
                                  accent="CYAN")
        self.play_button = Button(self.play_label, self.toggle_play, hint=N_("Space"), accent="ORANGE", big=True,
                                  also=(N_("Pause"),))
        self.slower_button = Button("−", self.slower, hint="[", accent="INK_DIM")
        self.faster_button = Button("+", self.faster, hint="]", accent="INK_DIM")
        self._show_mu()
        self.sliders = [self.eta_slider, self.mu_slider, *own_sliders]
        self.focus.set_widgets([*self.sliders, self.optimizer_button, self.reset_button, self.step_button,
                                self.play_button, self.slower_button, self.faster_button, *own_widgets])

    def uses_mu(self) -> bool:
        return optim.uses_mu(self.params["optimizer"])

    def _mu_reason(self) -> str:
        """Why the μ slider is off, true for the chosen optimizer."""
        if self.level.mu.locked:
            return FIXED
        return MU_REASONS.get(self.params["optimizer"], NO_MOMENTUM)

    def _show_mu(self) -> None:
        """The μ slider shows the momentum the run really has: the player's μ where the optimizer
        reads it, Adam's own β₁, or none at all (0) where it has no momentum."""
        level = self.level
        self.mu_slider.enabled = not level.mu.locked and self.uses_mu()
        self.mu_slider.reason = self._mu_reason()
        if not self.uses_mu() and not level.mu.locked:
            effective = optim.ADAM_BETA1 if self.params["optimizer"] in OWN_MOMENTUM else 0.0
            self.mu_slider.set_value(min(level.mu.max, max(level.mu.min, effective)), notify=False)

    def _optimizer_label(self) -> str:
        return optim.title(self.params["optimizer"])

    def set_params(self, **changes) -> None:
        """Change the player's parameters (clamped to what the level allows) and start a fresh
        run. The map view calls this too."""
        level = self.level
        for name, value in changes.items():
            if name == "optimizer":
                if value in level.optimizers:
                    self.params["optimizer"] = value
                continue
            if name not in self.param_sliders or value is None:
                continue
            try:
                value = float(value)
            except (TypeError, ValueError):
                continue
            if not math.isfinite(value):
                continue
            r = getattr(level, name)
            self.params[name] = r.default if r.locked else min(r.max, max(r.min, value))
        for name, slider in self.param_sliders.items():
            slider.set_value(self.params[name], notify=False)
        self._show_mu()
        self.optimizer_button.label = self._optimizer_label()
        self.reset()

    def cycle_optimizer(self) -> None:
        names = list(self.level.optimizers)
        if len(names) > 1:
            i = names.index(self.params["optimizer"]) if self.params["optimizer"] in names else 0
            self.set_params(optimizer=names[(i + 1) % len(names)])

    # --- the run -------------------------------------------------------------------------

    def reset(self) -> None:
        """A fresh run with the same parameters; the subclass makes the run itself."""
        self.running = False
        self.finish_timer = None
        self.result = None
        self.waiting_for_par = False

    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    def slower(self) -> None:
        self.speed_index = max(0, self.speed_index - 1)

    def faster(self) -> None:
        self.speed_index = min(len(SPEEDS) - 1, self.speed_index + 1)

    def toggle_play(self) -> None:
        if self.done:
            self.reset()
        self.running = not self.running
        if self.running:
            self.on_play()

    def next_lesson_page(self) -> None:
        self.lesson_page = (self.lesson_page + 1) % max(1, self.view.lesson_page_count())

    def _finish(self) -> None:
        """The run is over: judge it, keep the stars, sound it, and show the results soon (once
        par is known: the stars need it)."""
        self.running = False
        if not self.par_known:
            self.waiting_for_par = True  # update() finishes it when the search is done
            return
        self.waiting_for_par = False
        self.result = self.judge()
        outcome = self.result.outcome
        if self.counts():
            self.app.store.record(self.level.id, outcome.stars, outcome.steps, outcome.cleared)
        if outcome.status == "diverged":
            self.app.audio.thud()
        elif outcome.cleared:
            self.app.audio.chime()
        self.finish_timer = 0.0

    # --- input ---------------------------------------------------------------------------

    def handle(self, event) -> bool:
        if isinstance(event, Key) and self._shortcut(event):
            return True
        if isinstance(event, Pad) and self._pad(event):
            return True
        if isinstance(event, Pointer) and self.pointer(event):
            return True
        return self.focus.handle(event)

    def _shortcut(self, event: Key) -> bool:
        k = event.key
        actions = {**self.own_shortcuts(), pygame.K_r: self.restart, pygame.K_LEFTBRACKET: self.slower,
                   pygame.K_RIGHTBRACKET: self.faster, pygame.K_o: self.cycle_optimizer,
                   pygame.K_l: self.next_lesson_page, **{key: self.step_once for key in self.step_keys}}
        if k == pygame.K_SPACE and not (self.focus.ring_visible and isinstance(self.focus.focused, Button)):
            self.toggle_play()
        elif k in self.slider_keys:
            self.focus.focus(self.slider_keys[k])
            self.focus.ring_visible = True
        elif k in actions:
            actions[k]()
        else:
            return False
        return True

    def _pad(self, event: Pad) -> bool:
        if event.kind == "button":
            actions = {PAD_A: self.step_once, PAD_X: self.toggle_play, PAD_START: self.toggle_play,
                       PAD_Y: self.restart, PAD_B: self.back}
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

    # --- time ----------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        self.focus.update(dt)
        self.animate(dt)
        if self.waiting_for_par:
            if self.par_known:
                self._finish()
            return
        if self.finish_timer is not None:
            self.finish_timer += dt
            if self.finish_timer >= FINISH_PAUSE and self.app.stack.top is self:
                self.finish_timer = None
                self.app.show_results(self)
            return
        self.pace(dt)

    # --- drawing -------------------------------------------------------------------------

    def layout(self, size, ui_scale) -> None:
        super().layout(size, ui_scale)
        self.view.layout(size, ui_scale)

    def draw(self, painter, alpha: float) -> None:
        self.view.draw(painter, alpha)

    def exit(self) -> None:
        self.view.release()

    def problems(self) -> list[str]:
        return [f"{self.name} {self.level.id}: {name} is {self.params[name]}"
                for name in self.param_sliders if not math.isfinite(self.params[name])]
