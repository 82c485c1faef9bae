"""Frame time per scene (`downhill bench frames`): p50 and p99 of whole frames -- events,
fixed ticks, drawing, buffer swap and the wait until the frame's pixels are drawn
(Window.finish) -- at 1280x720 and 1920x1080, in the offscreen window, and the process's CPU
time per frame (getrusage, every thread: llvmpipe's rasteriser threads included). Each scene
is staged the way a player sees it (the ball rolling, a network training, an overlay up) and
drawn for a number of frames after a few warm-up frames.

Wall-clock figures on a shared machine are inflated by other processes: the load average and
the machine's speed at the moment (a fixed piece of work timed, game.perf.machine_speed) are
printed at the start and the end of the run; CPU time per frame, and with --passes the p99 of
each frame's fastest pass, are the figures to compare before and after a change. Every scene
kind is staged (STAGES); `scene_kinds()` says which kinds those are, and a test checks that
none is left out."""

from __future__ import annotations

import os
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from game.perf import Measurement, machine_speed

SIZES = ((1280, 720), (1920, 1080))
SPEED_DETAIL = "a fixed piece of Python and NumPy work, best of 7: lower is faster"
FRAME_SECONDS = 1.0 / 60.0
WARMUP = 5
LEVEL_SCENE = "level"  # a Stage's kind when it is its level's own play scene (named by the level's kind)


@dataclass(frozen=True)
class Stage:
    stage: Callable  # stage(app): push the scene and set it going
    kind: str        # the `name` of the scene on top
    level: str | None = None  # the level it shows, if any


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


def _training(level_id, **params) -> Stage:
    """A network, classifier or lab level with Train on: the picture changes every frame."""
    def stage(app):
        scene = _open(app, level_id, **params)
        scene.toggle_play()
    return Stage(stage, LEVEL_SCENE, level_id)


def _stage_view(name):
    def stage(app):
        scene = _open(app, "double-well")
        view = next(v for v in app.registry.views_for(scene.level) if v.name == name)
        scene.open_view(view)
    return stage


def _stage_build(app):
    _open(app, "separate-hidden").open_builder()


def _stage_ending(app):
    from game.scenes.ending import EndingScene

    app.stack.push(EndingScene(app))


def _stage_quit(app):
    app.stack.top.back()


STAGES = {  # bench name -> Stage: how to stage it, the scene kind shown (the top scene's `name`), its level
    "title": Stage(_stage_title, "title"),
    "level_select": Stage(_stage_levels, "level_select"),
    "settings": Stage(_stage_settings, "settings"),
    "help": Stage(_stage_help, "help"),
    "quit": Stage(_stage_quit, "confirm"),
    "play": Stage(_stage_play, "play", "wavy"),
    "play_phases": Stage(_stage_phases, "play", "overshoot"),
    "map": Stage(_stage_view("map"), "map_view", "double-well"),
    "swarm": Stage(_stage_view("swarm"), "swarm_view", "double-well"),
    "calculus": _training("calculus"),
    "neuron": _training("neuron", eta=2.0),
    "backprop": _training("backprop", eta=0.05),
    "paris": _training("paris", eta=0.2),
    "landscape_3d": _training("landscape", eta=0.2),
    "separate_line": _training("separate-line"),
    "separate_hidden": _training("separate-hidden"),
    "build_network": Stage(_stage_build, "build-network", "separate-hidden"),
    "predict": _training("predict"),
    "digits": _training("digits"),
    "lab_forward": _training("forward"),
    "lab_vanishing": _training("vanishing"),
    "lab_three": _training("lr-three"),
    "lab_schedules": _training("schedules"),
    "lab_finder": _training("lr-finder"),
    "results": Stage(_stage_results, "results", "parabola"),
    "ending": Stage(_stage_ending, "ending"),
}


def scene_kinds(levels) -> set[str]:
    """The scene kinds the suite stages (a level's scene is named by its kind)."""
    kinds = {lv.id: lv.kind for lv in levels}
    return {kinds[stage.level] if stage.kind == LEVEL_SCENE else stage.kind for stage in STAGES.values()}


