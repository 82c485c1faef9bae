"""The layout check over every scene and level (issue 12 item 5): each case stages a scene the
way a player sees it, draws it once with a Recorder on the painter (game/render/layout.py) and
lists what is wrong: a text outside its panel or the window, two texts overlapping, a text smaller
than 14 px at 720p.

    from game.perf.layout import layout_report
    report = layout_report(app)                  # {case: [problem, ...]} for every case
    problems = scene_problems(app)               # just the scene on top, as it is now

The languages work runs the same report with another language active (`with i18n.using("de")`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from game.render.layer import Layer
from game.render.layout import Recorder, problems

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
    """Draw the visible scenes once with a Recorder attached; texts are tagged with their scene."""
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

        def wiggled(level=level):  # one weight picked and moved (seed 001 sec. 3)
            scene = _open(app, level)
            scene.cycle_weight()
            if scene.picked is not None:
                scene.set_weight(float(scene.trainer.params[scene.picked]) + 0.5)

        def help_over(level=level):
            _open(app, level)
            app.show_help()

        yield f"{level.id}: play", fresh
        yield f"{level.id}: after 3 steps", stepped
        yield f"{level.id}: play, best 123", with_best
        for k in range(NETWORK_PHASES):
            yield f"{level.id}: phase {k + 1}", (lambda k=k, phase=phase: phase(k))
        yield f"{level.id}: results", results
        if level.kind == "network":  # the landscape has no lines to pick: its case is its play picture
            yield f"{level.id}: wiggle", wiggled
        if level is app.ordered_levels()[0]:
            yield "help", help_over
        for view in app.registry.views_for(level):
            def extra(level=level, view=view):
                scene = _open(app, level)
                scene.open_view(view)
                for _ in range(3):
                    app.frame(1 / 60)

            yield f"{level.id}: {view.name}", extra


def layout_report(app, only: Callable[[str], bool] | None = None) -> dict[str, list[str]]:
    """{case name: problems} over every case (those `only` accepts)."""
    report = {}
    for name, stage in cases(app):
        if only is not None and not only(name):
            continue
        stage()
        app.relayout()
        app.frame(0.0)
        report[name] = scene_problems(app)
    _reset_to_title(app)
    return report
