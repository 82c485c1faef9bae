"""Real processes: `python -m game` is `downhill`, from any folder, and bad input never ends in
a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DOWNHILL = Path(sys.executable).parent / "downhill"


def game(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *argv], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_python_dash_m_game_is_the_downhill_command(tmp_path):
    if not DOWNHILL.exists():
        pytest.skip(f"no console script at {DOWNHILL} (package not installed in this environment)")
    by_module = game("levels", cwd=tmp_path)
    by_script = subprocess.run([str(DOWNHILL), "levels"], cwd=tmp_path, capture_output=True, text=True,
                               timeout=120)
    assert by_module.returncode == by_script.returncode == 0
    assert by_module.stdout == by_script.stdout and "parabola" in by_module.stdout


def test_bad_values_in_a_real_process(tmp_path):
    result = game("run", "parabola", "--eta", "0", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "downhill run: --eta 0 is not > 0; expected a learning rate > 0, like 0.1\n"
    result = game("run", "xyz", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "downhill run: unknown level 'xyz'; try `downhill levels`\n")


def test_check_levels_in_a_real_process(tmp_path):
    (tmp_path / "bad.json").write_bytes(b'{"format": 1,\n "id": Infinity}')
    result = game("check-levels", "bad.json", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0] == "bad.json:2:8: $.id: 'Infinity' is not JSON; expected a finite number"
    clean = game("check-levels", cwd=tmp_path)
    assert clean.returncode == 0 and clean.stdout.endswith("levels OK\n")


def test_a_reader_that_goes_away_is_not_a_traceback(tmp_path):
    """`downhill levels | head -1` after head has gone: every write meets a closed pipe. No traceback,
    exit 141 (what a shell reports for SIGPIPE)."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has left before the table is written
    try:
        result = subprocess.run([sys.executable, "-m", "game", "levels"], cwd=tmp_path, stdout=write_end,
                                stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert result.returncode == 141
    assert result.stderr == ""
