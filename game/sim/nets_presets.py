"""The five network levels as training tasks: which network, which data, which start.

A level's JSON has "network": {"preset": name, ...config}. `validate_network_config` checks the
config (the level loader calls it) and `build_task` turns it into a NetTask.

  calculus   seed 000: the 1-parameter engine y' = w x, loss (y' - y)^2
  neuron     seed 002: weighted sum + bias -> activation, trained towards a target
  backprop   seed 004: input -> hidden ReLU -> Cat / Dog / Bird, squared error
  paris      seed 001: the words The, Capital, Is -> hidden mixers -> softmax over capitals;
             with "sentences" (The Capital Of France Is -> Paris, ... Italy ... -> Rome) it learns
             several at once, its loss the mean cross entropy over them
  landscape  seed 001 sec. 5: the Paris network trained only along a 2-D slice of its weights,
             so its state is a ball on a surface the player can see

The Paris inputs are one node per word, lit with 1.0 when the word is in the prompt and 0 when
it is not: the seed draws exactly the three input nodes The, Capital, Is. With one sentence to
learn, any η big enough wins in a step or two (nothing pulls the weights another way), so the
level teaches with several sentences: the updates for France -> Paris and Italy -> Rome share
the mixers, and too big a step for one undoes the other, which is what makes a real network's
loss oscillate at too large a learning rate.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from game.sim.nets import ACTIVATIONS, NetShape, init_params
from game.sim.nets_task import DEFAULT_WEIGHT_LIMIT, NetTask
from game.sim.optim import init_state, step

PRESETS = ("calculus", "neuron", "backprop", "paris", "landscape", "fit", "forward", "chain")
LAB = ("fit", "forward", "chain")  # the learning-rate lab's networks: game/sim/lab_presets.py
MAX_NEURONS = 16  # per layer: the networks are drawn node by node
MAX_SENTENCES = 8  # Paris: each one is drawn in the sentence strip
PARIS_DEFAULTS = {"inputs": ["The", "Capital", "Is"], "hidden": 4, "hidden_activation": "tanh",
                  "vocab": ["Paris", "London", "Rome", "Berlin", "Madrid"], "target": "Paris",
                  "seed": 1, "init_scale": 1.0}


class NetworkConfigError(ValueError):
    """A network level's config is unusable; str() is one line naming the field."""


def _number(config, key, problems, lo=-1e6, hi=1e6, default=None):
    value = config.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
        problems.append((f".{key}", f"must be a number from {lo:g} to {hi:g}, got {value!r}"))
        return None
    return float(value)


def _integer(config, key, problems, lo, hi, default=None):
    value = config.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        problems.append((f".{key}", f"must be a whole number from {lo} to {hi}, got {value!r}"))
        return None
    return value


def _activation(config, key, problems, default):
    value = config.get(key, default)
    if value not in ACTIVATIONS:
        problems.append((f".{key}", f"must be one of {', '.join(ACTIVATIONS)}, got {value!r}"))
    return value


def _numbers(config, key, problems, length=None, default=None):
    value = config.get(key, default)
    ok = (isinstance(value, (list, tuple)) and value and len(value) <= MAX_NEURONS
          and all(isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) <= 1e6 for v in value))
    if not ok:
        problems.append((f".{key}", f"must be a list of 1 to {MAX_NEURONS} numbers, got {value!r}"))
        return None
    if length is not None and len(value) != length:
        problems.append((f".{key}", f"must hold {length} numbers, got {len(value)}"))
        return None
    return [float(v) for v in value]


def _matrix(config, key, problems, rows, cols):
    value = config.get(key)
    ok = (isinstance(value, (list, tuple)) and len(value) == rows
          and all(isinstance(row, (list, tuple)) and len(row) == cols for row in value)
          and all(isinstance(v, (int, float)) and not isinstance(v, bool) for row in value for v in row))
    if not ok:
        problems.append((f".{key}", f"must be {rows} rows of {cols} numbers"))
        return None
    return [[float(v) for v in row] for row in value]


