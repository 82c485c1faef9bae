"""Procedural sound: a tick per step whose pitch follows the loss, a chime on clear, a thud on
explosion. No sound files.

The synthesis functions are pure NumPy and return int16 stereo arrays of shape (frames, 2).
`Audio` plays them through pygame.mixer, started lazily; a machine without a sound device is
not an error: the game goes silent and `audio.status` says why in one line.
"""

from __future__ import annotations

import functools
import math
from typing import Any, Protocol

import numpy as np
import pygame

SAMPLE_RATE = 44100
FULL_SCALE = 32767

# Tick: a short sine "tock" with a click of its second harmonic; pitch rises with the loss.
TICK_SECONDS = 0.06
TICK_LOW_HZ = 220.0  # loss fraction 0
TICK_HIGH_HZ = 1760.0  # loss fraction 1: three octaves up
TICK_ATTACK_SECONDS = 0.0015
TICK_DECAY_SECONDS = 0.012
TICK_PEAK = 0.3
TICK_PITCHES = 24  # the player hears 24 distinct pitches; each is made once
TICK_PANS = 5  # -1, -0.5, 0, 0.5, 1

# Chime: a rising major arpeggio (root, major third, fifth, octave), bell-like decaying partials.
CHIME_ROOT_HZ = 523.25  # C5
CHIME_SEMITONES = (0, 4, 7, 12)
CHIME_GAP_SECONDS = 0.075
CHIME_NOTE_SECONDS = 1.0
# (multiple of the note's frequency, amplitude, decay time in seconds): higher partials die first
CHIME_PARTIALS = ((1.0, 1.0, 0.45), (2.0, 0.35, 0.2), (3.0, 0.15, 0.1), (4.2, 0.06, 0.05))
CHIME_PEAK = 0.55

# Thud: a sine sweeping down from THUD_START_HZ to THUD_END_HZ plus a low-passed noise burst.
THUD_SECONDS = 0.7
THUD_START_HZ = 120.0
THUD_END_HZ = 38.0
THUD_SWEEP_SECONDS = 0.08
THUD_DECAY_SECONDS = 0.18
THUD_NOISE_SECONDS = 0.035
THUD_NOISE_LOWPASS_HZ = 700.0
THUD_SEED = 20240917
THUD_PEAK = 0.8

FADE_SECONDS = 0.005  # every sound ends on silence, never on a click
DEFAULT_VOLUME = 0.8
MIXER_BUFFER = 512
MIXER_CHANNELS = 16  # voices: fast ticks overlap each other
CHIME_CHANNEL = 0  # reserved voices, so a burst of ticks can never swallow a chime or a thud
THUD_CHANNEL = 1


# -- synthesis (pure) -------------------------------------------------------------------


def tick_frequency(loss_fraction: float) -> float:
    """Pitch for a loss fraction in [0, 1], equal steps in fraction being equal musical steps.
    Out-of-range values are clamped; NaN (a broken loss) counts as the highest."""
    fraction = 1.0 if math.isnan(loss_fraction) else min(max(loss_fraction, 0.0), 1.0)
    return TICK_LOW_HZ * (TICK_HIGH_HZ / TICK_LOW_HZ) ** fraction


