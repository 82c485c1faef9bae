"""Anonymous statistics for the museum: visits per day, time per visit, levels started and
cleared. No names, no inputs, no times of day: per day, counts only.

A visit starts at the first touch after the attract loop and ends when the visitor goes back
to it (or the idle countdown runs out); its length is from the first to the last input.
The file is JSON, rewritten atomically (game.store.write_atomic) at the end of each visit;
one that cannot be read is set aside (game.store.move_aside) and counting starts again.

    {"format": 1, "days": {"2026-12-02": {"visits": 3, "seconds": 412.5,
        "lengths": {"<1m": 1, "1-3m": 2, ...}, "levels": {"parabola": {"started": 3, "cleared": 2}}}}}
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
import time
from pathlib import Path

from game.i18n import _, number
from game.store import move_aside, write_atomic

FORMAT = 1
LENGTHS = ((60, "<1m"), (180, "1-3m"), (600, "3-10m"), (math.inf, "10m+"))


class StatsError(ValueError):
    """A stats file that cannot be read: one line saying where and why."""


class Stats:
    def __init__(self, path: Path, days: dict | None = None, *, clock=time.time, notice: str | None = None) -> None:
        self.path = Path(path)
        self.days: dict[str, dict] = days or {}
        self.clock = clock
        self.notice = notice  # one line for the operator (stderr), never for the visitor
        self.visit: dict | None = None

    @classmethod
    def open(cls, path: Path, *, clock=time.time) -> Stats:
        """Load the counts so far; a missing file is an empty count, a broken one is set aside."""
        path = Path(path)
        try:
            return cls(path, read_days(path), clock=clock)
        except FileNotFoundError:
            return cls(path, clock=clock)
        except (StatsError, OSError) as problem:
            try:
                aside = move_aside(path, clock())
                note = _("kiosk stats {path}: {problem}; kept at {aside}, counting from zero").format(
                    path=path, problem=problem, aside=aside)
            except OSError as error:
                note = _("kiosk stats {path}: {problem}; could not move it aside ({error}), counting from zero").format(
                    path=path, problem=problem, error=error.strerror)
            return cls(path, clock=clock, notice=note)

    # --- a visit -----------------------------------------------------------------------------

    @property
    def in_visit(self) -> bool:
        return self.visit is not None

    def start_visit(self) -> None:
        self.visit = {"started": set(), "cleared": set()}

    def level_started(self, level_id: str) -> None:
        if self.visit is not None:
            self.visit["started"].add(level_id)

    def level_cleared(self, level_id: str) -> None:
        if self.visit is not None:
            self.visit["cleared"].add(level_id)

    def end_visit(self, seconds: float) -> str | None:
        """Count the visit (`seconds` long) and save. Returns None, or the line saying why
        the file could not be written (the counts stay in memory and go out next time)."""
        if self.visit is None:
            return None
        visit, self.visit = self.visit, None
        seconds = max(0.0, float(seconds)) if math.isfinite(seconds) else 0.0
        day = self.days.setdefault(time.strftime("%Y-%m-%d", time.localtime(self.clock())), empty_day())
        day["visits"] += 1
        day["seconds"] = round(day["seconds"] + seconds, 1)
        bucket = next(name for limit, name in LENGTHS if seconds < limit)
        day["lengths"][bucket] = day["lengths"].get(bucket, 0) + 1
        for kind in ("started", "cleared"):
            for level_id in visit[kind]:
                counts = day["levels"].setdefault(level_id, {"started": 0, "cleared": 0})
                counts[kind] += 1
        return self.save()

    def save(self) -> str | None:
        data = json.dumps({"format": FORMAT, "days": self.days}, indent=1, sort_keys=True) + "\n"
        try:
            write_atomic(self.path, data.encode("utf-8"))
        except OSError as error:
            self.notice = _("kiosk stats: cannot write {path} ({error}); kept in memory").format(
                path=self.path, error=error.strerror or error)
            return self.notice
        return None


def empty_day() -> dict:
    return {"visits": 0, "seconds": 0.0, "lengths": {}, "levels": {}}


def read_days(path: Path) -> dict:
    raw = Path(path).read_bytes()
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise StatsError(f"not UTF-8 at byte {error.start}") from None
    except json.JSONDecodeError as error:
        raise StatsError(f"bad JSON at line {error.lineno} column {error.colno}: {error.msg}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT or not isinstance(document.get("days"), dict):
        raise StatsError(f"not a kiosk stats file (format {FORMAT} with days)")
    days = {}
    for name, day in document["days"].items():
        if not isinstance(day, dict) or not _count(day.get("visits")) or not _seconds(day.get("seconds")) \
                or not isinstance(day.get("levels"), dict) or not isinstance(day.get("lengths", {}), dict):
            raise StatsError(f"day {name!r} is damaged")
        for level_id, counts in day["levels"].items():
            if not isinstance(counts, dict) or not all(_count(counts.get(k)) for k in ("started", "cleared")):
                raise StatsError(f"day {name!r}, level {level_id!r} is damaged")
        days[name] = {"visits": day["visits"], "seconds": float(day["seconds"]), "lengths": dict(day.get("lengths", {})),
                      "levels": {k: {"started": v["started"], "cleared": v["cleared"]} for k, v in day["levels"].items()}}
    return days


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _seconds(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


# --- printing ---------------------------------------------------------------------------------

def level_ids(days: dict) -> list[str]:
    return sorted({level_id for day in days.values() for level_id in day["levels"]})


def duration_text(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}m {seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def _headings() -> dict:
    """The table's column names in the active language, and each column's width (room for the
    longest of the name and the English layout's width)."""
    names = {"day": _("day"), "visits": _("visits"), "mean": _("mean time"), "started": _("started"),
             "cleared": _("cleared"), "level": _("level"), "rate": _("cleared %")}
    least = {"day": 12, "visits": 8, "mean": 11, "started": 9, "cleared": 9, "level": 22, "rate": 11}
    widths = {key: max(least[key], len(name) + (0 if key in ("day", "level") else 2)) for key, name in names.items()}
    return {"names": names, "widths": widths}


def table(days: dict) -> str:
    """The visit counts as a table a person reads (the CSV keeps English column names)."""
    if not days:
        return _("no visits counted yet")
    head = _headings()
    n, w = head["names"], head["widths"]
    lines = [f"{n['day']:<{w['day']}}{n['visits']:>{w['visits']}}{n['mean']:>{w['mean']}}  {'<1m':>5}{'1-3m':>6}"
             f"{'3-10m':>7}{'10m+':>6}{n['started']:>{w['started']}}{n['cleared']:>{w['cleared']}}"]
    total = empty_day()
    for name in sorted(days):
        day = days[name]
        lines.append(_day_row(name, day, w))
        total["visits"] += day["visits"]
        total["seconds"] += day["seconds"]
        for bucket, count in day["lengths"].items():
            total["lengths"][bucket] = total["lengths"].get(bucket, 0) + count
        for level_id, counts in day["levels"].items():
            into = total["levels"].setdefault(level_id, {"started": 0, "cleared": 0})
            into["started"] += counts["started"]
            into["cleared"] += counts["cleared"]
    if len(days) > 1:
        lines.append(_day_row(_("all days"), total, w))
    lines.append("")
    lines.append(f"{n['level']:<{w['level']}}{n['started']:>{w['started']}}{n['cleared']:>{w['cleared']}}"
                 f"{n['rate']:>{w['rate']}}")
    for level_id in level_ids(days):
        counts = total["levels"][level_id]
        rate = number(counts["cleared"] / counts["started"], ".0%") if counts["started"] else "—"
        lines.append(f"{level_id:<{w['level']}}{counts['started']:>{w['started']}}{counts['cleared']:>{w['cleared']}}"
                     f"{rate:>{w['rate']}}")
    return "\n".join(lines)


def _day_row(name: str, day: dict, w: dict) -> str:
    mean = duration_text(day["seconds"] / day["visits"]) if day["visits"] else "—"
    started = sum(c["started"] for c in day["levels"].values())
    cleared = sum(c["cleared"] for c in day["levels"].values())
    buckets = "".join(f"{day['lengths'].get(bucket, 0):>{width}}" for (_limit, bucket), width in zip(LENGTHS, (5, 6, 7, 6)))
    return (f"{name:<{w['day']}}{day['visits']:>{w['visits']}}{mean:>{w['mean']}}  {buckets}{started:>{w['started']}}"
            f"{cleared:>{w['cleared']}}")


def csv_text(days: dict) -> str:
    ids = level_ids(days)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["day", "visits", "total_seconds", "mean_seconds", *[name for _limit, name in LENGTHS],
                     *[f"{i} started" for i in ids], *[f"{i} cleared" for i in ids]])
    for name in sorted(days):
        day = days[name]
        mean = round(day["seconds"] / day["visits"], 1) if day["visits"] else ""
        writer.writerow([name, day["visits"], day["seconds"], mean,
                         *[day["lengths"].get(bucket, 0) for _limit, bucket in LENGTHS],
                         *[day["levels"].get(i, {}).get("started", 0) for i in ids],
                         *[day["levels"].get(i, {}).get("cleared", 0) for i in ids]])
    return out.getvalue()


def print_stats(path: Path, as_csv: bool = False) -> int:
    try:
        days = read_days(path)
    except FileNotFoundError:
        days = {}
    except (StatsError, OSError) as problem:
        print(f"downhill kiosk stats: {path}: {problem}", file=sys.stderr)
        return 1
    text = csv_text(days) if as_csv else table(days)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
