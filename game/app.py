"""The game: a window, a scene stack and a fixed-step loop, put together from parts passed in.

`App.frame(dt)` is one frame: events -> scenes, fixed ticks -> update, then draw. `run()`
feeds it real time; tests, the fuzzer, the benchmark and `downhill screenshot` feed it made-up
time, so the same code runs everywhere. Nothing here is global: the window, context, store,
audio, levels, RNG and clock all live on the App.
"""

from __future__ import annotations

import sys

import numpy as np
import pygame

from game import i18n
from game.i18n import N_, _, number
from game.render import theme
from game.clock import FixedClock
from game.collector import collect_between_scenes
from game.render.layer import Layer
from game.render.painter import Painter
from game.scenes.registry import build_registry
from game.ui.events import PAD_B, Key, Pad, translate
from game.window import DEFAULT_SIZE, Window, WindowError, drawn, parse_size

FPS_CAP = 120
STILL_WAIT_MS = 200   # nothing moving: wake for input, or at 5 frames a second for the clock
STILL_AFTER_INPUT = 0.5  # full rate this long after input (presses, hovers, transitions settle)
OVERLAY_DIM = (0.0, 0.0, 0.02, 0.72)  # over the paused scene beneath an overlay


CAPTION_SECONDS = 2.5  # how long a sound's caption stays on screen
CAPTIONS = {  # every sound cue, in words (shown when Settings > Captions is on, sound or not)
    "tick": N_("[tick] its pitch follows the loss, now {share} of the way up"),
    "chime": N_("[chime] the level is cleared"),
    "thud": N_("[thud] the ball flew off, the run exploded"),
}


class Sounds:
    """The game's three sounds and their volume, over game.audio.Audio (play_tick, play_chime,
    play_thud, set_volume, set_muted); silent when that module or the sound device is missing.
    The tick is the loss made audible (its pitch follows the loss each step): `loss_sound`
    turns it off. Every cue leaves a caption (`caption_text()`), for players who cannot hear it."""

    def __init__(self, audio=None) -> None:
        self.audio = audio
        self.loss_sound = True
        self.caption: tuple[str, dict] | None = None
        self.caption_age = 0.0

    def _cue(self, kind: str, **args) -> None:
        self.caption = (kind, args)
        self.caption_age = 0.0

    def caption_text(self) -> str | None:
        """The last cue in words, while it is fresh (CAPTION_SECONDS)."""
        if self.caption is None or self.caption_age > CAPTION_SECONDS:
            return None
        kind, args = self.caption
        return _(CAPTIONS[kind]).format(**args)

    def _call(self, name: str, *args) -> None:
        method = getattr(self.audio, name, None)
        if method is not None:
            method(*args)

    def tick(self, loss_fraction: float, pan: float = 0.0) -> None:
        if not self.loss_sound:
            return
        self._cue("tick", share=number(min(1.0, max(0.0, float(loss_fraction))), ".0%"))
        self._call("play_tick", loss_fraction, pan)

    def chime(self) -> None:
        self._cue("chime")
        self._call("play_chime")

    def thud(self) -> None:
        self._cue("thud")
        self._call("play_thud")

    def prepare(self) -> None:
        self._call("prepare")

    def set_volume(self, volume: float) -> None:
        self._call("set_volume", volume)

    def set_muted(self, muted: bool) -> None:
        self._call("set_muted", muted)

    def close(self) -> None:
        self._call("close")


def make_audio(settings) -> Sounds:
    try:
        from game.audio import Audio
    except ImportError:
        return Sounds(None)
    try:
        return Sounds(Audio(settings))
    except (ValueError, RuntimeError, OSError):  # a bad saved volume or no device: stay silent
        return Sounds(None)


def ui_scale_for(size: tuple[int, int]) -> float:
    return max(0.5, min(size[0] / 1280.0, size[1] / 720.0))