def tick_wave(frequency: float, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The tick as float64 mono samples, peak 1."""
    t = _times(TICK_SECONDS, sample_rate)
    envelope = (1.0 - np.exp(-t / TICK_ATTACK_SECONDS)) * np.exp(-t / TICK_DECAY_SECONDS)
    click = 0.25 * np.exp(-t / (TICK_DECAY_SECONDS / 2)) * np.sin(2 * np.pi * 2 * frequency * t)
    return _finish(envelope * (np.sin(2 * np.pi * frequency * t) + click), sample_rate)


def tick(loss_fraction: float, pan: float = 0.0, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """A step tick: higher loss, higher pitch. `pan` from -1 (left) to 1 (right)."""
    wave = tick_wave(tick_frequency(float(loss_fraction)), sample_rate)
    return to_int16_stereo(wave, TICK_PEAK, pan)


def chime_frequencies() -> tuple[float, ...]:
    """Fundamentals of the arpeggio, in equal temperament."""
    return tuple(CHIME_ROOT_HZ * 2 ** (s / 12) for s in CHIME_SEMITONES)


@functools.lru_cache(maxsize=4)
def chime_wave(sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The chime as float64 stereo samples (frames, 2), peak 1; notes spread left to right.
    Made once per rate (read-only): it takes about 20 ms, a frame's time (Audio.prepare)."""
    notes = chime_frequencies()
    t = _times(CHIME_NOTE_SECONDS, sample_rate)
    starts = [_frames(index * CHIME_GAP_SECONDS, sample_rate) for index in range(len(notes))]
    out = np.zeros((starts[-1] + len(t), 2))
    attack = 1.0 - np.exp(-t / 0.003)
    for index, (frequency, start) in enumerate(zip(notes, starts)):
        note = np.zeros_like(t)
        for multiple, amplitude, decay in CHIME_PARTIALS:
            note += amplitude * np.exp(-t / decay) * np.sin(2 * np.pi * multiple * frequency * t)
        pan = -0.4 + 0.8 * index / max(len(notes) - 1, 1)
        out[start : start + len(t)] += np.outer(attack * note, _pan_gains(pan))
    return _read_only(_finish(out, sample_rate))


def chime(sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The sound of a cleared level."""
    return to_int16_stereo(chime_wave(sample_rate), CHIME_PEAK)


def thud_wave(
    rng: np.random.Generator | int | None = None, sample_rate: int = SAMPLE_RATE
) -> np.ndarray:
    """The thud as float64 mono samples, peak 1. `rng` is a Generator or a seed; None uses
    THUD_SEED, so the same call always gives the same sound."""
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(
        THUD_SEED if rng is None else rng
    )
    t = _times(THUD_SECONDS, sample_rate)
    frequency = THUD_END_HZ + (THUD_START_HZ - THUD_END_HZ) * np.exp(-t / THUD_SWEEP_SECONDS)
    phase = 2 * np.pi * np.cumsum(frequency) / sample_rate  # integrate the swept frequency
    body = (1.0 - np.exp(-t / 0.002)) * np.exp(-t / THUD_DECAY_SECONDS) * np.sin(phase)
    width = max(1, round(sample_rate / THUD_NOISE_LOWPASS_HZ))  # moving average: a gentle low-pass
    noise = np.convolve(generator.standard_normal(len(t)), np.ones(width) / width, mode="same")
    burst = noise * np.exp(-t / THUD_NOISE_SECONDS)
    burst *= 0.6 / max(float(np.max(np.abs(burst))), 1e-12)
    return _finish(body + burst, sample_rate)


def thud(rng: np.random.Generator | int | None = None, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The sound of a diverged ball."""
    wave = the_thud_wave(sample_rate) if rng is None else thud_wave(rng, sample_rate)
    return to_int16_stereo(wave, THUD_PEAK)


@functools.lru_cache(maxsize=4)
def the_thud_wave(sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """thud_wave with THUD_SEED, made once per rate (read-only): about 8 ms (Audio.prepare)."""
    return _read_only(thud_wave(None, sample_rate))


def _read_only(wave: np.ndarray) -> np.ndarray:
    wave.setflags(write=False)  # kept and shared: nobody changes it in place
    return wave


def to_int16_stereo(wave: np.ndarray, peak: float, pan: float = 0.0) -> np.ndarray:
    """Scale mono (n,) or stereo (n, 2) float samples so the loudest is `peak` of full scale,
    pan a mono wave, and return C-contiguous int16 (n, 2)."""
    if not 0.0 < peak < 1.0:
        raise ValueError(f"peak must be between 0 and 1 (exclusive), got {peak}")
    wave = np.nan_to_num(np.asarray(wave, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    stereo = np.outer(wave, _pan_gains(pan)) if wave.ndim == 1 else wave
    loudest = float(np.max(np.abs(stereo))) if stereo.size else 0.0
    scale = peak * FULL_SCALE / loudest if loudest > 0 else 0.0
    return np.ascontiguousarray(np.round(stereo * scale).astype(np.int16))


def to_mixer_format(stereo: np.ndarray, size: int, channels: int) -> np.ndarray:
    """int16 stereo -> the sample type and channel count pygame.mixer was opened with
    (`size` as pygame.mixer.get_init() reports it: -16, 16, -8, 8, 32 or -32)."""
    samples = stereo.astype(np.int32)
    if channels == 1:
        samples = samples.mean(axis=1).astype(np.int32)
    elif channels > 2:
        wide = np.zeros((len(samples), channels), dtype=np.int32)
        wide[:, :2] = samples
        samples = wide
    if size == -16:
        return np.ascontiguousarray(samples.astype(np.int16))
    if size == 16:
        return np.ascontiguousarray((samples + 32768).astype(np.uint16))
    if size == -8:
        return np.ascontiguousarray((samples >> 8).astype(np.int8))
    if size == 8:
        return np.ascontiguousarray(((samples >> 8) + 128).astype(np.uint8))
    if abs(size) == 32:
        return np.ascontiguousarray((samples / 32768.0).astype(np.float32))
    raise ValueError(f"unsupported mixer sample size {size}")


def _frames(seconds: float, sample_rate: int) -> int:
    return round(seconds * sample_rate)


def _times(seconds: float, sample_rate: int) -> np.ndarray:
    if isinstance(sample_rate, bool) or not isinstance(sample_rate, int) or sample_rate < 1000:
        raise ValueError(f"sample rate must be a whole number of Hz, at least 1000; got {sample_rate!r}")
    return np.arange(_frames(seconds, sample_rate)) / sample_rate


def _pan_gains(pan: float) -> np.ndarray:
    """Balance: the near side stays at full level, the far side fades out."""
    pan = 0.0 if math.isnan(pan) else min(max(pan, -1.0), 1.0)
    return np.array([1.0 - max(pan, 0.0), 1.0 + min(pan, 0.0)])


def _finish(wave: np.ndarray, sample_rate: int) -> np.ndarray:
    """Peak 1 and a short linear fade to silence at the end."""
    fade = min(_frames(FADE_SECONDS, sample_rate), len(wave))
    ramp = np.ones(len(wave))
    ramp[len(wave) - fade :] = np.linspace(1.0, 0.0, fade)
    wave = wave * (ramp if wave.ndim == 1 else ramp[:, None])
    loudest = float(np.max(np.abs(wave))) if wave.size else 0.0
    return wave / loudest if loudest > 0 else wave


# -- playing ----------------------------------------------------------------------------


class SoundSettings(Protocol):
    volume: float
    muted: bool


class Audio:
    """Plays the game's sounds. The mixer starts on the first sound (not when muted); sounds are
    made once and cached. Without a sound device every play_* returns False and `status` says
    why."""

    def __init__(self, settings: SoundSettings | None = None, *, sample_rate: int = SAMPLE_RATE):
        self.sample_rate = sample_rate
        self.volume = DEFAULT_VOLUME
        self.muted = False
        self.status = "sound not started yet"
        self._started: bool | None = None  # None: not tried; True: playing; False: silent
        self._owns_mixer = False
        self._mixer_format: tuple[int, int, int] | None = None
        self._sounds: dict[Any, pygame.mixer.Sound] = {}
        if settings is not None:
            self.apply(settings)

    # -- settings --------------------------------------------------------------------------

    def apply(self, settings: SoundSettings) -> None:
        self.set_volume(settings.volume)
        self.set_muted(settings.muted)

    def set_volume(self, volume: float) -> None:
        volume = float(volume)
        if not (math.isfinite(volume) and 0.0 <= volume <= 1.0):
            raise ValueError(f"volume must be between 0 and 1, got {volume}")
        self.volume = volume

    def set_muted(self, muted: bool) -> None:
        self.muted = bool(muted)
        if self.muted and self._started:
            pygame.mixer.stop()

    # -- sounds ----------------------------------------------------------------------------

    def play_tick(self, loss_fraction: float, pan: float = 0.0) -> bool:
        """One optimizer step. The fraction is quantised to TICK_PITCHES pitches."""
        fraction = 1.0 if math.isnan(loss_fraction) else min(max(loss_fraction, 0.0), 1.0)
        pitch = round(fraction * (TICK_PITCHES - 1))
        pan = 0.0 if math.isnan(pan) else min(max(pan, -1.0), 1.0)
        place = round((pan + 1.0) / 2.0 * (TICK_PANS - 1))
        key = ("tick", pitch, place)
        return self._play(
            key,
            lambda rate: tick(pitch / (TICK_PITCHES - 1), 2.0 * place / (TICK_PANS - 1) - 1.0, rate),
        )

    def prepare(self) -> None:
        """Synthesise now the sounds that take a frame's time or more to make (the chime about
        20 ms, the thud about 8), so that the first cleared level or broken run does not stall
        the frame it happens in. The mixer still starts on the first sound."""
        chime_wave(self.sample_rate)
        the_thud_wave(self.sample_rate)

    def play_chime(self) -> bool:
        return self._play("chime", chime, CHIME_CHANNEL)

    def play_thud(self) -> bool:
        return self._play("thud", lambda rate: thud(None, rate), THUD_CHANNEL)

    @property
    def cached_sounds(self) -> int:
        return len(self._sounds)

    # -- the mixer -------------------------------------------------------------------------

    def start(self) -> bool:
        """Open the mixer if it is not open yet. False (with `status` saying why) when there
        is no sound device; that answer is kept, so a missing device costs one try."""
        if self._started is not None:
            return self._started
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(
                    frequency=self.sample_rate, size=-16, channels=2, buffer=MIXER_BUFFER
                )
                self._owns_mixer = True
            found = pygame.mixer.get_init()
            if not found:
                raise pygame.error("the mixer did not start")
            frequency, size, channels = found
            to_mixer_format(np.zeros((1, 2), np.int16), size, channels)  # a format we can feed
            pygame.mixer.set_num_channels(max(pygame.mixer.get_num_channels(), MIXER_CHANNELS))
            pygame.mixer.set_reserved(max(CHIME_CHANNEL, THUD_CHANNEL) + 1)
        except (pygame.error, ValueError) as error:
            return self._go_silent(error)
        self._mixer_format = (frequency, size, channels)
        self._started = True
        self.status = f"sound on ({frequency} Hz, {channels} channels)"
        return True

    def close(self) -> None:
        """Stop sounds and close the mixer if this object opened it."""
        self._sounds.clear()
        if self._started and self._owns_mixer and pygame.mixer.get_init():
            pygame.mixer.quit()
        self._started = None
        self._owns_mixer = False
        self.status = "sound closed"

    def _play(self, key: Any, make, channel_id: int | None = None) -> bool:
        """Play on the given reserved voice, or (ticks) on a free one, cutting the oldest
        tick when all are busy -- by then it has decayed to nearly nothing."""
        if self.muted or not self.start():
            return False
        try:
            sound = self._sounds.get(key)
            if sound is None:
                frequency, size, channels = self._mixer_format
                samples = to_mixer_format(make(frequency), size, channels)
                sound = pygame.sndarray.make_sound(samples)
                self._sounds[key] = sound
            sound.set_volume(self.volume)
            if channel_id is None:
                channel = pygame.mixer.find_channel(True)
            else:
                channel = pygame.mixer.Channel(channel_id)
            if channel is None:
                return False
            channel.play(sound)
            return True
        except pygame.error as error:  # e.g. the mixer was closed under us
            return self._go_silent(error)

    def _go_silent(self, error: Exception) -> bool:
        self._started = False
        self._sounds.clear()
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        self.status = f"no sound: {reason}"
        return False
