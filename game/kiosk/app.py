"""The game in kiosk mode: the ordinary App with its way out locked and a visitor's life cycle.

    attract loop --touch--> level list / play ... --idle_seconds--> "Are you still there?"
         ^                                                           |          |
         +-------- countdown_seconds more, or Back past the list ----+   touch: keep playing

Lockdown: window close and Alt+F4 (QUIT), Escape, F11 and the settings scene do nothing; the
staff chord opens the PIN pad and the right PIN ends the game (and, through the heartbeat, the
supervisor). Each visitor plays on a fresh in-memory store (game.kiosk.visitor); the
machine's own save is never opened. The idle timer runs on the frame time the app is fed
(`frame(dt)`), so tests drive it from outside like the fixed-step clock.
"""

from __future__ import annotations

import math

import pygame

from game.app import App, make_audio
from game.kiosk import language
from game.kiosk.config import CORNERS, KioskConfig
from game.kiosk.visitor import VisitorStore
from game.ui.events import Key, Pad, Pointer, translate

TEXT_SIZES = (1.0, 1.25, 1.5)  # the text size button's steps
LOCKED_KEYS = (pygame.K_ESCAPE, pygame.K_F11, pygame.K_F4, pygame.K_AC_BACK)
CORNER_SECONDS = 5.0   # the corners chord: four taps within this long
CORNER_SIZE = 90       # px at 720p
STICK_NOISE = 0.5      # a pad axis below this is drift, not a visitor
MODIFIER_MASKS = {"ctrl": pygame.KMOD_CTRL, "alt": pygame.KMOD_ALT, "shift": pygame.KMOD_SHIFT,
                  "meta": pygame.KMOD_META | pygame.KMOD_GUI}


