"""`Audio` through pygame.mixer under SDL_AUDIODRIVER=dummy (set in tests/conftest.py), and
the silent mode when there is no sound device."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import numpy as np
import pygame
import pytest

from game.audio import CHIME_CHANNEL, THUD_CHANNEL, TICK_PITCHES, Audio, thud
from game.store import Settings


@pytest.fixture
def fresh_mixer():
    """Each test starts with the mixer closed and leaves it closed."""
    pygame.mixer.quit()
    yield
    pygame.mixer.quit()


def test_sounds_play_under_the_dummy_driver(fresh_mixer):
    audio = Audio(Settings(volume=0.5))
    assert audio.status == "sound not started yet" and not pygame.mixer.get_init()
    assert audio.play_tick(0.3) is True
    assert audio.status.startswith("sound on")
    assert audio.play_chime() is True
    assert audio.play_thud() is True
    audio.close()
    assert not pygame.mixer.get_init()


def test_played_sound_matches_the_synthesis_at_the_mixer_rate(fresh_mixer):
    pygame.mixer.init(frequency=22050, size=-16, channels=2)
    audio = Audio(Settings())
    audio.play_thud()
    sound = next(iter(audio._sounds.values()))
    samples = pygame.sndarray.array(sound)
    assert np.array_equal(samples, thud(sample_rate=22050))
    audio.close()
    assert pygame.mixer.get_init()  # the mixer belonged to someone else: left open


def test_mono_mixer_opened_elsewhere_gets_mono_sounds(fresh_mixer):
    pygame.mixer.init(frequency=44100, size=-16, channels=1)
    audio = Audio(Settings())
    assert audio.play_chime() is True
    samples = pygame.sndarray.array(next(iter(audio._sounds.values())))
    assert samples.ndim == 1


def test_ticks_are_quantised_and_cached(fresh_mixer):
    audio = Audio(Settings())
    for fraction in np.linspace(0.0, 1.0, 500):
        audio.play_tick(float(fraction))
    assert audio.cached_sounds == TICK_PITCHES
    first = dict(audio._sounds)
    audio.play_tick(0.5)
    assert dict(audio._sounds) == first  # made once, reused
    audio.play_tick(0.5, pan=1.0)
    assert audio.cached_sounds == TICK_PITCHES + 1
    assert audio.play_tick(math.nan) is True  # a broken loss still ticks (highest pitch)
    audio.close()


def test_a_burst_of_ticks_never_swallows_a_chime_or_a_thud(fresh_mixer):
    audio = Audio(Settings())
    assert all(audio.play_tick(i / 99) for i in range(100))  # far more than the voices
    assert audio.play_chime() is True
    assert audio.play_thud() is True
    assert pygame.mixer.Channel(CHIME_CHANNEL).get_sound() is audio._sounds["chime"]
    assert pygame.mixer.Channel(THUD_CHANNEL).get_sound() is audio._sounds["thud"]
    audio.close()


def test_volume_and_mute_follow_settings(fresh_mixer):
    audio = Audio(Settings(volume=0.25))
    audio.play_chime()
    sound = audio._sounds["chime"]
    assert sound.get_volume() == pytest.approx(0.25, abs=0.01)
    audio.set_volume(0.75)
    audio.play_chime()
    assert sound.get_volume() == pytest.approx(0.75, abs=0.01)
    audio.set_muted(True)
    assert audio.play_chime() is False
    audio.apply(Settings(volume=0.5, muted=False))
    assert audio.play_chime() is True and audio.volume == 0.5
    for bad in (1.5, -0.1, math.nan):
        with pytest.raises(ValueError, match="volume"):
            audio.set_volume(bad)
    audio.close()


def test_muted_audio_never_opens_the_mixer(fresh_mixer):
    audio = Audio(Settings(muted=True))
    assert audio.play_tick(0.9) is False
    assert not pygame.mixer.get_init()


def test_no_sound_device_goes_silent_once_and_says_why(fresh_mixer, monkeypatch):
    tries = []

    def no_device(*args, **kwargs):  # stands in for a machine without a sound card
        tries.append(1)
        raise pygame.error("No available audio device")

    monkeypatch.setattr(pygame.mixer, "init", no_device)
    audio = Audio(Settings())
    assert audio.play_tick(0.5) is False
    assert audio.play_chime() is False
    assert audio.play_thud() is False
    assert audio.status == "no sound: No available audio device"
    assert len(tries) == 1


def test_mixer_closed_under_us_goes_silent_instead_of_raising(fresh_mixer):
    audio = Audio(Settings())
    assert audio.play_chime() is True
    pygame.mixer.quit()
    assert audio.play_thud() is False
    assert audio.status.startswith("no sound:")


def test_a_missing_audio_driver_for_real_is_silent_not_a_crash(tmp_path):
    script = (
        "from game.audio import Audio\n"
        "audio = Audio()\n"
        "print(audio.play_chime(), audio.status)\n"
    )
    env = dict(os.environ, SDL_AUDIODRIVER="no-such-driver", PYGAME_HIDE_SUPPORT_PROMPT="1")
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("False no sound: ")
    assert done.stdout.count("\n") == 1


def test_prepare_makes_the_slow_sounds_before_they_are_played(fresh_mixer):
    """The chime (about 20 ms to synthesise) and the thud are made by prepare(), at start-up:
    the frame that first plays them converts what is made, it does not synthesise."""
    from game import audio as audio_module

    audio_module.chime_wave.cache_clear()
    audio_module.the_thud_wave.cache_clear()
    audio = Audio(Settings())
    audio.prepare()
    assert not pygame.mixer.get_init()  # the mixer still starts on the first sound
    made = (audio_module.chime_wave.cache_info().misses, audio_module.the_thud_wave.cache_info().misses)
    assert made == (1, 1)
    assert audio.play_chime() is True and audio.play_thud() is True
    assert (audio_module.chime_wave.cache_info().misses, audio_module.the_thud_wave.cache_info().misses) == made
    assert not audio_module.chime_wave().flags.writeable  # shared: nobody changes it in place
    audio.close()
