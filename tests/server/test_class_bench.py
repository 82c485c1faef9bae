"""`downhill bench class` still runs (tiny sizes; its figures are printed, never asserted)."""

from __future__ import annotations

import importlib

import pytest

pytestmark = pytest.mark.server


def test_bench_class_measures_every_run(monkeypatch, tmp_path):
    bench = importlib.import_module("game.perf.class")
    monkeypatch.setenv("DOWNHILL_DATA_DIR", str(tmp_path))
    figures = bench.measure(clients=3, runs_each=2, workers=0)
    assert [m.unit for m in figures] == ["runs/s", "ms", "ms"]
    assert all(m.value > 0 for m in figures)
    assert "3 clients x 2 runs" in figures[0].detail
