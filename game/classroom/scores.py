"""The leaderboard and the CSV, from a session's verified runs (pure functions of stored data).

Score modes: "steps" ranks by levels cleared, then fewest steps summed over each level's best
cleared run; "loss" by levels played, then the lowest final losses summed; "stars" by the best
stars summed over the levels. Ties go to whoever got there first.
"""

from __future__ import annotations

import csv
import io
import math
import time

SCORES = ("steps", "loss", "stars")
LEADERBOARD_MODES = ("live", "end", "hidden")
CSV_COLUMNS = ("nickname", "level", "eta", "mu", "x0", "optimizer", "status", "steps", "final_loss",
               "stars", "time")


def _better(mode: str, value, best) -> bool:
    if best is None:
        return True
    return value > best if mode == "stars" else value < best


def _counts(mode: str, run: dict):
    """The run's value under `mode`, or None when it does not count."""
    if mode == "steps":
        return run["steps"] if run["cleared"] else None
    if mode == "loss":
        loss = run["loss"]
        return loss if loss is not None and math.isfinite(loss) and run["status"] != "diverged" else None
    return run["stars"]


def leaderboard(session: dict, runs: list[dict], players: list[dict]) -> list[dict]:
    mode = session["score"]
    removed = {p["id"] for p in players if p["removed"]}
    rows: dict[int, dict] = {}
    for p in players:
        if p["id"] not in removed:
            rows[p["id"]] = {"player_id": p["id"], "nickname": p["nickname"], "best": {}, "runs": 0,
                             "reached": p["joined"]}
    for run in runs:
        row = rows.get(run["player_id"])
        if row is None or not run["accepted"]:
            continue
        row["runs"] += 1
        value = _counts(mode, run)
        if value is None:
            continue
        if _better(mode, value, row["best"].get(run["level"])):
            row["best"][run["level"]] = value
            row["reached"] = run["created"]
    ranked = []
    for row in rows.values():
        values = list(row["best"].values())
        total = sum(values) if values else None
        row.update(levels=len(values), score=total)
        if mode == "stars":
            key = (-(total or 0), row["reached"])
        else:
            key = (-len(values), total if total is not None else math.inf, row["reached"])
        ranked.append((key, row))
    ranked.sort(key=lambda item: item[0])
    out = []
    for rank, (_, row) in enumerate(ranked, start=1):
        row = dict(row, rank=rank)
        row.pop("reached")
        out.append(row)
    return out


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    text = str(value)
    # a spreadsheet would run a cell that starts like a formula: keep it text
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def results_csv(runs: list[dict]) -> str:
    """One row per verified (accepted) run, oldest first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for run in runs:
        if not run["accepted"]:
            continue
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(run["created"]))
        writer.writerow([_cell(run["nickname"]), run["level"], _cell(run["eta"]), _cell(run["mu"]),
                         _cell(run["x0"]), run["optimizer"], run["status"], run["steps"],
                         _cell(run["loss"]), run["stars"], stamp])
    return out.getvalue()
