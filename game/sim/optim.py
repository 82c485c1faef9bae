"""The optimizer table: one entry per optimizer, as batched steps on arrays (one ball or a
million, float64 or float32). Everything else reads this table: the GLSL kernels' #defines
(game/gpu/programs.py), the level schema's list, the play scenes' names, the explanations and
the command line's choices. A name not in the table is an error, never a silent fallback.

Definitions follow PyTorch's (torch.optim.SGD with momentum/nesterov, torch.optim.Adam), written
in the velocity form the game shows:

    gd        x <- x - eta*g
    momentum  v <- mu*v - eta*g ;  x <- x + v                 (SGD momentum, dampening 0)
    nesterov  v <- mu*v - eta*g ;  x <- x + mu*v - eta*g      (SGD nesterov=True)
    adam      m <- b1*m + (1-b1)*g ; s <- b2*s + (1-b2)*g^2
              x <- x - eta * (m / (1-b1^t)) / (sqrt(s / (1-b2^t)) + eps)
    rmsprop   s <- a*s + (1-a)*g^2 ;  x <- x - eta*g / (sqrt(s) + eps)   (alpha 0.99, eps 1e-8,
              no momentum, not centred: torch.optim.RMSprop's defaults)
    adamw     x <- x - eta*wd*x, then the Adam step (decoupled weight decay 0.01, betas
              0.9/0.999, eps 1e-8: torch.optim.AdamW's defaults; the slope is the one at x
              before the decay)

PyTorch keeps a buffer b = mu*b + g and steps x -= eta*b; with a constant eta that is the same
sequence of x as above, with v = -eta*b. Adam, RMSprop and AdamW have no mu: their constants are
PyTorch's defaults. (PyTorch divides by sqrt(s)/sqrt(1-b2^t) + eps; we take sqrt(s/(1-b2^t)): the
same number up to rounding.)

Each entry's `carry` is the motion the optimizer takes into its next step whatever the slope,
which decides when a ball is at rest (game/sim/run.py): "none" (gd: no memory), "velocity"
(its v), or "move" (the step just made: Adam's moments keep it moving).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from game.i18n import N_  # titles are msgids: shown translated (game.i18n is the lowest layer)

ADAM_BETA1 = 0.9
ADAM_BETA2 = 0.999
ADAM_EPS = 1e-8
RMSPROP_ALPHA = 0.99
RMSPROP_EPS = 1e-8
ADAMW_WEIGHT_DECAY = 0.01
CARRIES = ("none", "velocity", "move")


@dataclass(frozen=True)
class OptimState:
    v: np.ndarray  # velocity (momentum, nesterov) or first moment m (adam, adamw)
    s: np.ndarray  # second moment (adam, adamw, rmsprop)
    t: int  # updates made so far


def init_state(x: np.ndarray) -> OptimState:
    x = np.asarray(x)
    return OptimState(v=np.zeros_like(x), s=np.zeros_like(x), t=0)


# ---------------------------------------------------------------------------------------------
# The updates: (x, g, state, eta, mu, dtype) -> (new x, new state), eta and mu already arrays
# ---------------------------------------------------------------------------------------------


def _gd(x, g, state, eta, mu, dtype):
    return x - eta * g, OptimState(state.v, state.s, state.t + 1)


def _momentum(x, g, state, eta, mu, dtype):
    v = mu * state.v - eta * g
    return x + v, OptimState(v, state.s, state.t + 1)


def _nesterov(x, g, state, eta, mu, dtype):
    v = mu * state.v - eta * g
    return x + mu * v - eta * g, OptimState(v, state.s, state.t + 1)


def _adam_moments(g, state, dtype):
    """Adam's moments after this step and their bias-corrected values."""
    t = state.t + 1
    m = dtype(ADAM_BETA1) * state.v + dtype(1 - ADAM_BETA1) * g
    s = dtype(ADAM_BETA2) * state.s + dtype(1 - ADAM_BETA2) * g * g
    return OptimState(m, s, t), m / dtype(1 - ADAM_BETA1**t), s / dtype(1 - ADAM_BETA2**t)


def _adam(x, g, state, eta, mu, dtype):
    new, m_hat, s_hat = _adam_moments(g, state, dtype)
    return x - eta * m_hat / (np.sqrt(s_hat) + dtype(ADAM_EPS)), new


def _adamw(x, g, state, eta, mu, dtype):
    decayed = x - (eta * dtype(ADAMW_WEIGHT_DECAY)) * x
    return _adam(decayed, g, state, eta, mu, dtype)


def _rmsprop(x, g, state, eta, mu, dtype):
    s = dtype(RMSPROP_ALPHA) * state.s + dtype(1 - RMSPROP_ALPHA) * g * g
    return x - eta * g / (np.sqrt(s) + dtype(RMSPROP_EPS)), OptimState(state.v, s, state.t + 1)


# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Optimizer:
    name: str
    title: str  # what the player reads on the optimizer button
    uses_mu: bool  # whether μ means anything to it (the μ slider, par's μ grid)
    carry: str  # one of CARRIES: what it carries into its next step (the at-rest rule)
    glsl_id: int  # OPT_<NAME> in shaders/include/optimizers.glsl
    constants: Mapping[str, float]  # GLSL #define name -> its value (sent as the float32 NumPy uses)
    bias_table: bool  # whether the kernels need Adam's bias-correction table (binding 7)
    update: Callable  # one step, see above
    rule: str  # the update as the player reads it
    panel: tuple[str, ...]  # the numbers of one step, filled from a real look-ahead step:
    # {x} {g} {eta} {mu} {v} (before; {gf} {g2f} {v2f}: as factors, negatives in brackets), {new_v} {new_m} {new_s} {new_x} (after), {move}
    flow: str  # the step in one short line (the four-phase flowchart's update box)


ADAM_CONSTANTS = {"ADAM_B1": ADAM_BETA1, "ADAM_B2": ADAM_BETA2, "ADAM_ONE_MINUS_B1": 1 - ADAM_BETA1,
                  "ADAM_ONE_MINUS_B2": 1 - ADAM_BETA2, "ADAM_EPS": ADAM_EPS}

TABLE: dict[str, Optimizer] = {entry.name: entry for entry in (
    Optimizer("gd", N_("Gradient descent"), False, "none", 0, {}, False, _gd,
              "x ← x − η·∇f(x)", ("  = {x} − {eta} × {gf}", "  = {new_x}"), "x ← {x} − {eta} × {g2f} = {new_x}"),
    Optimizer("momentum", N_("Momentum"), True, "velocity", 1, {}, False, _momentum,
              "v ← μ·v − η·∇f(x)", ("  = {mu} × {v2f} − {eta} × {g2f} = {new_v3}", "x ← x + v = {new_x}"),
              "v ← {new_v},  x ← {new_x}"),
    Optimizer("nesterov", N_("Nesterov"), True, "velocity", 2, {}, False, _nesterov,
              "v ← μ·v − η·∇f(x)", ("  = {mu} × {v2f} − {eta} × {g2f} = {new_v3}", "x ← x + μ·v − η·∇f = {new_x}"),
              "v ← {new_v},  x ← {new_x}"),
    Optimizer("adam", N_("Adam"), False, "move", 3, ADAM_CONSTANTS, True, _adam,
              "x ← x − η·m̂ / (√ŝ + ε)", ("  ∇f(x) = {g}   m = {new_m}", "  x ← {new_x}"), "x ← {new_x}  (m = {new_m})"),
    # RMSprop's steps are scaled by its memory of the slopes, so, like Adam's, they are judged by
    # the move they make
    Optimizer("rmsprop", "RMSprop", False, "move", 4,
              {"RMSPROP_ALPHA": RMSPROP_ALPHA, "RMSPROP_ONE_MINUS_ALPHA": 1 - RMSPROP_ALPHA,
               "RMSPROP_EPS": RMSPROP_EPS}, False, _rmsprop,
              "x ← x − η·∇f / (√s + ε)", ("  ∇f(x) = {g}   s = {new_s}", "  x ← {new_x}"), "x ← {new_x}  (s = {new_s})"),
    Optimizer("adamw", "AdamW", False, "move", 5, ADAM_CONSTANTS | {"ADAMW_WEIGHT_DECAY": ADAMW_WEIGHT_DECAY},
              True, _adamw, "x ← x − η·λ·x − η·m̂ / (√ŝ + ε)", ("  ∇f(x) = {g}   m = {new_m}", "  x ← {new_x}"),
              "x ← {new_x}  (m = {new_m})"),
)}

OPTIMIZERS = tuple(TABLE)


def optimizer(name: str) -> Optimizer:
    """The table's entry for `name`; ValueError naming the known ones if there is none."""
    entry = TABLE.get(name)
    if entry is None:
        raise ValueError(f"unknown optimizer {name!r}; expected one of {', '.join(OPTIMIZERS)}")
    return entry


def check_optimizer(name: str) -> str:
    return optimizer(name).name


def uses_mu(name: str) -> bool:
    """Whether the optimizer reads the momentum μ (the others ignore it)."""
    return optimizer(name).uses_mu


def title(name: str) -> str:
    return optimizer(name).title


def step(name: str, x, grad, state: OptimState, eta, mu) -> tuple[np.ndarray, OptimState]:
    """One update of every element of x given its gradient. eta, mu broadcast against x."""
    entry = optimizer(name)
    x = np.asarray(x)
    eta = np.asarray(eta, dtype=x.dtype)
    mu = np.asarray(mu, dtype=x.dtype)
    with np.errstate(all="ignore"):  # a diverging run overflows; the caller reads it as diverged
        return entry.update(x, grad, state, eta, mu, x.dtype.type)


def carry(name: str, moved: np.ndarray, state: OptimState) -> np.ndarray:
    """The motion the optimizer takes into its next step whatever the slope (the at-rest rule)."""
    rule = optimizer(name).carry
    if rule == "none":
        return np.zeros_like(moved)
    if rule == "velocity":
        return state.v
    return moved
