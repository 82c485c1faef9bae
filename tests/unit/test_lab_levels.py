"""The learning-rate lab's five levels through the family protocol and `downhill run --json`:
what each reports, that its goals mean what the lessons say, and one-line refusals."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from game.cli import main
from game.levels import find_level
from game.sim.deepnets import forward_trace
from game.sim.families import family, family_of
from game.sim.families.lab import lab_task
from game.sim.schedules import Schedule

LAB_LEVELS = ("lr-three", "lr-finder", "schedules", "forward", "vanishing")


def run_json(capsys, *argv: str) -> dict:
    assert main(["run", *argv, "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)


def refused(capsys, *argv: str) -> str:
    assert main(["run", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    return err


@pytest.mark.parametrize("level_id", LAB_LEVELS)
def test_every_lab_level_loads_as_the_lab_family(level_id):
    level = find_level(level_id)
    assert level.kind == "lab" and family_of(level) is family("lab")
    assert level.chapter.id == "lr-lab"


def test_lr_three_reports_every_copy_and_clears_only_in_the_band(capsys):
    result = run_json(capsys, "lr-three")
    losses = result["trajectory"]["losses"]
    assert all(len(row) == 3 for row in losses) and len(losses) == result["outcome"]["steps"] + 1
    copies = result["outcome"]["copies"]
    assert [c["eta"] for c in copies] == [0.0001, 0.2, 3.0]
    assert [c["status"] for c in copies] == ["max_steps", "converged", "diverged"]
    assert result["outcome"]["cleared"] is False and result["outcome"]["status"] == "diverged"
    fixed = run_json(capsys, "lr-three", "--etas", "0.15,0.2,0.25")
    assert fixed["outcome"]["cleared"] is True
    assert all(c["status"] == "converged" for c in fixed["outcome"]["copies"])
    assert fixed["outcome"]["steps"] == max(c["steps"] for c in fixed["outcome"]["copies"])


def test_lr_finder_reports_the_grid_and_its_suggestion_clears(capsys):
    result = run_json(capsys, "lr-finder")
    outcome = result["outcome"]
    grid, losses = outcome["eta_grid"], outcome["grid_losses"]
    assert len(grid) == len(losses) == 61 and grid[0] == pytest.approx(1e-5) and grid[-1] == pytest.approx(10)
    assert losses[-1] is None  # the largest eta explodes
    suggested = outcome["suggested_eta"]
    assert suggested in grid
    assert outcome["cleared"] is False  # the default eta, 1e-4, crawls
    picked = run_json(capsys, "lr-finder", "--eta", repr(suggested))
    assert picked["outcome"]["cleared"] is True


def test_schedules_constant_cannot_and_a_schedule_can(capsys):
    level = find_level("schedules")
    constant = run_json(capsys, "schedules")
    assert constant["params"]["schedule"] == "constant" and constant["outcome"]["cleared"] is False
    assert set(constant["trajectory"]["eta"]) == {0.25}
    cosine = run_json(capsys, "schedules", "--schedule", "cosine")
    assert cosine["outcome"]["cleared"] is True
    etas = cosine["trajectory"]["eta"]
    assert len(etas) == len(cosine["trajectory"]["loss"]) == 301
    np.testing.assert_allclose(etas[:300], Schedule("cosine", 300).etas(0.25), rtol=1e-12)
    window = level.spec.settle_window
    assert cosine["outcome"]["settled_loss"] == pytest.approx(np.mean(cosine["trajectory"]["loss"][-window:]))
    # over the slider's every stop, no constant eta clears it (the fine-grid proof is in
    # tests/unit/test_lrlab_sim.py)
    from game.sim.families.base import eta_values
    from game.sim.lrfinder import eta_grid  # noqa: F401  (same grid maker as the finder)
    lab = family("lab")
    stops = eta_values(level)[::4]
    assert not any(lab.play(level, par=False, eta=float(e)).outcome.cleared for e in stops)


def test_vanishing_reports_grad_norms_per_step_per_layer_first_layer_first(capsys):
    result = run_json(capsys, "vanishing", "--steps", "20")
    norms = result["trajectory"]["grad_norms"]
    assert len(norms) == 21 and all(len(row) == 8 for row in norms)
    # sigmoid: the first layer's gradient is a tiny fraction of the last one's
    assert norms[0][0] < 1e-3 * norms[0][-1]
    level = find_level("vanishing")
    task = lab_task(level)
    from game.sim.deepnets import layer_grad_norms

    expected = layer_grad_norms(task.shape, task.loss_grad(task.start[None, :])[1])[0]
    np.testing.assert_allclose(norms[0], expected, rtol=1e-12)
    assert result["outcome"]["cleared"] is False
    relu = run_json(capsys, "vanishing", "--activation", "relu")
    assert relu["outcome"]["cleared"] is True and relu["params"]["activation"] == "relu"
    relu_norms = relu["trajectory"]["grad_norms"][0]
    assert relu_norms[0] > 0.05 * relu_norms[-1]


def test_forward_reports_the_pass_neuron_by_neuron_for_the_players_input(capsys):
    result = run_json(capsys, "forward", "--x0", "-1.5", "--steps", "1")
    outcome = result["outcome"]
    assert outcome["input"] == -1.5 and result["params"]["x0"] == -1.5
    layers = outcome["forward"]
    assert [len(layer) for layer in layers] == [3, 2, 1]
    for layer in layers:
        for neuron in layer:
            assert neuron["z"] == pytest.approx(neuron["weighted_sum"] + neuron["bias"])
            assert neuron["output"] == pytest.approx(1 / (1 + math.exp(-neuron["z"])))
    level = find_level("forward")
    assert family("lab").play(level, par=False).outcome.cleared  # input 2, default eta
    task = lab_task(level)
    trace = forward_trace(task.shape, task.start, [2.0])
    assert len(trace) == 3 and trace[0][0].inputs == (2.0,)


def test_choices_a_level_does_not_offer_are_refused_in_one_line(capsys):
    assert "no schedule to choose" in refused(capsys, "lr-finder", "--schedule", "cosine")
    assert "expected one of constant, step, cosine, warmup" in refused(capsys, "schedules", "--schedule", "linear")
    assert "no activation to choose" in refused(capsys, "schedules", "--activation", "relu")
    assert "expected 3" in refused(capsys, "lr-three", "--etas", "0.1,0.2")
    assert "outside what level 'lr-three' allows" in refused(capsys, "lr-three", "--etas", "0.1,0.2,99")
    assert "trains one network" in refused(capsys, "vanishing", "--etas", "0.1,0.2,0.3")


def test_a_lab_level_with_a_bad_section_names_the_place(tmp_path, capsys):
    data = json.loads(find_level("lr-three").source.read_text())
    data["lab"]["etas"] = [0.0001, 0.2, 50]
    data["lab"]["network"]["hidden"] = 99
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, indent=1))
    assert main(["check-levels", str(path)]) != 0
    _, err = capsys.readouterr()
    out = _
    text = out + err
    assert "$.lab.etas[2]" in text and "$.lab.network.hidden" in text


# --------------------------------------------------------------------------- downhill lr-find

def test_lr_find_json_matches_the_level_report(tmp_path, capsys):
    out = tmp_path / "finder.json"
    assert main(["lr-find", "lr-finder", "--out", str(out)]) == 0
    printed, err = capsys.readouterr()
    assert err == "" and printed.startswith(f"wrote {out}: 61 etas, suggested eta = ")
    data = json.loads(out.read_text())
    level_report = run_json(capsys, "lr-finder")["outcome"]
    assert data["etas"] == level_report["eta_grid"]
    assert data["losses"] == level_report["grid_losses"]
    assert data["suggested_eta"] == level_report["suggested_eta"]


def test_lr_find_table_png_and_refusals(tmp_path, capsys):
    assert main(["lr-find", "schedules"]) == 0
    printed, _ = capsys.readouterr()
    lines = printed.strip().splitlines()
    assert lines[0].startswith("lr-find schedules: 61 etas") and lines[-1].startswith("suggested eta = ")
    assert len(lines) == 61 + 3
    png = tmp_path / "finder.png"
    assert main(["lr-find", "lr-finder", "--out", str(png)]) == 0
    capsys.readouterr()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for argv, words in ((["lr-find", "vanishing"], "no network to sweep"),
                        (["lr-find", "lr-finder", "--out", "x.txt"], "expected .png or .json"),
                        (["lr-find", "lr-finder", "--backend", "tpu"], "expected numpy or gpu"),
                        (["lr-find", "no-such-level"], "no-such-level")):
        assert main(argv) == 2
        out, err = capsys.readouterr()
        assert out == "" and words in err and len(err.strip().splitlines()) == 1