class App:
    kiosk_mode = False  # game.kiosk.app.KioskApp: locked keys, no settings (scenes show only what works)

    def __init__(self, window: Window, store, audio, levels, *, seed: int = 0, clock: FixedClock | None = None) -> None:
        self.window = window
        self.ctx = window.ctx
        self.store = store
        self.audio = audio
        self.levels = levels
        self.rng = np.random.default_rng(seed)
        self.clock = clock or FixedClock()
        # a slow par search (a classifier level's) runs beside the window instead of freezing it;
        # tools and tests that picture a scene want par at once (False), the game's window does not
        self.background_par = False
        self.par_searches: dict = {}  # (kind, level id) -> the search under way (LevelPlayScene.find_par)
        self.registry = build_registry()
        self.painter = Painter(self.ctx)
        self.under = Layer(self.ctx)
        # The picture under an overlay is kept by copying the screen into it (Layer.capture). On
        # software GL that copy's first use compiles it: 45 ms at 1920x1080 where later ones
        # take 4, the stall showing as the first overlay (pause, help, results) opens. Done
        # once here instead, while the window opens; its key matches no overlay's.
        self.under.capture(self.ctx.screen, self.size, key=None)
        audio.prepare()  # the chime and the thud made now, not in the frame that first plays them
        from game.scenes.stack import SceneStack
        self.stack = SceneStack(on_change=self._lay_out)
        self.running = True
        self.joysticks: dict[int, object] = {}
        self.frames = 0
        self.draws = 0  # frames that drew and presented a picture (App.run skips still ones)
        self._shown: tuple = ()  # the visible scenes of the last picture drawn
        self._compute = None
        self.classroom = None  # a game.classroom.link.ClassLink while the player is in a class

    @property
    def compute(self):
        """The compute backend on the window's context, made on first use and kept: the GPU
        kernels where compute shaders exist, else the NumPy reference (with `.reason`)."""
        if self._compute is None:
            from game.gpu.backend import window_backend

            self._compute = window_backend(self.ctx)
        return self._compute

    # --- scenes --------------------------------------------------------------------------

    @property
    def size(self) -> tuple[int, int]:
        return tuple(self.window.size)

    @property
    def ui_scale(self) -> float:
        return ui_scale_for(self.size)

    def _lay_out(self, scene) -> None:
        self.painter.size = self.size  # layouts measure text with the painter (its size caps big text)
        scene.layout(self.size, self.ui_scale)

    def ordered_levels(self) -> list:
        return sorted(self.levels.levels, key=lambda lv: (lv.chapter.order, lv.chapter.id, lv.order, lv.id))

    def is_unlocked(self, level) -> bool:
        return self.store.unlocked([lv.id for lv in self.ordered_levels()], level.id)

    def next_level(self, level):
        order = self.ordered_levels()
        ids = [lv.id for lv in order]
        if level.id not in ids:
            return None
        i = ids.index(level.id)
        return order[i + 1] if i + 1 < len(order) else None

    def open_level(self, level, replace: bool = False):
        scene = self.registry.scene_for_level(level, self)
        if replace:
            self.stack.replace(scene)
        else:
            self.stack.push(scene)
        collect_between_scenes()  # no full collection pass in the middle of its frames
        return scene

    def open_class(self) -> None:
        """Join a class (the title's button): game.classroom sits beside the app."""
        from game.classroom.scene import ClassScene
        self.stack.push(ClassScene(self))

    def show_results(self, play_scene) -> None:
        if self.classroom is not None and play_scene.result is not None and play_scene.counts():
            self.classroom.finished(play_scene.level, play_scene.result)
        from game.scenes.results import ResultsScene
        self.stack.push(ResultsScene(self, play_scene))

    def show_help(self) -> None:
        from game.scenes.help import HelpScene
        if not isinstance(self.stack.top, HelpScene):
            self.stack.push(HelpScene(self))

    def show_settings(self) -> None:
        from game.scenes.settings import SettingsScene
        if not isinstance(self.stack.top, SettingsScene):
            self.stack.push(SettingsScene(self))

    def set_fullscreen(self, on: bool) -> None:
        self.window.set_fullscreen(on)
        self.store.update_settings(fullscreen=on)
        self.relayout()

    def apply_look(self) -> None:
        """Text size, contrast, palette, motion and sound settings, applied everywhere from the
        next frame: the theme's look (cached pictures redraw), the layout, the loss sound."""
        settings = self.store.settings
        theme.apply_settings(settings)
        if hasattr(self.audio, "loss_sound"):
            self.audio.loss_sound = bool(getattr(settings, "loss_sound", True))
        self.invalidate_under()
        self.relayout()

    def relayout(self) -> None:
        self.painter.size = self.size
        for scene in self.stack.scenes:
            scene.layout(self.size, self.ui_scale)

    def quit(self) -> None:
        self.running = False

    # --- one frame -----------------------------------------------------------------------

    def handle_event(self, event) -> None:
        kind = event.type
        if kind == pygame.QUIT:
            self.quit()
            return
        if kind in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED, pygame.WINDOWRESIZED):
            self.window.resized(pygame.display.get_window_size())
            self.relayout()
            return
        if kind == pygame.JOYDEVICEADDED:
            self._add_joystick(getattr(event, "device_index", -1))
            return
        if kind == pygame.JOYDEVICEREMOVED:
            self.joysticks.pop(getattr(event, "instance_id", None), None)
            for scene in self.stack.scenes:
                release = getattr(scene, "release_sticks", None)
                if release:
                    release()
            return
        for ui_event in translate(event, self.size):
            self.dispatch(ui_event)

    def _add_joystick(self, index) -> None:
        try:
            stick = pygame.joystick.Joystick(int(index))
            self.joysticks[stick.get_instance_id()] = stick
        except (pygame.error, TypeError, ValueError):
            pass  # a synthetic or vanished device: the pad events themselves still work

    def dispatch(self, event) -> None:
        top = self.stack.top
        if top is None:
            return
        if isinstance(event, Key):
            if event.key == pygame.K_F11:
                self.set_fullscreen(not self.window.fullscreen)
                return
            if event.text == "?" or (event.key == pygame.K_SLASH and event.shift) or event.key == pygame.K_F1:
                self.show_help()
                return
            if top.handle(event):
                return
            if event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
                top.back()
            return
        if isinstance(event, Pad) and event.kind == "button" and event.index == PAD_B:
            if not top.handle(event):
                top.back()
            return
        top.handle(event)

    def frame(self, dt: float, draw: bool = True) -> None:
        """One frame. `draw=False` (App.run, while nothing moves and no input came) runs the
        ticks but keeps the picture on screen, unless the visible scenes changed."""
        for event in pygame.event.get():
            self.handle_event(event)
        if self.classroom is not None:
            self.classroom.pump()  # what the class client's thread received; never waits
        for _tick in range(self.clock.advance(dt)):
            top = self.stack.top
            if top is not None:
                top.update(self.clock.step)
        if hasattr(self.audio, "caption_age"):
            self.audio.caption_age += dt
        shown = tuple(id(scene) for scene in self.stack.visible())
        if draw or shown != self._shown:
            self._shown = shown
            self.draw()
            self.window.present()
            self.draws += 1
        self.frames += 1

    def draw(self) -> None:
        """Draw the visible scenes. Under an overlay the scenes below are paused, so their
        picture (dimmed), with the overlay's own still parts (`draw_still`, redrawn when its
        `still_key()` changes), is drawn once, kept, and copied back each frame."""
        ctx = self.ctx
        ctx.screen.use()
        visible = self.stack.visible()
        if not visible:
            ctx.clear(0.0, 0.0, 0.0, 1.0)
            drawn(ctx)
            return
        below, top = visible[:-1], visible[-1]
        if below:
            key = (tuple(id(scene) for scene in visible), getattr(top, "still_key", lambda: None)())
            if self.under.needs(self.size, key):
                for scene in below:
                    self._draw_scene(scene)
                self.painter.begin(self.size)
                self.painter.rect(0, 0, self.size[0], self.size[1], OVERLAY_DIM)
                still = getattr(top, "draw_still", None)
                if still is not None:
                    still(self.painter)
                self.painter.flush()
                self.under.capture(ctx.screen, self.size, key)
            else:
                self.under.blit(ctx.screen)
        self._draw_scene(top)
        self._draw_caption()
        self.window.pixels.settle()  # a frame recorded over a cached picture: drawn where it changed

    def _draw_caption(self) -> None:
        """The last sound cue in words, at the bottom, when captions are on."""
        if not getattr(self.store.settings, "captions", False) or not hasattr(self.audio, "caption_text"):
            return
        text = self.audio.caption_text()
        if not text:
            return
        s, (W, H), p = self.ui_scale, self.size, self.painter
        p.begin(self.size)
        with p.on_top():
            w = p.text_width(text, 17 * s) + 40 * s
            p.rect(W / 2 - w / 2, H - 132 * s, w, 42 * s * theme.TEXT_SCALE, (0.0, 0.0, 0.0, 0.88), radius=12 * s)
            p.text(text, W / 2, H - 132 * s + 21 * s * theme.TEXT_SCALE, 17 * s, theme.INK, anchor="center")
        self.ctx.screen.use()
        p.flush()

    def invalidate_under(self) -> None:
        """Redraw the picture under an overlay next frame (something below changed)."""
        self.under.key = None

    def _draw_scene(self, scene) -> None:
        self.painter.begin(self.size)
        scene.draw(self.painter, self.clock.alpha)
        self.ctx.screen.use()
        self.painter.flush()

    def problems(self) -> list[str]:
        found = []
        for scene in self.stack.scenes:
            found.extend(scene.problems())
        return found

    def animating(self) -> bool:
        """Whether the picture changes without input: the top scene says so, or a caption is
        up (it goes away on its own)."""
        top = self.stack.top
        if top is None or top.animating():
            return True
        caption = getattr(self.audio, "caption_text", None)
        return bool(getattr(self.store.settings, "captions", False) and caption is not None and caption())

    def run(self) -> int:
        """Real time into `frame`. While the top scene has nothing moving, the loop sleeps in
        `pygame.event.wait` (a few ticks a second, for the clock) instead of redrawing at
        FPS_CAP, and those ticks draw nothing: the picture on screen is still right. Input
        (or a scene that starts moving) brings back full-rate drawing."""
        timer = pygame.time.Clock()
        since_input = 0.0
        while self.running and len(self.stack):
            still = since_input >= STILL_AFTER_INPUT and not self.animating()
            if still:
                event = pygame.event.wait(STILL_WAIT_MS)
                if event.type != pygame.NOEVENT:
                    self.handle_event(event)
                    since_input = 0.0
                    still = False
            elif pygame.event.peek():
                since_input = 0.0
            dt = timer.tick(getattr(self.stack.top, "frame_rate", FPS_CAP) or FPS_CAP) / 1000.0
            since_input += dt
            self.frame(dt, draw=not still)
        return 0

    def close(self) -> None:
        for scene in reversed(self.stack.scenes):
            scene.exit()
        self.stack.scenes.clear()
        if self.classroom is not None:
            self.classroom.close()  # token and unanswered runs stay saved for the next game
        self.audio.close()
        self.window.close()


