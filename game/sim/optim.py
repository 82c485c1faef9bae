"""The four optimizers, as batched steps on arrays (one ball or a million, float64 or float32).

Definitions follow PyTorch's (torch.optim.SGD with momentum/nesterov, torch.optim.Adam), written
in the velocity form the game shows:

    gd        x <- x - eta*g
    momentum  v <- mu*v - eta*g ;  x <- x + v                 (SGD momentum, dampening 0)
    nesterov  v <- mu*v - eta*g ;  x <- x + mu*v - eta*g      (SGD nesterov=True)
    adam      m <- b1*m + (1-b1)*g ; s <- b2*s + (1-b2)*g^2
              x <- x - eta * (m / (1-b1^t)) / (sqrt(s / (1-b2^t)) + eps)

PyTorch keeps a buffer b = mu*b + g and steps x -= eta*b; with a constant eta that is the same
sequence of x as above, with v = -eta*b. Adam has no mu: its betas are fixed at 0.9 / 0.999.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

OPTIMIZERS = ("gd", "momentum", "nesterov", "adam")
ADAM_BETA1 = 0.9
ADAM_BETA2 = 0.999
ADAM_EPS = 1e-8


@dataclass(frozen=True)
class OptimState:
    v: np.ndarray  # velocity (momentum, nesterov) or first moment m (adam)
    s: np.ndarray  # second moment (adam only)
    t: int  # updates made so far


def init_state(x: np.ndarray) -> OptimState:
    x = np.asarray(x)
    return OptimState(v=np.zeros_like(x), s=np.zeros_like(x), t=0)


def uses_mu(name: str) -> bool:
    """Whether the optimizer reads the momentum μ (the others ignore it)."""
    return name in ("momentum", "nesterov")


def check_optimizer(name: str) -> str:
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; expected one of {', '.join(OPTIMIZERS)}")
    return name


def step(name: str, x, grad, state: OptimState, eta, mu) -> tuple[np.ndarray, OptimState]:
    """One update of every element of x given its gradient. eta, mu broadcast against x."""
    check_optimizer(name)
    x = np.asarray(x)
    dtype = x.dtype.type
    eta = np.asarray(eta, dtype=x.dtype)
    mu = np.asarray(mu, dtype=x.dtype)
    with np.errstate(all="ignore"):  # a diverging run overflows; the caller reads it as diverged
        if name == "gd":
            return x - eta * grad, OptimState(state.v, state.s, state.t + 1)
        if name == "momentum":
            v = mu * state.v - eta * grad
            return x + v, OptimState(v, state.s, state.t + 1)
        if name == "nesterov":
            v = mu * state.v - eta * grad
            return x + mu * v - eta * grad, OptimState(v, state.s, state.t + 1)
        # adam
        t = state.t + 1
        m = dtype(ADAM_BETA1) * state.v + dtype(1 - ADAM_BETA1) * grad
        s = dtype(ADAM_BETA2) * state.s + dtype(1 - ADAM_BETA2) * grad * grad
        m_hat = m / dtype(1 - ADAM_BETA1**t)
        s_hat = s / dtype(1 - ADAM_BETA2**t)
        return x - eta * m_hat / (np.sqrt(s_hat) + dtype(ADAM_EPS)), OptimState(m, s, t)
