"""The layout check over every scene and level (issue 12 item 5): each case stages a scene the
way a player sees it, draws it once with a Recorder on the painter (game/render/layout.py) and
lists what is wrong: a text outside its panel or the window, two texts overlapping, a text smaller
than 14 px at 720p.

    from game.perf.layout import layout_report
    report = layout_report(app)                  # {case: [problem, ...]} for every case
    problems = scene_problems(app)               # just the scene on top, as it is now

    reports = layout_matrix(app, [Look("de", 1.5), Look("en", 1.0, (1920, 1080))])

`layout_matrix` stages each case once per language and window size and records it at every text
scale asked for. Both draw with the GPU's rasterising muted (`gl_muted`): the scenes' own draw
code runs, every text box and panel is computed as in a real frame (a test compares the two),
but no triangle, clear or framebuffer copy reaches llvmpipe -- the check costs the Python of a
frame, not its pixels.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import moderngl

from game import i18n
from game.render import theme
from game.render.layer import Layer
from game.render.layout import Recorder, problems
from game.window import screen_pixels

# What rasterises or copies pixels: muted while the layout check draws. Buffers, textures and
# compute dispatches still run (a scene's numbers may come from them).
MUTED = ((moderngl.VertexArray, "render"), (moderngl.VertexArray, "render_indirect"),
         (moderngl.Context, "copy_framebuffer"),
         (moderngl.Context, "clear"), (moderngl.Framebuffer, "clear"))


@contextmanager
def gl_muted():
    """Draw calls, clears and framebuffer copies do nothing inside (the layout check's draws)."""
    saved = [(cls, name, cls.__dict__[name]) for cls, name in MUTED]
    for cls, name, _original in saved:
        setattr(cls, name, lambda *args, **kwargs: None)
    try:
        yield
    finally:
        for cls, name, original in saved:
            setattr(cls, name, original)


@dataclass(frozen=True)
class Look:
    """One language, text scale and window size the layout is checked in."""

    language: str
    text_scale: float = 1.0
    size: tuple[int, int] = (1280, 720)

    @property
    def name(self) -> str:
        return f"{self.language} {self.size[0]}x{self.size[1]} text {self.text_scale:g}"

NETWORK_PHASES = 4


def _invalidate(app) -> None:
    """Every cached picture redrawn next frame, so every text is drawn (and recorded) again."""
    app.invalidate_under()
    for scene in app.stack.scenes:
        for holder in (scene, getattr(scene, "view", None)):
            if holder is None:
                continue
            for value in vars(holder).values():
                if isinstance(value, Layer):
                    value.key = ("redraw",)


def record(app) -> Recorder:
    """Draw the visible scenes once with a Recorder attached; texts are tagged with their scene.
    Every cached picture is redrawn for it, and again by the next real frame."""
    recorder = Recorder()
    painter = app.painter
    wrapped = []
    for scene in app.stack.visible():
        for name in ("draw", "draw_still"):
            method = getattr(scene, name, None)
            if method is None:
                continue

            def tagged(*args, _method=method, _scene=scene, **kwargs):
                recorder.owner = _scene.name
                return _method(*args, **kwargs)

            setattr(scene, name, tagged)
            wrapped.append((scene, name))
    _invalidate(app)
    painter.recorder = recorder
    try:
        app.draw()
    finally:
        painter.recorder = None
        for scene, name in wrapped:
            delattr(scene, name)  # the class's own method again
        _invalidate(app)  # (a muted record leaves the cached pictures empty)
        pixels = screen_pixels(app.ctx)
        if pixels is not None:
            pixels.forget()  # nor does the screen hold what a muted copy would have put there
    return recorder


def scene_problems(app) -> list[str]:
    """Layout problems of the scene on top of the stack, as it is drawn now."""
    top = app.stack.top
    if top is None:
        return []
    recorder = record(app)
    return problems(recorder, app.size, app.ui_scale, owner=top.name)


# --- the cases -----------------------------------------------------------------------------

def _reset_to_title(app) -> None:
    from game.scenes.title import TitleScene

    while len(app.stack):
        app.stack.pop()
    app.stack.push(TitleScene(app))


def _open(app, level):
    _reset_to_title(app)
    return app.open_level(level)


def cases(app) -> Iterator[tuple[str, Callable[[], None]]]:
    """(name, stage) for every scene the player can see, and every level in its states."""
    from game.scenes.ending import EndingScene

    def title():
        _reset_to_title(app)

    def quit_question():
        _reset_to_title(app)
        app.stack.top.back()

    def level_select():
        _reset_to_title(app)
        app.stack.top.play()

    def settings():
        _reset_to_title(app)
        app.show_settings()

    def ending():
        _reset_to_title(app)
        app.stack.push(EndingScene(app))

    yield "title", title
    yield "quit", quit_question
    yield "level_select", level_select
    yield "settings", settings
    yield "ending", ending
    for level in app.ordered_levels():
        if not app.registry.can_play(level):
            continue

        def fresh(level=level):
            _open(app, level)

        def with_best(level=level):  # a long "par · best" beside the stars
            app.store.record(level.id, 2, 123, True)
            _open(app, level)

        def stepped(level=level):
            _open(app, level).advance_steps(3)

        def phase(k, level=level):
            scene = _open(app, level)
            scene.advance_steps(1)
            scene.show_phase(k)

        def results(level=level):
            scene = _open(app, level)
            scene.advance_steps(level.max_steps)
            if scene.result is not None:
                scene.finish_timer = None
                app.show_results(scene)

        def help_over(level=level):
            _open(app, level)
            app.show_help()

        yield f"{level.id}: play", fresh
        yield f"{level.id}: after 3 steps", stepped
        yield f"{level.id}: play, best 123", with_best
        for k in range(NETWORK_PHASES):
            yield f"{level.id}: phase {k + 1}", (lambda k=k, phase=phase: phase(k))
        yield f"{level.id}: results", results
        for state in app.registry.states_for(level):  # a picked weight, a card, an answer ...
            def entered(level=level, state=state):
                _open(app, level).enter_state(state)

            yield f"{level.id}: {state}", entered
        if level is app.ordered_levels()[0]:
            yield "help", help_over
        for view in app.registry.views_for(level):
            def extra(level=level, view=view):
                scene = _open(app, level)
                scene.open_view(view)
                for _ in range(3):
                    app.frame(1 / 60)

            yield f"{level.id}: {view.name}", extra


def _set_look(app, look: Look) -> None:
    """The text scale and window size of `look` (the language is set around the staging)."""
    if tuple(app.size) != tuple(look.size):
        app.window.resize(look.size)
    settings = dataclasses.replace(app.store.settings, text_scale=look.text_scale)
    theme.apply_settings(settings)
    app.invalidate_under()
    app.relayout()


def _settle(app) -> None:
    """What a frame does before it draws: the events, no time passing."""
    import pygame

    for event in pygame.event.get():
        app.handle_event(event)


def layout_report(app, only: Callable[[str], bool] | None = None) -> dict[str, list[str]]:
    """{case name: problems} over every case (those `only` accepts), in the language, text
    scale and size the app has now."""
    report = {}
    with gl_muted():
        for name, stage in cases(app):
            if only is not None and not only(name):
                continue
            stage()
            app.relayout()
            _settle(app)
            report[name] = scene_problems(app)
        _reset_to_title(app)
    return report


def layout_matrix(app, looks: Sequence[Look], only: Callable[[str], bool] | None = None
                  ) -> dict[Look, dict[str, list[str]]]:
    """{look: {case: problems}}: each case staged once per language and window size, then laid
    out and recorded at each text scale of that language and size. The app's own look (its
    settings and size) is put back afterwards."""
    groups: dict[tuple[str, tuple[int, int]], list[Look]] = {}
    for look in looks:
        groups.setdefault((look.language, tuple(look.size)), []).append(look)
    reports: dict[Look, dict[str, list[str]]] = {look: {} for look in looks}
    size = tuple(app.size)
    try:
        with gl_muted():
            for (language, _size), group in groups.items():
                with i18n.using(language):
                    _set_look(app, group[0])
                    for name, stage in cases(app):
                        if only is not None and not only(name):
                            continue
                        stage()
                        for look in group:
                            _set_look(app, look)
                            _settle(app)
                            reports[look][name] = scene_problems(app)
                    _reset_to_title(app)
    finally:
        if tuple(app.size) != size:
            app.window.resize(size)
        app.apply_look()
    return reports
