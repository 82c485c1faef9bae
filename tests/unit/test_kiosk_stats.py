"""Kiosk statistics: counted per day, written atomically, a damaged file set aside, printed as a
table or CSV."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from game.kiosk.stats import Stats, csv_text, read_days, table

ROOT = Path(__file__).resolve().parents[2]
NOON = 1796212800.0  # a fixed time: the day is the same wherever the test runs


def visit(stats, seconds, started=(), cleared=()):
    stats.start_visit()
    for level_id in started:
        stats.level_started(level_id)
    for level_id in cleared:
        stats.level_cleared(level_id)
    return stats.end_visit(seconds)


def test_visits_levels_and_lengths_are_counted_and_saved(tmp_path):
    path = tmp_path / "stats.json"
    stats = Stats.open(path, clock=lambda: NOON)
    assert visit(stats, 42.0, ["parabola", "paris", "parabola"], ["parabola"]) is None
    assert visit(stats, 200.0, ["paris"]) is None
    days = read_days(path)
    (day,) = days.values()
    assert day["visits"] == 2 and day["seconds"] == 242.0
    assert day["lengths"] == {"<1m": 1, "3-10m": 1}
    assert day["levels"] == {"parabola": {"started": 1, "cleared": 1}, "paris": {"started": 2, "cleared": 0}}
    again = Stats.open(path, clock=lambda: NOON)
    visit(again, 10.0)
    assert next(iter(read_days(path).values()))["visits"] == 3
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write left no temp file


def test_a_damaged_file_is_set_aside_and_counting_starts_again(tmp_path):
    path = tmp_path / "stats.json"
    path.write_text('{"format": 1, "days": {"2026-01-01": {"visits": -1}}}')
    stats = Stats.open(path, clock=lambda: NOON)
    assert stats.days == {} and "damaged" in stats.notice
    assert len(list(tmp_path.glob("stats.json.corrupt-*"))) == 1


def test_a_file_that_cannot_be_written_keeps_the_counts(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    stats = Stats.open(blocker / "stats.json", clock=lambda: NOON)
    problem = visit(stats, 5.0)
    assert problem and "cannot write" in problem
    assert next(iter(stats.days.values()))["visits"] == 1


def test_table_and_csv(tmp_path):
    stats = Stats.open(tmp_path / "s.json", clock=lambda: NOON)
    visit(stats, 90.0, ["paris"], ["paris"])
    visit(stats, 30.0, ["paris"])
    text = table(stats.days)
    assert "visits" in text and "1m 00s" in text and "50%" in text
    rows = list(csv.DictReader(io.StringIO(csv_text(stats.days))))
    assert rows[0]["visits"] == "2" and rows[0]["mean_seconds"] == "60.0"
    assert rows[0]["paris started"] == "2" and rows[0]["paris cleared"] == "1"
    assert table({}) == "no visits counted yet"


def test_the_stats_command(tmp_path):
    stats = Stats.open(tmp_path / "s.json", clock=lambda: NOON)
    visit(stats, 61.0, ["parabola"], ["parabola"])
    config = tmp_path / "k.toml"
    config.write_text(f"[stats]\npath = {json.dumps(str(tmp_path / 's.json'))}\n")
    run = [sys.executable, "-m", "game", "kiosk", "stats", "--config", str(config)]
    done = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "parabola" in done.stdout and "1m 01s" in done.stdout
    done = subprocess.run(run + ["--csv"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines()[0].startswith("day,visits,total_seconds")
