"""`downhill fuzz`: random mouse, touch, key and gamepad events through every scene of the real
game (offscreen window), like PhET's fuzz mode. Fails on any exception or non-finite state and
prints the seed that replays it.

Gamepads cannot be plugged in here, so JOYDEVICEADDED/REMOVED, JOYAXISMOTION, JOYBUTTONDOWN
and JOYHATMOTION are posted as synthetic events: the same events SDL would send for hardware.
"""

from __future__ import annotations

import os
import tempfile
import time
import traceback

import numpy as np

from game.i18n import _
from game.perf.events import EventSource

FRAME_SECONDS = 1.0 / 60.0
CALM_EVERY = 300    # every so many frames, a calm spell: play at full speed with no other input,
CALM_FRAMES = 120   # so runs can finish and the results scene gets its share of events
KIOSK_CALM_SECONDS = 0.1  # --kiosk: calm frames are longer, so idle, countdown and reset come round


def register(subparsers) -> None:
    parser = subparsers.add_parser("fuzz", help=_("throw random input at every scene; report the seed of any failure"),
                                   description=_("Throw random mouse, touch, key and gamepad events at every "
                                                 "scene of the real game; a failure prints the seed that replays it."))
    parser.add_argument("--seconds", type=float, default=10.0, help=_("how long to run (default 10)"))
    parser.add_argument("--seed", type=int, default=None, help=_("random seed (default: a new one, printed)"))
    parser.add_argument("--rate", type=int, default=100, help=_("events per frame (default 100)"))
    parser.add_argument("--frames", type=int, default=None, help=_("stop after this many frames instead"))
    parser.add_argument("--size", default="1280x720", help=_("window size WxH"))
    parser.add_argument("--kiosk", action="store_true",
                        help=_("kiosk mode: also quit events, Alt+F4, F11, idle spells; fails if the game exits"))
    parser.set_defaults(func=run)


def run(args) -> int:
    from game.errors import CliError
    from game.window import parse_size

    if args.rate < 0 or args.rate > 10000:
        raise CliError(_("--rate must be between 0 and 10000 events per frame, got {value}").format(value=args.rate))
    if not (args.seconds > 0):
        raise CliError(_("--seconds must be positive, got {value}").format(value=args.seconds))
    try:
        size = parse_size(args.size)
    except ValueError as error:
        raise CliError(str(error)) from None
    seed = args.seed if args.seed is not None else int(np.random.default_rng().integers(0, 2**31))
    report = fuzz(seed, rate=args.rate, seconds=args.seconds, frames=args.frames, size=size, kiosk=args.kiosk)
    print(report.line())
    return 0 if report.ok else 1


class Report:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.frames = 0
        self.events = 0
        self.scenes: set[str] = set()
        self.failure: str | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None

    def line(self) -> str:
        seen = ", ".join(sorted(self.scenes))
        if self.failure:
            return "fuzz: " + _("FAILED at frame {frame} (seed {seed}; replay: {command}): {failure}").format(
                frame=self.frames, seed=self.seed, failure=self.failure,
                command=f"downhill fuzz --seed {self.seed} --frames {self.frames + 1}")
        return "fuzz: " + _("ok: seed {seed}, {frames} frames, {events} events, scenes: {scenes}").format(
            seed=self.seed, frames=self.frames, events=self.events, scenes=seen)


def fuzz(seed: int, rate: int = 100, seconds: float = 10.0, frames: int | None = None,
         size=(1280, 720), store_dir=None, kiosk: bool = False) -> Report:
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.app import build_app

    from game import i18n
    from game.render import theme

    report = Report(seed)
    rng = np.random.default_rng(seed)
    # the random input reaches Settings: the language and the look it leaves are the game's,
    # not the caller's (the report is printed in the language the command was run in)
    language, look = i18n.language(), theme.LOOK
    with tempfile.TemporaryDirectory(prefix="downhill-fuzz-") as tmp:
        if kiosk:
            from game.kiosk.fuzzing import build_fuzz_kiosk

            app = build_fuzz_kiosk(size, tmp, seed)
        else:
            app = build_app(size, store_dir=store_dir or tmp, seed=seed)
        try:
            app.store.update_settings(unlock_all=True)  # every level reachable
            source = EventSource(rng, app, kiosk=kiosk)
            deadline = time.monotonic() + seconds
            while (frames is None and time.monotonic() < deadline) or (frames is not None and report.frames < frames):
                try:
                    calm = report.frames % CALM_EVERY
                    if calm == 0:
                        source.start_calm()
                    report.events += source.post(rate if calm >= CALM_FRAMES else 0)
                    app.frame(KIOSK_CALM_SECONDS if kiosk and calm < CALM_FRAMES else FRAME_SECONDS)
                    if kiosk and not app.running:
                        report.failure = _("the kiosk game exited (a visitor found a way out)")
                        return report
                    app.running = True  # "Quit" was pressed: a legal move; keep going
                    if not len(app.stack):
                        from game.scenes.title import TitleScene
                        app.stack.push(TitleScene(app))
                    problems = app.problems()
                except Exception:  # the whole point: any exception is a finding, with its seed
                    report.failure = traceback.format_exc(limit=8).strip().replace("\n", " | ")
                    return report
                if problems:
                    report.failure = "; ".join(problems)
                    return report
                report.scenes.update(scene.name for scene in app.stack.scenes)
                report.frames += 1
        finally:
            app.close()
            i18n.use(language)
            theme.apply(*look)
    return report
