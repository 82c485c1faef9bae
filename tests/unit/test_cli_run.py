"""`downhill run`: the readable table, the JSON object of DESIGN.md, ad-hoc curves, and one
clear line (exit 2, no traceback) for every bad value on the command line."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from game.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "levels"


def run_json(capsys, *argv: str) -> dict:
    assert main(["run", *argv, "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)


def test_json_shape_and_a_hand_worked_step(capsys):
    result = run_json(capsys, "parabola")
    assert set(result) == {"level", "params", "trajectory", "outcome"}
    assert result["level"] == "parabola"
    assert {"eta", "mu", "x0", "optimizer", "max_steps"} <= set(result["params"])
    xs, losses = result["trajectory"]["x"], result["trajectory"]["loss"]
    assert xs[0] == result["params"]["x0"] == 2.0
    assert len(xs) == len(losses) == result["outcome"]["steps"] + 1
    eta = result["params"]["eta"]
    assert xs[1] == pytest.approx(2.0 - eta * 2 * 2.0)  # x <- x - eta * f'(x), f = x^2
    assert losses[1] == pytest.approx(xs[1] ** 2)
    outcome = result["outcome"]
    assert {"status", "steps", "x", "loss", "cleared", "stars"} <= set(outcome)
    assert outcome["status"] in ("converged", "diverged", "max_steps")
    assert outcome["x"] == xs[-1] and outcome["stars"] in (0, 1, 2, 3)


def test_json_with_chosen_values(capsys):
    result = run_json(capsys, "double-well", "--x0", "-2.6", "--eta", "0.05", "--steps", "40")
    assert result["params"]["x0"] == -2.6 and result["params"]["eta"] == 0.05
    assert result["params"]["max_steps"] == 40 and result["outcome"]["steps"] <= 40


def test_a_diverging_run_is_still_strict_json(capsys):
    result = run_json(capsys, "explosion", "--eta", "1.5")
    assert result["outcome"]["status"] == "diverged"
    assert all(v is None or math.isfinite(v) for v in result["trajectory"]["x"])


def test_network_level_json(capsys):
    result = run_json(capsys, "paris")
    trajectory = result["trajectory"]
    assert len(trajectory["loss"]) == len(trajectory["p_target"]) == result["outcome"]["steps"] + 1
    assert trajectory["loss"][0] == pytest.approx(-math.log(trajectory["p_target"][0]))
    assert result["outcome"]["weights"] > 0


def test_readable_table(capsys):
    assert main(["run", "parabola"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("parabola: Glide  (eta 0.1,")
    header = lines[2].split()
    assert header == ["step", "x", "loss", "gradient"]
    assert lines[3].split() == ["0", "2", "4", "4"]
    assert lines[4].split() == ["1", "1.6", "2.56", "3.2"]
    assert "..." in [line.strip() for line in lines]  # a long run is cut in the middle
    rows = [line for line in lines[3:] if line.strip() and line.split()[0].isdigit()]
    assert len(rows) == 15
    text = "\n".join(lines)
    for start in ("status   converged after", "final    x = ", "goals    [met]", "cleared  yes", "stars    "):
        assert start in text
    assert "(par " in text


def test_short_runs_show_every_row(capsys):
    assert main(["run", "parabola", "--eta", "0.5"]) == 0  # one step lands on the bottom
    lines = capsys.readouterr().out.splitlines()
    assert "..." not in [line.strip() for line in lines]


def test_network_table(capsys):
    assert main(["run", "paris"]) == 0
    out = capsys.readouterr().out
    assert "loss" in out.splitlines()[2] and "p_target" in out.splitlines()[2]
    assert "weights)" in out and "P(right capital) = " in out


def test_a_level_file_can_be_run_by_path(capsys):
    result = run_json(capsys, str(FIXTURES / "slope-test.json"), "--optimizer", "momentum", "--mu", "0.5")
    assert result["level"] == "slope-test" and result["params"]["optimizer"] == "momentum"


def test_ad_hoc_curve_finds_the_right_valley_of_the_double_well(capsys):
    result = run_json(capsys, "--curve", "x**4/4 - x**2", "--x0", "2.6", "--eta", "0.05")
    assert result["level"] == "custom"
    assert result["trajectory"]["x"][0] == 2.6
    assert result["outcome"]["status"] == "converged"
    assert result["outcome"]["x"] == pytest.approx(math.sqrt(2), abs=1e-3)
    assert result["outcome"]["cleared"] is True


def test_ad_hoc_curve_range(capsys):
    result = run_json(capsys, "--curve", "x**2", "--x0", "1", "--x-range=-2:2", "--eta", "1.5")
    assert result["outcome"]["status"] == "diverged"  # it flies off [-2, 2] and beyond


BAD_VALUES = [
    (["xyz"], "unknown level 'xyz'; try `downhill levels`"),
    (["parabola", "--eta", "0"], "--eta 0 is not > 0; expected a learning rate > 0, like 0.1"),
    (["parabola", "--eta", "-1"], "--eta -1 is not > 0; expected a learning rate > 0, like 0.1"),
    (["parabola", "--eta", "nan"], "--eta nan is not a finite number; expected a number > 0"),
    (["parabola", "--eta", "inf"], "--eta inf is not a finite number; expected a number > 0"),
    (["parabola", "--eta", "fast"], "--eta 'fast' is not a number; expected a number > 0"),
    (["parabola", "--mu", "1"], "--mu 1 is outside [0, 1); expected a momentum from 0 up to (not including) 1"),
    (["parabola", "--mu", "-0.1"], "--mu -0.1 is outside [0, 1); expected a momentum from 0 up to (not including) 1"),
    (["parabola", "--steps", "0"], "--steps 0 is out of range; expected a whole number from 1 to 1000000"),
    (["parabola", "--steps", "1000001"], "--steps 1000001 is out of range; expected a whole number from 1 to 1000000"),
    (["parabola", "--steps", "ten"], "--steps 'ten' is not a whole number; expected a whole number from 1 to 1000000"),
    (["parabola", "--steps", "2.5"], "--steps '2.5' is not a whole number; expected a whole number from 1 to 1000000"),
    (["parabola", "--optimizer", "sgd"], "unknown optimizer 'sgd'; expected one of gd, momentum, nesterov, adam, rmsprop, adamw"),
    (["parabola", "--optimizer", "adam"], "level 'parabola' allows only gd; expected one of those for --optimizer"),
    (["parabola", "--x0", "1"], "level 'parabola' starts the ball at x0 = 2 and does not let you move it; leave out --x0"),
    (["parabola", "--mu", "0.5"], "level 'parabola' fixes mu at 0; leave out --mu"),
    (["parabola", "--eta", "2"], "--eta 2 is outside what level 'parabola' allows; expected 0.01 to 1.5"),
    (["double-well", "--x0", "5"], "--x0 5 is outside what level 'double-well' allows; expected -2.8 to 2.8"),
    (["double-well", "--x0", "left"], "--x0 'left' is not a number; expected a number"),
    (["paris", "--x0", "1"], "level 'paris' trains a network and has no ball start; leave out --x0"),
    (["parabola", "--x-range", "1:2"], "--x-range is for --curve; a level brings its own range"),
    ([], "which level? give a level id (see `downhill levels`) or --curve EXPR --x0 X"),
    (["--curve", "x**2"], "--curve needs --x0, where the ball starts"),
    (["parabola", "--curve", "x**2", "--x0", "1"], "give a level or --curve, not both (got level 'parabola')"),
    (["--curve", "x**2", "--x0", "1", "--x-range", "5:1"], "--x-range 5:1 is empty; expected LO < HI"),
    (["--curve", "x**2", "--x0", "1", "--x-range", "5"], "--x-range '5' is not LO:HI; expected two numbers like -5:5"),
    (["--curve", "x**2", "--x0", "9", "--x-range", "0:5"], "--x0 9 is outside --x-range 0:5; expected a start on the curve"),
    (["nope.json"], "no such level file 'nope.json'"),
]


@pytest.mark.parametrize("argv, message", BAD_VALUES)
def test_bad_values_get_one_line_and_exit_2(capsys, argv, message):
    assert main(["run", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"downhill run: {message}\n"


@pytest.mark.parametrize("expr, column", [("x**2+foo", 6), ("x**", 4), ("sin(x", 6), ("2 x", 3)])
def test_a_bad_curve_gets_a_caret_under_its_column(capsys, expr, column):
    assert main(["run", "--curve", expr, "--x0", "1"]) == 2
    out, err = capsys.readouterr()
    first, shown, caret = err.rstrip("\n").split("\n")
    assert out == "" and "Traceback" not in err
    assert first.startswith("downhill run: bad --curve expression: ") and first.endswith(f"(column {column})")
    assert shown == f"    {expr}"
    assert caret == " " * (4 + column - 1) + "^"


def test_a_broken_level_file_is_refused_with_its_problem(capsys, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": 1, "id": NaN}', encoding="utf-8")
    assert main(["run", str(path)]) == 2
    out, err = capsys.readouterr()
    assert err == f"downhill run: {path}:1:21: $.id: 'NaN' is not JSON; expected a finite number\n"