def cpu_seconds() -> float:
    """User + system CPU time of this process so far, every thread included."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def frame_times(app, frames: int) -> tuple[np.ndarray, float, float]:
    """(wall ms of each frame, CPU ms per frame on average, mean share of the screen redrawn)
    over `frames` frames after WARMUP."""
    times, redrawn = [], []
    for _ in range(WARMUP):
        app.frame(FRAME_SECONDS)
        app.window.finish()
    cpu_start = cpu_seconds()
    for _ in range(frames):
        app.window.pixels.redrawn_share = 0.0  # a frame that settles nothing over a picture redraws none of it
        start = time.perf_counter()
        app.frame(FRAME_SECONDS)
        app.window.finish()
        times.append(time.perf_counter() - start)
        redrawn.append(app.window.pixels.redrawn_share)
    cpu = (cpu_seconds() - cpu_start) / frames
    return np.array(times) * 1000.0, cpu * 1000.0, float(np.mean(redrawn))


def stage_scene(app, stage) -> None:
    from game.scenes.title import TitleScene

    while len(app.stack):
        app.stack.pop()
    app.stack.push(TitleScene(app))
    stage(app)
    app.relayout()


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def run(quick: bool = False, scenes=None, sizes=None, passes: int = 1) -> Iterator[Measurement]:
    """Every staged scene (or those named in `scenes`) at every size in `sizes` (default SIZES),
    each figure as soon as it is measured. With `passes` > 1 each scene is staged that many
    times (the frames are the same each time: a fixed step, no input): the usual figures are
    the first pass's, and one more is the p99 of each frame's fastest pass, which leaves out
    most of what a shared machine's neighbours add (on a virtual machine the same work takes
    up to 1.6 times as long from one minute to the next)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.app import build_app

    frames = 40 if quick else 240
    names = list(scenes) if scenes else list(STAGES)
    yield Measurement("frames", "load average at start (1, 5, 15 min)", os.getloadavg()[0], "",
                      _load() + f"; {os.cpu_count()} CPUs")
    yield Measurement("frames", "machine speed at start", machine_speed(), "ms", SPEED_DETAIL)
    for size in sizes or SIZES:
        # a window made at each size: resizing the offscreen window keeps the first size's
        # drawable (ctx.screen.size), so "1920x1080" would have drawn 1280x720 pixels
        with tempfile.TemporaryDirectory(prefix="downhill-bench-") as tmp:
            app = build_app(size, store_dir=tmp, start="none")
            app.store.update_settings(unlock_all=True)
            try:
                if tuple(app.ctx.screen.size) != tuple(size):
                    raise RuntimeError(f"bench frames: the window draws {app.ctx.screen.size}, not {size}")
                keeps = app.window.pixels.keeps_pixels
                yield Measurement("frames", f"present {size[0]}x{size[1]}", float(keeps), "",
                                  "keeps pixels: cached pictures copied back where drawn over" if keeps
                                  else "copies the whole picture each frame (the buffer does not keep its pixels)")
                for name in names:
                    stage_scene(app, STAGES[name].stage)
                    ms, cpu, redrawn = frame_times(app, frames)
                    label = f"{size[0]}x{size[1]}"
                    runs = [ms]
                    for _pass in range(passes - 1):
                        stage_scene(app, STAGES[name].stage)
                        runs.append(frame_times(app, frames)[0])
                    detail = f"{frames} frames, offscreen, {app.ctx.info.get('GL_RENDERER', '?')}"
                    yield Measurement("frames", f"{name} p50 {label}", float(np.percentile(ms, 50)), "ms", detail)
                    yield Measurement("frames", f"{name} p99 {label}", float(np.percentile(ms, 99)), "ms", detail)
                    if passes > 1:
                        each = ", ".join(f"{np.percentile(run_ms, 99):.1f}" for run_ms in runs)
                        yield Measurement("frames", f"{name} p99 fastest of {passes} {label}",
                                          float(np.percentile(np.min(runs, axis=0), 99)), "ms",
                                          f"each frame's fastest of {passes} passes; p99 of each pass {each} ms")
                    yield Measurement("frames", f"{name} cpu/frame {label}", cpu, "ms",
                                      "process CPU time per frame, all threads")
                    yield Measurement("frames", f"{name} redrawn {label}", 100.0 * redrawn, "%",
                                      "of the screen drawn again per frame, on average (where it changed)")
            finally:
                app.close()
    yield Measurement("frames", "load average at end (1, 5, 15 min)", os.getloadavg()[0], "", _load())
    yield Measurement("frames", "machine speed at end", machine_speed(), "ms", SPEED_DETAIL)