def build_app(size=DEFAULT_SIZE, fullscreen: bool = False, store_dir=None, level_dir=None, seed: int = 0,
              start: str = "title") -> App:
    """Everything the game needs, made in one place (the CLI, tests and tools call this)."""
    from game.levels import load_levels
    from game.store import Store

    pygame.init()
    store = Store.open(store_dir)
    i18n.use(i18n.choose(store.settings.language))
    window = Window(size, fullscreen=fullscreen or store.settings.fullscreen)
    levels = load_levels(level_dir)
    app = App(window, store, make_audio(store.settings), levels, seed=seed)
    app.apply_look()
    for module, error in app.registry.plugin_problems:  # one line each, never a silent gap
        print(f"downhill: scene module {module} did not load ({error}); its scenes are missing", file=sys.stderr)
    if start == "title":
        from game.scenes.title import TitleScene
        app.stack.push(TitleScene(app))
    return app


def launch(args) -> int:
    from game.errors import CliError

    try:
        size = parse_size(getattr(args, "size", "1280x720"))
    except ValueError as error:
        raise CliError(str(error)) from None
    try:
        app = build_app(size, fullscreen=bool(getattr(args, "fullscreen", False)))
    except WindowError as error:
        print(f"downhill: {error}", file=sys.stderr)
        return 1
    if getattr(args, "unlock_all", False):
        app.store.update_settings(unlock_all=True)
    app.background_par = True  # a player's window never freezes for a par search
    try:
        return app.run()
    finally:
        app.close()