def _words(config, key, problems, default):
    value = config.get(key, default)
    ok = (isinstance(value, (list, tuple)) and 1 <= len(value) <= MAX_NEURONS
          and all(isinstance(w, str) and 0 < len(w) <= 16 for w in value) and len(set(value)) == len(value))
    if not ok:
        problems.append((f".{key}", f"must be a list of 1 to {MAX_NEURONS} different words (16 letters at most)"))
        return None
    return value


def _check_paris(config, problems) -> None:
    _words(config, "inputs", problems, PARIS_DEFAULTS["inputs"])
    vocab = _words(config, "vocab", problems, PARIS_DEFAULTS["vocab"])
    if vocab is not None and len(vocab) < 2:
        problems.append((".vocab", "needs at least two words to choose between"))
    target = config.get("target", PARIS_DEFAULTS["target"])
    if vocab is not None and target not in vocab:
        problems.append((".target", f"must be one of the vocab words, got {target!r}"))
    inputs = config.get("inputs", PARIS_DEFAULTS["inputs"])
    if "sentences" in config:
        _check_sentences(config["sentences"], inputs if isinstance(inputs, (list, tuple)) else (), vocab or (),
                         problems)
    label = config.get("answer_label", "right word")
    if not isinstance(label, str) or not 0 < len(label) <= 24:
        problems.append((".answer_label", f"must be a text of 1 to 24 letters, got {label!r}"))
    _integer(config, "hidden", problems, 1, MAX_NEURONS, PARIS_DEFAULTS["hidden"])
    _activation(config, "hidden_activation", problems, PARIS_DEFAULTS["hidden_activation"])
    _integer(config, "seed", problems, 0, 2**31 - 1, PARIS_DEFAULTS["seed"])
    _number(config, "init_scale", problems, 0.0, 10.0, PARIS_DEFAULTS["init_scale"])


def _check_sentences(sentences, inputs, vocab, problems) -> None:
    """Each sentence: {"words": the input words it lights, "answer": the vocab word it should give}."""
    if not isinstance(sentences, (list, tuple)) or not 1 <= len(sentences) <= MAX_SENTENCES:
        problems.append((".sentences", f"must be a list of 1 to {MAX_SENTENCES} sentences, got {sentences!r}"))
        return
    seen = set()
    for i, sentence in enumerate(sentences):
        where = f".sentences[{i}]"
        if not isinstance(sentence, Mapping) or set(sentence) != {"words", "answer"}:
            problems.append((where, 'must be {"words": [...], "answer": word}, '
                                    f"got {dict(sentence) if isinstance(sentence, Mapping) else sentence!r}"))
            continue
        words, answer = sentence["words"], sentence["answer"]
        if not isinstance(words, (list, tuple)) or not words or len(set(words)) != len(words):
            problems.append((f"{where}.words", f"must be a list of different input words, got {words!r}"))
        else:
            for k, word in enumerate(words):
                if word not in inputs:
                    problems.append((f"{where}.words[{k}]", f"must be one of the inputs, got {word!r}"))
        if answer not in vocab:
            problems.append((f"{where}.answer", f"must be one of the vocab words, got {answer!r}"))
        key = tuple(words) if isinstance(words, (list, tuple)) else None
        if key in seen:
            problems.append((f"{where}.words", f"must differ from every other sentence's, got {list(key)!r} twice"))
        seen.add(key)


