"""`downhill class serve` refuses bad values in one line (exit 2) before starting anything."""

from __future__ import annotations

import pytest

from game.cli import main
from game.commands.classroom import is_loopback


@pytest.mark.parametrize("argv, expected", [
    (["--port", "http"], "--port 'http' is not a whole number"),
    (["--port", "70000"], "--port 70000 is out of range"),
    (["--expire-days", "0"], "--expire-days 0 is out of range"),
    (["--expire-days", "soon"], "is not a number"),
    (["--workers", "-1"], "--workers -1 is out of range"),
    (["--db", "mysql://class"], "unknown kind of database"),
    (["--db", "sqlite://"], "no file named"),
])
def test_bad_values_are_one_line(argv, expected, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("DOWNHILL_DATA_DIR", str(tmp_path))
    assert main(["class", "serve", *argv]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1 and err.startswith("downhill class:")


def test_loopback_addresses():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20") and not is_loopback("class.example")
