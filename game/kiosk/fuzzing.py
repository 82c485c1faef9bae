"""The kiosk as `downhill fuzz --kiosk` and the soak benchmark drive it: short idle times so the
countdown and the reset come round often, statistics in a scratch folder, a PIN that random
digits will hit now and then only through the chord (which random keys can press)."""

from __future__ import annotations

from pathlib import Path


def fuzz_config(folder):
    from game.kiosk.config import KioskConfig

    return KioskConfig(idle_seconds=6.0, countdown_seconds=3.0, attract_seconds=4.0,
                       stats_path=str(Path(folder) / "kiosk-stats.json"), pin="98765432")


def build_fuzz_kiosk(size, folder, seed: int = 0, config=None):
    from game.kiosk.app import build_kiosk_app
    from game.kiosk.stats import Stats

    config = config or fuzz_config(folder)
    return build_kiosk_app(config, size, fullscreen=False, seed=seed, stats=Stats.open(config.stats_file()))