def validate_network_config(preset: str, config: Mapping) -> list[tuple[str, str]]:
    """Problems with a level's "network" object, as (json path suffix, message) pairs."""
    if preset not in PRESETS:
        return [(".preset", f"must be one of {', '.join(PRESETS)}, got {preset!r}")]
    if not isinstance(config, Mapping):
        return [("", "must be an object")]
    if preset in LAB:
        from game.sim.lab_presets import validate_lab_config

        return validate_lab_config(preset, config)
    problems: list[tuple[str, str]] = []
    if "weight_limit" in config:
        _number(config, "weight_limit", problems, 1.0, 1e6)
    if preset == "calculus":
        for key, default in (("x", 2.0), ("y", 6.0), ("w", 0.5)):
            _number(config, key, problems, -100.0, 100.0, default)
    elif preset == "neuron":
        inputs = _numbers(config, "inputs", problems, default=[0.5])
        if inputs is not None:
            _numbers(config, "weights", problems, len(inputs), default=[0.8] * len(inputs))
        _number(config, "bias", problems, -100.0, 100.0, 0.2)
        _number(config, "target", problems, -100.0, 100.0, 0.9)
        _activation(config, "activation", problems, "sigmoid")
    elif preset == "backprop":
        x = _numbers(config, "x", problems)
        labels = _words(config, "labels", problems, ["Cat", "Dog", "Bird"])
        b1 = _numbers(config, "b1", problems)
        if labels is not None:
            _numbers(config, "target", problems, len(labels))
            _numbers(config, "b2", problems, len(labels))
        if None not in (x, b1, labels):
            _matrix(config, "w1", problems, len(x), len(b1))
            _matrix(config, "w2", problems, len(b1), len(labels))
        _activation(config, "hidden_activation", problems, "relu")
    else:
        _check_paris(config, problems)
        if preset == "landscape":
            _number(config, "direction_eta", problems, 1e-4, 100.0, 1.0)
            _integer(config, "direction_steps", problems, 1, 1000, 20)
            _number(config, "side_scale", problems, 0.01, 100.0, 3.0)
            span = config.get("span", [[-1.0, 2.0], [-1.5, 1.5]])
            ok = (isinstance(span, (list, tuple)) and len(span) == 2 and all(
                isinstance(r, (list, tuple)) and len(r) == 2 and all(isinstance(v, (int, float)) for v in r)
                and r[0] < r[1] for r in span))
            if not ok:
                problems.append((".span", "must be [[a_lo, a_hi], [b_lo, b_hi]] with lo < hi"))
            _numbers(config, "start", problems, 2, default=[0.0, 0.0])
    return problems


# ---------------------------------------------------------------- building

def build_task(preset: str, config: Mapping) -> NetTask:
    problems = validate_network_config(preset, config)
    if problems:
        path, message = problems[0]
        raise NetworkConfigError(f"network{path}: {message}")
    if preset in LAB:
        from game.sim.lab_presets import build_lab_task

        return build_lab_task(preset, config)
    builder = {"calculus": _calculus, "neuron": _neuron, "backprop": _backprop,
               "paris": _paris, "landscape": _landscape}[preset]
    return builder(config)


def _limit(config) -> float:
    return float(config.get("weight_limit", DEFAULT_WEIGHT_LIMIT))


def _calculus(config) -> NetTask:
    shape = NetShape((1, 1), output="linear", loss="mse", bias=False)
    return NetTask("calculus", shape, np.array([[float(config.get("x", 2.0))]]),
                   np.array([[float(config.get("y", 6.0))]]), np.array([float(config.get("w", 0.5))]),
                   ("x",), ("y'",), weight_limit=_limit(config))


def _neuron(config) -> NetTask:
    inputs = [float(v) for v in config.get("inputs", [0.5])]
    weights = [float(v) for v in config.get("weights", [0.8] * len(inputs))]
    activation = config.get("activation", "sigmoid")
    shape = NetShape((len(inputs), 1), output=activation, loss="mse")
    start = np.array([*weights, float(config.get("bias", 0.2))])
    labels = tuple(f"x{i + 1}" for i in range(len(inputs)))
    return NetTask("neuron", shape, np.array([inputs]), np.array([[float(config.get("target", 0.9))]]),
                   start, labels, ("output",), weight_limit=_limit(config),
                   options={"activations": tuple(config.get("activations", ACTIVATIONS))})


