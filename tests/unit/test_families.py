"""The level-family protocol: every family is found by kind, a new family is one object (its
schema part, checks, run, judge, par, words), and check-levels and `downhill run` serve it with
no change of their own. One goal type means one thing for every family."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pytest

from game.cli import main
from game.levels import load_level, load_levels
from game.sim.expr import compile_curve
from game.sim.families import UnknownFamily, all_families, family, family_of, register, unregister
from game.sim.families.base import Family, eta_values, mu_values
from game.sim.goals import GOAL_TYPES, Finals, goal_met
from game.sim.outcome import CONVERGED, DIVERGED, MAX_STEPS, STATUS_CODES, RunResult
from game.sim.run import Ball, rules_for, run_batch


def test_the_built_in_families_are_found_by_kind():
    assert {"curve", "network"} <= set(all_families())
    for level in load_levels().levels:
        assert family_of(level).kind == level.kind
    with pytest.raises(UnknownFamily, match="expected one of curve"):
        family("nope")


def test_every_family_judges_only_goal_types_the_goal_table_knows():
    for member in all_families().values():
        assert set(member.goals) <= set(GOAL_TYPES), member.kind


@pytest.mark.parametrize("status", [CONVERGED, MAX_STEPS, DIVERGED])
def test_loss_below_means_the_same_for_a_ball_and_a_network(status):
    goal = type("G", (), {"kind": "loss_below", "value": 0.01})()
    for loss in (0.005, 0.01, 0.02, float("nan")):
        ball = Finals(status, 3, loss, 0.1, 0.0, x=0.0, lowest_loss=0.0)
        net = Finals(status, 3, loss, 0.1, 0.0, p_target=0.5)
        expected = status != DIVERGED and loss <= 0.01  # at or below, never for a diverged run
        assert bool(goal_met(goal, ball)) == bool(goal_met(goal, net)) == expected, (status, loss)


# ---------------------------------------------------------------------------------------------
# A new family added from outside the engine: a ball pulled towards a target value
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PullSpec:
    target: float


@dataclass(frozen=True)
class PullParams:
    eta: float
    mu: float
    optimizer: str
    max_steps: int

    def as_dict(self):
        return {"eta": self.eta, "mu": self.mu, "optimizer": self.optimizer, "max_steps": self.max_steps}


class PullFamily(Family):
    kind = "pull"
    what = "pulls a value to its target"
    sections = {"pull": {"type": "object", "required": ["target"], "additionalProperties": False,
                         "properties": {"target": {"type": "number"}}}}
    required = ("pull",)
    goals = ("converge", "within_steps", "loss_below")

    def check(self, data, report):
        target = data.get("pull", {}).get("target") if isinstance(data.get("pull"), dict) else None
        if isinstance(target, (int, float)) and abs(target) > 10:
            report.add(("pull", "target"), f"got {target}; expected a target from -10 to 10")

    def build(self, data):
        return {"spec": PullSpec(float(data["pull"]["target"]))}

    def level_params(self, level, eta=None, mu=None, optimizer=None, max_steps=None):
        return PullParams(float(level.eta.default if eta is None else eta),
                          float(level.mu.default if mu is None else mu),
                          optimizer or level.optimizer, int(max_steps or level.max_steps))

    def curve(self, level):
        return compile_curve(f"(x - {level.spec.target!r})**2")

    def start(self, level, params):
        return Ball(self.curve(level), params.optimizer, 0.0, params.eta, params.mu, params.max_steps,
                    rules_for((-20.0, 20.0)))

    def judge(self, level, params, run, par):
        finals = Finals(STATUS_CODES[run.status], run.steps, run.loss, params.eta, params.mu)
        outcome = self.outcome(level, run, finals, par, x=run.x)
        return RunResult(level.id, params.as_dict(), {"loss": run.losses, "value": run.xs}, outcome,
                         {"target": level.spec.target})

    def search_par(self, level, runner=None):
        from game.sim.goals import goals_met

        best = None
        for optimizer in level.optimizers:
            eta, mu = (a.ravel() for a in np.meshgrid(eta_values(level), mu_values(level, optimizer)))
            result = run_batch(self.curve(level), optimizer, 0.0, eta, mu, level.max_steps, rules_for((-20.0, 20.0)))
            cleared = goals_met(level.goals, Finals(result.status, result.steps, result.loss, eta, mu))
            if cleared.any():
                best = min(int(result.steps[cleared].min()), best or level.max_steps)
        return best

    def explain(self, level, result):
        return [f"The value ended at {result.outcome.x:.3f}."]


PULL_LEVEL = {
    "format": 1, "id": "pull-test", "kind": "pull",
    "chapter": {"id": "pulls", "title": "Pulls", "order": 50}, "order": 1, "title": "Pull",
    "lesson": ["Pull the value to 3."], "pull": {"target": 3},
    "optimizer": {"default": "gd", "allowed": ["gd", "momentum"]},
    "params": {"eta": {"default": 0.1, "min": 0.01, "max": 0.9}, "mu": {"default": 0.0, "min": 0.0, "max": 0.9}},
    "max_steps": 200, "goals": [{"type": "converge"}, {"type": "within_steps", "steps": 150}],
}


@pytest.fixture()
def pull_family():
    register(PullFamily())
    yield family("pull")
    unregister("pull")


def write(tmp_path, data, name="pull-test.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_a_new_family_loads_checks_and_plays_with_no_engine_change(tmp_path, capsys, pull_family):
    path = write(tmp_path, PULL_LEVEL)
    level = load_level(path)
    assert level.kind == "pull" and level.spec == PullSpec(3.0) and level.x0 is None
    assert main(["check-levels", str(path)]) == 0
    capsys.readouterr()
    assert main(["run", str(path), "--json", "--eta", "0.2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["params"]["eta"] == 0.2
    assert data["trajectory"]["value"][0] == 0.0 and len(data["trajectory"]["loss"]) == data["outcome"]["steps"] + 1
    assert data["outcome"]["status"] == "converged" and data["outcome"]["cleared"] is True
    assert data["outcome"]["target"] == 3.0
    assert abs(data["trajectory"]["value"][-1] - 3.0) < 1e-2
    par = data["outcome"]["par"]
    assert par is not None and par <= data["outcome"]["steps"]
    assert main(["run", str(path)]) == 0
    assert "final    loss = " in capsys.readouterr().out


@pytest.mark.parametrize("change, where, words", [
    (lambda d: d["pull"].update(target="three"), "$.pull.target", "got the string \"three\"; expected a number"),
    (lambda d: d["pull"].update(target=99), "$.pull.target", "expected a target from -10 to 10"),
    (lambda d: d.pop("pull"), "$", "missing key 'pull'"),
    (lambda d: d.update(curve={"expr": "x**2", "x_range": [-1, 1]}), "$.curve", "a pull level has no 'curve'"),
    (lambda d: d["params"].update(x0={"default": 0, "min": 0, "max": 1}), "$.params.x0",
     "a pull level has no starting x"),
    (lambda d: d["goals"].append({"type": "reach_global_min"}), "$.goals[2].type",
     "'reach_global_min' is not a goal for a pull level"),
])
def test_a_new_familys_section_is_checked_through_the_family(tmp_path, capsys, pull_family, change, where, words):
    data = json.loads(json.dumps(PULL_LEVEL))
    change(data)
    path = write(tmp_path, data)
    assert main(["check-levels", str(path)]) == 1
    out = capsys.readouterr()
    lines = (out.out + out.err).strip().splitlines()
    hit = [line for line in lines if f": {where}: " in line and words in line]
    assert hit, lines
    assert "Traceback" not in out.out + out.err


def test_a_level_of_an_unregistered_kind_is_refused_in_one_line(tmp_path, capsys):
    path = write(tmp_path, PULL_LEVEL)
    assert main(["check-levels", str(path)]) == 1
    out = capsys.readouterr()
    kinds = ", ".join(all_families())
    assert f"$.kind: got the string \"pull\"; expected one of {kinds}" in out.out + out.err


def test_par_is_searched_once_per_level_content(monkeypatch, tmp_path):
    import dataclasses
    from collections import OrderedDict

    monkeypatch.setenv("DOWNHILL_CACHE_DIR", str(tmp_path))  # nothing kept on disk from earlier runs

    from game.levels import find_level
    from game.sim.families import base

    monkeypatch.setattr(base, "_PAR_CACHE", OrderedDict())
    balls = family("curve")
    searches = []
    search = type(balls).search_par_setting
    monkeypatch.setattr(type(balls), "search_par_setting",
                        lambda self, level, runner=None: searches.append(level.id) or search(self, level, runner))
    level = find_level("parabola")
    par = balls.par_steps(level)
    renamed = dataclasses.replace(level, id="parabola-copy", title="Another title", lesson=("other words",))
    assert balls.par_steps(level) == balls.par_steps(renamed) == par
    assert searches == ["parabola"]  # same content: no second search
    harder = dataclasses.replace(level, max_steps=level.max_steps // 2)
    balls.par_steps(harder)
    assert searches == ["parabola", "parabola"]  # other content: searched
    with pytest.raises(ValueError, match="expected a runner"):
        balls.par_steps(dataclasses.replace(level, max_steps=7), backend="gpu")
