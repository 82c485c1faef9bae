"""The play scene for classify levels (seed 002, Interactives 6-8; seed 004's hidden layers and
templates): the player's η, μ and optimizer (and where the level allows, the hidden layer's
width and activation) in, a classifier trained epoch by epoch out.

Rules that live here (the views only draw them):
- separate-line: a question opens after QUESTION_AFTER epochs; a right answer clears the level
  (the run is played out first), a wrong one is marked and may be tried again.
- separate-hidden: − / + neuron, the activation, and the build-your-network card change the
  network; each change starts a fresh run.
- predict: a click or touch in the plane places a point (up to MAX_PROBES; the oldest goes);
  its class probabilities are read from the live network every frame.
- digits: the player draws on a 32 × 32 pad with mouse or finger; the network reads it as the
  UCI data were made: 4 × 4 blocks counted into an 8 × 8 image of 0..16, scaled to 0..1.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.i18n import N_
from game.render import theme
from game.render.classify_view import PAD_SIDE, PLANE_VIEW, view_for
from game.scenes.level_play import LevelPlayScene
from game.sim.families import family_of
from game.sim.families.classify import HIDDEN_ACTIVATIONS, MAX_WIDTH
from game.ui.button import Button
from game.ui.choice import ChoiceButton
from game.ui.events import Pointer

EPOCHS_PER_SECOND = 12.0  # at speed x1
NEURONS_CATCH_UP = 0.5  # of an epoch: when the neurons' pictures show its weights (neuron_params)
QUESTION_AFTER = 20  # epochs of training before the separate-line question opens
WRONG = N_("Not that one. Train with another η or optimizer and look again.")
RIGHT = N_("Right.")  # the results that follow at once say why (the question's explanation)
MAX_PROBES = 12
BLOCK = 4
BRUSH = 1.6  # brush radius in pad cells
ACTIVATION_LABELS = {"tanh": N_("Activation: tanh"), "relu": N_("Activation: ReLU"),
                     "sigmoid": N_("Activation: sigmoid")}


def pad_to_image(canvas: np.ndarray) -> np.ndarray:
    """A 32 x 32 drawing (0..1 ink per cell) -> the 64 inputs the network reads: each 4 x 4
    block's inked cells counted (0..16, as the UCI data were made) and scaled to 0..1."""
    on = (np.asarray(canvas) >= 0.5).astype(np.float64)
    counts = on.reshape(8, BLOCK, 8, BLOCK).sum(axis=(1, 3))
    return counts.reshape(64) / 16.0