def _backprop(config) -> NetTask:
    x = [float(v) for v in config["x"]]
    w1, b1 = np.array(config["w1"], dtype=float), np.array(config["b1"], dtype=float)
    w2, b2 = np.array(config["w2"], dtype=float), np.array(config["b2"], dtype=float)
    labels = tuple(config.get("labels", ["Cat", "Dog", "Bird"]))
    shape = NetShape((len(x), len(b1), len(labels)), hidden=config.get("hidden_activation", "relu"),
                     output="linear", loss="mse")
    start = np.concatenate([w1.ravel(), b1, w2.ravel(), b2])
    return NetTask("backprop", shape, np.array([x]), np.array([config["target"]], dtype=float), start,
                   tuple(f"x{i + 1}" for i in range(len(x))), labels,
                   hidden_labels=tuple(f"h{i + 1}" for i in range(len(b1))), weight_limit=_limit(config))


def _paris(config) -> NetTask:
    c = {**PARIS_DEFAULTS, **config}
    inputs, vocab = list(c["inputs"]), list(c["vocab"])
    shape = NetShape((len(inputs), int(c["hidden"]), len(vocab)), hidden=c["hidden_activation"],
                     loss="cross_entropy")
    rng = np.random.default_rng(int(c["seed"]))
    start = init_params(shape, rng, copies=1, scale=float(c["init_scale"]))[0]
    if "sentences" in c:  # one row per sentence: its words lit, the rest 0
        sentences = tuple((tuple(s["words"]), s["answer"]) for s in c["sentences"])
        x = np.array([[1.0 if word in words else 0.0 for word in inputs] for words, _answer in sentences])
        target = np.array([vocab.index(answer) for _words, answer in sentences])
        label = c.get("answer_label", "right word")
    else:  # the seed's one sentence: every input word lit
        sentences = ((tuple(inputs), c["target"]),)
        x, target, label = np.ones((1, len(inputs))), np.array([vocab.index(c["target"])]), c["target"]
    return NetTask("paris", shape, x, target, start, tuple(inputs), tuple(vocab), target_label=label,
                   hidden_labels=tuple(f"mixer {i + 1}" for i in range(int(c["hidden"]))),
                   weight_limit=_limit(c), options={"sentences": sentences})


def _landscape(config) -> NetTask:
    paris = _paris(config)
    # direction 1: where plain gradient descent takes the network in direction_steps steps
    eta = float(config.get("direction_eta", 1.0))
    params, state = paris.start[None, :], init_state(paris.start[None, :])
    for _ in range(int(config.get("direction_steps", 20))):
        _, grads, _ = paris.loss_grad(params)
        params, state = step("gd", params, grads, state, eta, 0.0)
    d1 = params[0] - paris.start
    # direction 2: a random direction at right angles to it, side_scale times as long (so the
    # valley's side walls show)
    rng = np.random.default_rng(int(config.get("seed", PARIS_DEFAULTS["seed"])) + 1)
    d2 = rng.normal(size=d1.shape)
    d2 -= d2 @ d1 / (d1 @ d1) * d1
    d2 *= float(config.get("side_scale", 3.0)) * np.linalg.norm(d1) / np.linalg.norm(d2)
    span = config.get("span", [[-1.0, 2.0], [-1.5, 1.5]])
    return NetTask("landscape", paris.shape, paris.x, paris.target,
                   np.array([float(v) for v in config.get("start", [0.0, 0.0])]),
                   paris.input_labels, paris.output_labels, target_label=paris.target_label,
                   hidden_labels=paris.hidden_labels, weight_limit=paris.weight_limit,
                   basis=np.stack([d1, d2]), centre=paris.start.copy(),
                   options={"span": tuple(tuple(float(v) for v in r) for r in span)})
