"""Frame time per scene (`downhill bench frames`): p50 and p99 of whole frames -- events,
fixed ticks, drawing, buffer swap and GL finish -- at 1280x720 and 1920x1080, in the offscreen
window. Each scene is staged the way a player sees it (the ball rolling, the phases lit, an
overlay up) and drawn for a number of frames after a few warm-up frames."""

from __future__ import annotations

import os
import tempfile
import time

import numpy as np

from game.perf import Measurement

SIZES = ((1280, 720), (1920, 1080))
FRAME_SECONDS = 1.0 / 60.0
WARMUP = 5


def _stage_title(app):
    pass


def _stage_levels(app):
    app.stack.top.play()


def _open(app, level_id, **params):
    level = next(lv for lv in app.levels.levels if lv.id == level_id)
    scene = app.open_level(level)
    scene.set_params(**params)
    return scene


def _stage_play(app):
    scene = _open(app, "wavy", mu=0.9)
    scene.toggle_play()


def _stage_phases(app):
    scene = _open(app, "overshoot", eta=0.3)
    scene.toggle_phases()
    scene.toggle_play()


def _stage_results(app):
    scene = _open(app, "parabola", eta=0.5)
    scene.advance_steps(300)
    app.show_results(scene)


def _stage_help(app):
    _open(app, "parabola")
    app.show_help()


def _stage_settings(app):
    app.show_settings()


def _stage_network(level_id, **params):
    def stage(app):
        scene = _open(app, level_id, **params)
        scene.toggle_play()  # training: the phases animate, the weights glide
    return stage


def _stage_view(name):
    def stage(app):
        scene = _open(app, "double-well")
        view = next(v for v in app.registry.views_for(scene.level) if v.name == name)
        scene.open_view(view)
    return stage


def _stage_ending(app):
    from game.scenes.ending import EndingScene

    app.stack.push(EndingScene(app))


def _stage_quit(app):
    app.stack.top.back()


STAGES = {
    "title": _stage_title,
    "level_select": _stage_levels,
    "play": _stage_play,
    "play_phases": _stage_phases,
    "results": _stage_results,
    "help": _stage_help,
    "settings": _stage_settings,
    "calculus": _stage_network("calculus"),
    "neuron": _stage_network("neuron", eta=2.0),
    "backprop": _stage_network("backprop", eta=0.05),
    "paris": _stage_network("paris", eta=0.2),
    "landscape": _stage_network("landscape", eta=0.2),
    "map": _stage_view("map"),
    "swarm": _stage_view("swarm"),
    "ending": _stage_ending,
    "quit": _stage_quit,
}


def frame_times(app, frames: int) -> np.ndarray:
    times = []
    for i in range(WARMUP + frames):
        start = time.perf_counter()
        app.frame(FRAME_SECONDS)
        app.ctx.finish()
        if i >= WARMUP:
            times.append(time.perf_counter() - start)
    return np.array(times) * 1000.0


def run(quick: bool = False) -> list[Measurement]:
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.app import build_app
    from game.scenes.title import TitleScene

    frames = 40 if quick else 240
    results = []
    with tempfile.TemporaryDirectory(prefix="downhill-bench-") as tmp:
        app = build_app(SIZES[0], store_dir=tmp, start="none")
        app.store.update_settings(unlock_all=True)
        try:
            for size in SIZES:
                app.window.resize(size)
                for name, stage in STAGES.items():
                    while len(app.stack):
                        app.stack.pop()
                    app.stack.push(TitleScene(app))
                    stage(app)
                    app.relayout()
                    ms = frame_times(app, frames)
                    label = f"{size[0]}x{size[1]}"
                    detail = f"{frames} frames, offscreen, {app.ctx.info.get('GL_RENDERER', '?')}"
                    results.append(Measurement("frames", f"{name} p50 {label}", float(np.percentile(ms, 50)), "ms", detail))
                    results.append(Measurement("frames", f"{name} p99 {label}", float(np.percentile(ms, 99)), "ms", detail))
        finally:
            app.close()
    return results