class ClassifyScene(LevelPlayScene):
    name = "classify"
    step_label, step_keys = N_("Epoch"), (pygame.K_s, pygame.K_t)
    play_label = N_("Train")

    def __init__(self, app, level) -> None:
        super().__init__(app, level)
        self.family = family_of(level)
        self.spec = level.spec
        defaults = self.family.level_params(level)
        self.params = {"eta": defaults.eta, "mu": defaults.mu, "optimizer": defaults.optimizer,
                       "hidden": defaults.hidden, "activation": defaults.activation}
        self.find_par(self.family)  # in the background where the search is slow (classifiers)
        self.clock = 0.0
        self.probes: list[tuple[float, float]] = []
        self.canvas = np.zeros((PAD_SIDE, PAD_SIDE))
        self.drawing = False
        self.last_cell: tuple[float, float] | None = None
        self.feedback = ""  # what the last answer earned: one of feedback_texts
        self.feedback_texts = (WRONG, RIGHT)
        own = []
        question = self.spec.question
        self.choice_buttons = []
        if question is not None:
            self.choice_buttons = [ChoiceButton(text, (lambda i=i: self.answer(i)), letter="ABCD"[i])
                                   for i, text in enumerate(question.choices)]
            own += self.choice_buttons
        self.width_buttons: list[Button] = []
        if self.spec.choose:
            self.narrower = Button(N_("− neuron"), lambda: self.change_width(-1), hint="−", accent="BLUE")
            self.wider = Button(N_("+ neuron"), lambda: self.change_width(1), hint="+", accent="BLUE")
            self.activation_button = Button(self._activation_label(), self.cycle_activation, hint="A",
                                            accent="VIOLET")
            self.build_button = Button(N_("Build…"), self.open_builder, hint="B", accent="INK_DIM")
            self.width_buttons = [self.narrower, self.wider, self.activation_button, self.build_button]
            own += self.width_buttons
        self.clear_button = None
        if self.spec.data == "digits":
            self.clear_button = Button(N_("Clear pad"), self.clear_pad, hint="C", accent="INK_DIM")
            own.append(self.clear_button)
        elif self.spec.question is None and not self.spec.choose:
            self.clear_button = Button(N_("Clear points"), self.clear_probes, hint="C", accent="INK_DIM")
            own.append(self.clear_button)
        self.view = view_for(self.spec)(app.ctx, self)
        self._build_shared_controls((), own)
        self.reset()

    # --- the network -----------------------------------------------------------------------

    @classmethod
    def extra_states(cls, level) -> tuple[str, ...]:
        spec = level.spec
        return (("wrong-answer", "right-answer") if spec.question is not None else ()) + \
            (("build",) if spec.choose else ())

    def enter_state(self, name: str) -> None:
        question = self.spec.question
        if name in ("wrong-answer", "right-answer") and question is not None:
            self.advance_steps(self.question_after)  # the question opens
            wrong = next(i for i in range(len(question.choices)) if i != question.right)
            self.answer(question.right if name == "right-answer" else wrong)
        elif name == "build" and self.spec.choose:
            self.open_builder()
        else:
            super().enter_state(name)

    @property
    def shape(self):
        return self.run.shape

    def _activation_label(self) -> str:
        return ACTIVATION_LABELS[self.params["activation"]]

    def change_width(self, delta: int) -> None:
        self.set_network(hidden=self.params["hidden"] + delta)

    def cycle_activation(self) -> None:
        names = list(HIDDEN_ACTIVATIONS)
        self.set_network(activation=names[(names.index(self.params["activation"]) + 1) % len(names)])

    def set_network(self, hidden: int | None = None, activation: str | None = None) -> None:
        """The player's build: a width of 1..MAX_WIDTH and an activation; a fresh run."""
        if not self.spec.choose:
            return
        if hidden is not None:
            self.params["hidden"] = max(1, min(MAX_WIDTH, int(hidden)))
        if activation in HIDDEN_ACTIVATIONS:
            self.params["activation"] = activation
        self.activation_button.label = self._activation_label()
        self.narrower.enabled = self.params["hidden"] > 1
        self.wider.enabled = self.params["hidden"] < MAX_WIDTH
        self.reset()

    def open_builder(self) -> None:
        from game.scenes.network_build import BuildScene

        sizes = self.run.shape.sizes
        self.app.stack.push(BuildScene(self.app, sizes, one_hidden_layer=True, max_width=MAX_WIDTH,
                                       on_done=lambda built: self.set_network(hidden=built[1])))

    def run_params(self):
        p = self.params
        return self.family.level_params(self.level, eta=p["eta"], mu=p["mu"], optimizer=p["optimizer"],
                                        hidden=p["hidden"], activation=p["activation"])

    # --- the run ---------------------------------------------------------------------------

    def reset(self) -> None:
        super().reset()
        previous = getattr(self, "run", None)
        if previous is not None:
            previous.release()
        # trained by the app's backend: the GPU kernel where there is one, else NumPy
        self.run = self.app.compute.start(self.level, self.run_params())
        self.clock = 0.0
        self.neurons_behind: np.ndarray | None = None  # the weights the neurons' pictures trail with
        self.feedback = ""
        for button in self.choice_buttons:
            button.verdict = None
        self._update_choices()

    @property
    def done(self) -> bool:
        return self.run.done

    @property
    def waiting_for_answer(self) -> bool:
        return self.spec.question is not None and self.run.answer_right is not True

    @property
    def question_open(self) -> bool:
        return self.spec.question is not None and (self.run.t >= QUESTION_AFTER or self.run.done)

    def _update_choices(self) -> None:
        for button in self.choice_buttons:
            button.enabled = self.question_open and self.result is None
            button.reason = N_("train first")

    def step_once(self) -> None:
        self.running = False
        self._epoch()

    def _epoch(self) -> None:
        if self.run.done or self.result is not None:
            return
        self.run.epoch()
        self.app.audio.tick(min(1.0, max(0.0, 1.0 - self.run.accuracy)))
        self._update_choices()
        if self.run.done:
            self.running = False
            if not self.waiting_for_answer:
                self._finish()

    def advance_steps(self, n: int) -> None:
        """Take n epochs at once (screenshots, tests); stops early when the run ends."""
        self.neurons_behind = None
        for _ in range(max(0, int(n))):
            if self.run.done or self.result is not None:
                break
            self._epoch()

    def show_phase(self, index: int) -> None:
        """An epoch has no phases to stop on: the picture is the state after the last epoch."""

    def pace(self, dt: float) -> None:
        if not self.running:
            return
        self.clock += dt * self.speed * EPOCHS_PER_SECOND
        epochs = 0
        while self.clock >= 1.0 and self.running:
            if self.neurons_behind is None:
                self.neurons_behind = np.array(self.run.params, copy=True)
            self.clock -= 1.0
            self._epoch()
            epochs += 1
        if self.clock >= NEURONS_CATCH_UP:
            self.neurons_behind = None
        if self.running and not epochs:  # a tick that drew an epoch has work enough
            self.run.prepare()  # the next epoch's parts, spread over the ticks before it is due

    def neuron_params(self) -> np.ndarray:
        """The weights the hidden neurons' pictures show. While Train runs they catch up with
        the run NEURONS_CATCH_UP of an epoch after it: the frame that draws an epoch's regions
        (and the points over them) does not draw every neuron's picture as well: on the test
        machine's software GL the heaviest frames of Bend the space lost 1.5-2 ms of their
        12-14 (issue 12). Paused, stepped or reset: the run's own."""
        if self.neurons_behind is None or not self.running:
            return self.run.params
        return self.neurons_behind

    def toggle_play(self) -> None:
        if self.run.done and self.result is None:
            return  # waiting for the answer: there is nothing left to train
        super().toggle_play()

    def answer(self, index: int) -> None:
        """The player's answer to the level's question."""
        if not self.question_open or self.result is not None:
            return
        question = self.spec.question
        self.run.answers.append(index)
        right = index == question.right
        self.choice_buttons[index].verdict = right
        if right:
            self.running = False
            self.feedback = RIGHT
            self.run.run()  # play the epochs out: the outcome says where the line got to
            self._finish()
        else:
            self.feedback = WRONG

    def judge(self):
        return self.family.judge(self.level, self.run_params(), self.run, self.par)

    question_after = QUESTION_AFTER

    def family_target(self) -> float | None:
        """The accuracy the level's goal asks for (None: it asks for none)."""
        from game.sim.families.base import goal_value

        return goal_value(self.level, "accuracy_at_least")

    def held_out_confusion(self) -> np.ndarray:
        """counts[true, read as] on the held-out points (the training points if none), once per epoch."""
        key = (id(self.run), self.run.t)
        if getattr(self, "_confusion_key", None) != key:
            points = self.run.held_out if self.run.held_out is not None else self.run.train
            with np.errstate(all="ignore"):
                self._confusion = self.run.confusion(points)
            self._confusion_key = key
        return self._confusion

    # --- predictions -------------------------------------------------------------------------

    def probe_probabilities(self) -> np.ndarray:
        """(probes, classes) from the live network."""
        if not self.probes:
            return np.zeros((0, 2))
        with np.errstate(all="ignore"):
            return self.run.probabilities(np.asarray(self.probes))

    def pad_image(self) -> np.ndarray:
        return pad_to_image(self.canvas)

    def pad_probabilities(self) -> np.ndarray:
        with np.errstate(all="ignore"):
            return self.run.probabilities(self.pad_image()[None])[0]

    def clear_pad(self) -> None:
        self.canvas[:] = 0.0

    def clear_probes(self) -> None:
        self.probes.clear()

    def _paint(self, x: float, y: float) -> None:
        """Ink along the stroke from the last cell to (x, y), in pad cells."""
        start = self.last_cell or (x, y)
        self.last_cell = (x, y)
        n = max(1, int(math.hypot(x - start[0], y - start[1]) * 2))
        rows, cols = np.indices(self.canvas.shape) + 0.5
        for t in np.linspace(0.0, 1.0, n + 1):
            cx, cy = start[0] + (x - start[0]) * t, start[1] + (y - start[1]) * t
            self.canvas[np.hypot(cols - cx, rows - cy) <= BRUSH] = 1.0

    def pointer(self, event: Pointer) -> bool:
        if self.spec.data == "digits":
            cell = self.view.pad_cell(event.x, event.y)
            if event.kind == "down" and cell is not None:
                self.drawing = True
                self.last_cell = None
                self._paint(*cell)
                return True
            if event.kind == "move" and self.drawing:
                if cell is not None:
                    self._paint(*cell)
                return True
            if event.kind == "up" and self.drawing:
                self.drawing = False
                return True
            return False
        if self.spec.question is None and not self.spec.choose and event.kind == "down":
            point = self.view.plane_point(event.x, event.y)
            if point is not None:
                self.probes.append(point)
                del self.probes[:-MAX_PROBES]
                return True
        return False

    def own_shortcuts(self) -> dict:
        keys = {pygame.K_a + i: button.activate for i, button in enumerate(self.choice_buttons)}
        if self.spec.choose:
            keys = {pygame.K_EQUALS: self.wider.activate, pygame.K_PLUS: self.wider.activate,
                    pygame.K_KP_PLUS: self.wider.activate, pygame.K_MINUS: self.narrower.activate,
                    pygame.K_KP_MINUS: self.narrower.activate, pygame.K_a: self.cycle_activation,
                    pygame.K_b: self.open_builder}
        if self.clear_button is not None:
            keys[pygame.K_c] = self.clear_button.activate
        return keys

    # --- time --------------------------------------------------------------------------------

    def animate(self, dt: float) -> None:
        self._update_choices()

    def exit(self) -> None:
        super().exit()
        self.run.release()

    def problems(self) -> list[str]:
        found = super().problems()
        if self.run.status == "running" and not np.isfinite(self.run.params).all():
            found.append(f"classify {self.level.id}: running network with non-finite weights")
        return found


def register_scenes(registry) -> None:
    registry.register_level_scene("classify", ClassifyScene)


__all__ = ["ClassifyScene", "pad_to_image", "PLANE_VIEW", "QUESTION_AFTER", "MAX_PROBES"]