class KioskApp(App):
    kiosk_mode = True  # read by scenes that show what works here (the shortcuts card)

    def __init__(self, window, audio, levels, config: KioskConfig, *, stats=None, heartbeat=None,
                 seed: int = 0, clock=None) -> None:
        self.config = config
        self.stats = stats
        self.heartbeat = heartbeat
        self.language = config.languages[0]
        super().__init__(window, self.new_visitor_store(), audio, levels, seed=seed, clock=clock)
        self.now = 0.0          # seconds of frame time since start
        self.idle = 0.0         # seconds since the last input
        self.visiting = False
        self.visit_start = 0.0
        self.last_input = 0.0
        self.visits = 0
        self.staff_left = False
        self.corner_taps: list[tuple[int, float]] = []
        self.all_levels = levels  # the attract loop borrows curves and networks from any level
        if config.levels:
            from dataclasses import replace
            offered = {level.id: level for level in levels.levels}
            self.levels = replace(levels, levels=tuple(offered[i] for i in config.levels if i in offered))
        self.level_ids = self._offered_ids()
        language.apply_language(self.language)
        self._apply_sound()
        self.apply_look()
        from game.kiosk.attract import AttractScene
        self.attract = self.stack.push(AttractScene(self))

    # --- the visitor ---------------------------------------------------------------------

    def new_visitor_store(self) -> VisitorStore:
        return VisitorStore(unlock_all=self.config.unlock_all, volume=self.config.volume,
                            muted=not self.config.sound_on, on_record=self._on_record, look=self.config_look())

    def config_look(self) -> dict:
        """The kiosk's look, as Settings: what every visitor starts with."""
        c = self.config
        return {"text_scale": c.text_scale, "high_contrast": c.high_contrast, "colour_safe": c.colour_safe,
                "reduced_motion": c.reduced_motion, "captions": c.captions, "loss_sound": c.loss_sound}

    def cycle_text_size(self) -> None:
        """The visitor's text size button: the next of TEXT_SIZES above the kiosk's own (then
        back to it), for this visit; the next visitor starts at the kiosk's size again."""
        sizes = sorted({self.config.text_scale, *(t for t in TEXT_SIZES if t > self.config.text_scale)})
        now = self.store.settings.text_scale
        later = [t for t in sizes if t > now + 1e-9]
        self.store.update_settings(text_scale=later[0] if later else sizes[0])
        self.apply_look()

    def _apply_sound(self) -> None:
        self.audio.set_volume(self.config.volume)
        self.audio.set_muted(not self.config.sound_on)

    def _on_record(self, level_id, stars, steps, cleared) -> None:
        if cleared and self.stats is not None:
            self.stats.level_cleared(level_id)

    def start_visit(self) -> None:
        from game.scenes.level_select import LevelSelectScene

        if self.visiting:
            return
        self.visiting = True
        self.visits += 1
        self.visit_start = self.last_input = self.now
        self.idle = 0.0
        if self.stats is not None:
            self.stats.start_visit()
        self.stack.push(LevelSelectScene(self))

    def visit_over(self) -> None:
        """The visitor is gone (back to the attract loop, or timed out): count the visit and
        forget everything they did."""
        if not self.visiting:
            return
        self.visiting = False
        if self.stats is not None:
            problem = self.stats.end_visit(self.last_input - self.visit_start)
            if problem:
                import sys
                print(problem, file=sys.stderr)
        looked = self.store.settings
        self.store = self.new_visitor_store()
        if looked != self.store.settings:  # the visitor made the text bigger: the next one starts afresh
            self.apply_look()
        if self.language != self.config.languages[0]:
            self.language = self.config.languages[0]
            language.apply_language(self.language)
        while len(self.stack) > 1:
            self.stack.pop()  # the attract loop's resume() comes back here and finds no visit
        self.invalidate_under()
        self.idle = 0.0

    def keep_visitor(self) -> None:
        from game.kiosk.overlays import CountdownScene

        self.idle = 0.0
        if isinstance(self.stack.top, CountdownScene):
            self.stack.pop()

    def countdown_left(self) -> float:
        return self.config.idle_seconds + self.config.countdown_seconds - self.idle

    def cycle_language(self) -> None:
        codes = self.config.languages
        if len(codes) > 1:
            self.language = codes[(codes.index(self.language) + 1) % len(codes)]
            language.apply_language(self.language)
            self.relayout()

    # --- staff ---------------------------------------------------------------------------

    def check_pin(self, entered: str) -> bool:
        import hmac
        return hmac.compare_digest(entered.encode(), self.config.pin.encode())

    def staff_leave(self) -> None:
        self.staff_left = True
        self.visit_over()
        if self.heartbeat is not None:
            self.heartbeat.staff_exit()
        self.running = False

    def stop(self) -> None:
        """The machine is shutting down (SIGTERM): end the loop; close() counts the visit."""
        self.running = False

    def open_pin_pad(self) -> None:
        from game.kiosk.overlays import PinPadScene

        if not isinstance(self.stack.top, PinPadScene):
            self.stack.push(PinPadScene(self))

    def _chord_key(self, event) -> bool:
        keys = self.config.exit_chord.keys
        if keys == (CORNERS,):
            return False
        *mods, name = keys
        from game.kiosk.config import key_code
        if int(getattr(event, "key", -1)) != key_code(name):
            return False
        held = int(getattr(event, "mod", 0))
        return all(held & MODIFIER_MASKS[m] for m in mods)

    def _corner_tap(self, ui_event: Pointer) -> bool:
        if self.config.exit_chord.keys != (CORNERS,) or ui_event.kind != "down":
            return False
        W, H = self.size
        r = CORNER_SIZE * self.ui_scale
        corner = {(True, True): 0, (False, True): 1, (False, False): 2, (True, False): 3}.get(
            (ui_event.x <= r, ui_event.y <= r) if (ui_event.x <= r or ui_event.x >= W - r)
            and (ui_event.y <= r or ui_event.y >= H - r) else None)
        if corner is None:
            self.corner_taps.clear()
            return False
        self.corner_taps = [(c, t) for c, t in self.corner_taps if self.now - t <= CORNER_SECONDS]
        expected = len(self.corner_taps)
        if corner != expected:
            self.corner_taps = [(0, self.now)] if corner == 0 else []
            return False
        self.corner_taps.append((corner, self.now))
        if len(self.corner_taps) == 4:
            self.corner_taps.clear()
            self.open_pin_pad()
            return True
        return False

    # --- lockdown: what the app would otherwise do -----------------------------------------

    def quit(self) -> None:
        if self.staff_left:
            self.running = False

    def set_fullscreen(self, on: bool) -> None:
        pass  # the kiosk stays as it started

    def show_settings(self) -> None:
        pass  # no setting can be changed from the screen

    def ordered_levels(self) -> list:
        everything = super().ordered_levels()
        if not self.config.levels:
            return everything
        by_id = {level.id: level for level in everything}
        return [by_id[i] for i in self.config.levels if i in by_id]

    def _offered_ids(self) -> list[str]:
        return [level.id for level in self.ordered_levels()]

    def open_level(self, level, replace: bool = False):
        if self.stats is not None:
            self.stats.level_started(level.id)
        return super().open_level(level, replace)

    # --- input and time --------------------------------------------------------------------

    def is_input(self, ui_event) -> bool:
        if isinstance(ui_event, Pad) and ui_event.kind == "axis":
            return abs(ui_event.value) >= STICK_NOISE
        return True

    def handle_event(self, event) -> None:
        kind = event.type
        if kind in (pygame.QUIT, getattr(pygame, "WINDOWCLOSE", -1)):
            return  # window close, Alt+F4: nothing
        if kind == pygame.KEYDOWN and self._chord_key(event):
            self.note_input()
            self.open_pin_pad()
            return
        super().handle_event(event)

    def note_input(self) -> None:
        self.idle = 0.0
        self.last_input = self.now

    def dispatch(self, event) -> None:
        top = self.stack.top
        if top is None:
            return
        if self.is_input(event):
            self.note_input()
        if isinstance(event, Pointer) and self._corner_tap(event):
            return
        if getattr(top, "kiosk_own", False) or top is self.attract:
            top.handle(event)
            return
        if isinstance(event, Key):
            if event.key in LOCKED_KEYS:
                return
            if event.text == "?" or (event.key == pygame.K_SLASH and event.shift) or event.key == pygame.K_F1:
                self.show_help()
                return
            top.handle(event)  # Backspace too, but never "back" by key: only on-screen buttons
            return
        super().dispatch(event)  # pointers; the pad (B goes back a scene, never out of the kiosk)

    def frame(self, dt: float, draw: bool = True) -> None:
        dt = float(dt) if isinstance(dt, (int, float)) and math.isfinite(dt) and dt > 0 else 0.0
        self.now += dt
        self.idle += dt
        super().frame(dt, draw)
        self.watch_idle()
        if self.heartbeat is not None:
            self.heartbeat.beat()

    def watch_idle(self) -> None:
        from game.kiosk.overlays import CountdownScene, PinPadScene

        if not self.visiting and not isinstance(self.stack.top, PinPadScene):
            return
        if isinstance(self.stack.top, PinPadScene):
            if self.idle >= self.config.idle_seconds:
                self.stack.pop()  # staff walked away from the pad
            return
        if self.idle >= self.config.idle_seconds + self.config.countdown_seconds:
            self.visit_over()
        elif self.idle >= self.config.idle_seconds and not isinstance(self.stack.top, CountdownScene):
            self.stack.push(CountdownScene(self))
        elif self.idle < self.config.idle_seconds and isinstance(self.stack.top, CountdownScene):
            self.stack.pop()

    def close(self) -> None:
        if self.visiting:
            self.visit_over()
        super().close()


def build_kiosk_app(config: KioskConfig, size=(1920, 1080), fullscreen: bool = True, level_dir=None, seed: int = 0,
                    stats=None, heartbeat=None) -> KioskApp:
    """The kiosk's game, made in one place (the command, tests, the fuzzer and the soak)."""
    from game.levels import load_levels
    from game.store import Settings
    from game.window import Window

    pygame.init()
    window = Window(size, fullscreen=fullscreen)
    if fullscreen:
        pygame.mouse.set_visible(False)  # a touch screen shows no arrow
    levels = load_levels(level_dir)
    audio = make_audio(Settings(volume=config.volume, muted=not config.sound_on))
    return KioskApp(window, audio, levels, config, stats=stats, heartbeat=heartbeat, seed=seed)
