"""Pictures of the kiosk for looking at (not a test): attract loop, countdown, PIN pad.

    SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy python tests/e2e/kiosk_shots.py OUT_DIR [WxH ...] [--lang fr]
"""

import sys
from pathlib import Path

import pygame


def shots(out: Path, size, lang: str = "en") -> None:
    from game.kiosk.app import build_kiosk_app
    from game.kiosk.config import KioskConfig

    config = KioskConfig(idle_seconds=60, countdown_seconds=20, languages=(lang,))
    app = build_kiosk_app(config, size, fullscreen=False)
    tag = f"{size[0]}x{size[1]}" + ("" if lang == "en" else f"-{lang}")
    try:
        step = 1 / 30
        for name, seconds in (("attract-balls", 3.0), ("attract-fate", 8 + 3.5), ("attract-paris", 16 + 5.0)):
            while app.attract.picture_time() < seconds:
                app.frame(step)
            app.window.save_png(out / f"{name}-{tag}.png")
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(5, 5), button=1, touch=False))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(5, 5), button=1, touch=False))
        app.frame(step)
        app.frame(step)
        app.window.save_png(out / f"levels-{tag}.png")
        app.open_level(app.ordered_levels()[0])
        app.frame(step)
        app.frame(61.0)
        app.frame(step)
        app.window.save_png(out / f"countdown-{tag}.png")
        app.keep_visitor()
        app.open_pin_pad()
        for digit in "24":
            app.stack.top.press(digit)
        app.frame(step)
        app.window.save_png(out / f"pinpad-{tag}.png")
    finally:
        app.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    lang = "en"
    if "--lang" in args:
        lang = args.pop(args.index("--lang") + 1)
        args.remove("--lang")
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    for text in args[1:] or ["1280x720", "1920x1080"]:
        w, h = map(int, text.split("x"))
        shots(out, (w, h), lang)
