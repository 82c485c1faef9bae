"""A layout check: every text the painter draws and every panel it is meant to sit in, recorded
while a scene draws, then judged: each text inside the panel around it and inside the window,
no two texts overlapping, none smaller than the smallest readable size.

Render code records panels with `note_panel(painter, rect)`; the painter records each text by
itself when a Recorder is attached (`painter.recorder`). The scene walker that stages every
scene and level is game/perf/layout.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MIN_TEXT_PX = 14.0  # at 1280x720 (ui scale 1); scaled with the window
SLACK = 1.0  # pixels of overhang forgiven (anti-aliasing, rounding)


@dataclass(frozen=True)
class TextBox:
    text: str
    rect: tuple[float, float, float, float]
    size: float
    on_top: bool
    owner: str = ""


@dataclass
class Recorder:
    texts: list[TextBox] = field(default_factory=list)
    panels: list[tuple[tuple[float, float, float, float], str, str]] = field(default_factory=list)
    owner: str = ""  # the scene being drawn

    def text(self, text: str, rect, size: float, on_top: bool) -> None:
        if text.strip():
            self.texts.append(TextBox(text, tuple(float(v) for v in rect), float(size), on_top, self.owner))

    def panel(self, rect, name: str = "") -> None:
        x, y, w, h = (float(v) for v in rect)
        if w > 0 and h > 0:
            self.panels.append(((x, y, w, h), name, self.owner))


def note_panel(painter, rect, name: str = "") -> None:
    """Tell an attached layout check that texts drawn inside `rect` belong in it."""
    recorder = getattr(painter, "recorder", None)
    if recorder is not None:
        recorder.panel(rect, name)


def _inside(inner, outer, slack: float = SLACK) -> bool:
    x, y, w, h = inner
    X, Y, W, H = outer
    return x >= X - slack and y >= Y - slack and x + w <= X + W + slack and y + h <= Y + H + slack


def _contains_point(rect, px: float, py: float) -> bool:
    x, y, w, h = rect
    return x <= px <= x + w and y <= py <= y + h


def _overlap(a, b) -> float:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    w = min(ax + aw, bx + bw) - max(ax, bx)
    h = min(ay + ah, by + bh) - max(ay, by)
    return max(0.0, w) * max(0.0, h)


def _ink_box(box: TextBox):
    """The part of a text's line box that ink fills: the line box less a little above and below
    (ascenders and descenders leave room that neighbouring lines may share)."""
    x, y, w, h = box.rect
    trim = h * 0.18
    return (x + 0.5, y + trim, max(0.0, w - 1.0), max(0.0, h - 2 * trim))


def problems(recorder: Recorder, size: tuple[int, int], ui_scale: float, owner: str | None = None,
             min_px: float = MIN_TEXT_PX) -> list[str]:
    """What is wrong with the recorded layout (one line each), for the texts of `owner` (all
    texts when None)."""
    W, H = size
    texts = [t for t in recorder.texts if owner is None or t.owner == owner]
    found = []
    smallest = min_px * ui_scale - 0.5
    for t in texts:
        if t.size < smallest:
            found.append(f"too small ({t.size:.1f} px < {min_px:g} px at 720p): {t.text!r}")
        if not _inside(t.rect, (0, 0, W, H)):
            found.append(f"outside the window: {t.text!r} at {_fmt(t.rect)}")
            continue
        cx, cy = t.rect[0] + t.rect[2] / 2, t.rect[1] + t.rect[3] / 2
        around = [(rect, name) for rect, name, panel_owner in recorder.panels
                  if panel_owner == t.owner and _contains_point(rect, cx, cy)]
        if around:
            rect, name = min(around, key=lambda p: p[0][2] * p[0][3])
            if not _inside(t.rect, rect):
                found.append(f"spills out of its panel{' ' + name if name else ''}: {t.text!r} at {_fmt(t.rect)} "
                             f"(panel {_fmt(rect)})")
    flat = [t for t in texts if not t.on_top]
    for i, a in enumerate(flat):
        box_a = _ink_box(a)
        for b in flat[i + 1:]:
            if _overlap(box_a, _ink_box(b)) > 1.0:
                found.append(f"overlap: {a.text!r} at {_fmt(a.rect)} and {b.text!r} at {_fmt(b.rect)}")
    return found


def _fmt(rect) -> str:
    x, y, w, h = rect
    return f"({x:.0f},{y:.0f} {w:.0f}x{h:.0f})"
