"""`downhill params`: the seeds' parameter counts, JSON, and one-line refusals."""

from __future__ import annotations

import json

import pytest

from game.cli import main


def run(capsys, *argv):
    code = main(["params", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_seed_004_network(capsys):
    code, out, _ = run(capsys, "784", "256", "128", "10")
    assert code == 0
    assert "200,960 + 32,896 + 1,290 = 235,146 parameters" in out
    assert "918.5 KiB" in out  # 235,146 float32 numbers


@pytest.mark.parametrize("sizes,total", [(["784", "10"], 7_850), (["784", "128"], 100_480),
                                         (["3", "5", "1"], 26), (["784", "256", "128", "10"], 235_146)])
def test_json_totals(capsys, sizes, total):
    code, out, _ = run(capsys, *sizes, "--json")
    data = json.loads(out)
    assert code == 0 and data["total"] == total
    assert sum(layer["params"] for layer in data["layers"]) == total
    assert all(l["params"] == l["inputs"] * l["outputs"] + l["outputs"] for l in data["layers"])
    assert data["float32_bytes"] == 4 * total


@pytest.mark.parametrize("sizes,words", [([], "at least two"), (["784"], "at least two"),
                                         (["784", "ten"], "layer 2 size 'ten'"),
                                         (["0", "3"], "layer 1 size 0"), (["3", "-5"], "layer 2 size -5"),
                                         (["3", "2.5"], "not a whole number")])
def test_bad_sizes_are_one_line_and_exit_2(capsys, sizes, words):
    code, out, err = run(capsys, *sizes)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err
