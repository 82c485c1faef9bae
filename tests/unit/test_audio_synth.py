"""The procedural sounds: right length and format, below clipping, finite, and the pitches
measured by FFT are the ones asked for."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.audio import (
    CHIME_GAP_SECONDS,
    CHIME_NOTE_SECONDS,
    CHIME_PARTIALS,
    FULL_SCALE,
    TICK_SECONDS,
    THUD_SECONDS,
    chime,
    chime_frequencies,
    chime_wave,
    thud,
    thud_wave,
    tick,
    tick_frequency,
    tick_wave,
    to_int16_stereo,
    to_mixer_format,
)

RATES = (22050, 44100, 48000)


def dominant_frequency(samples: np.ndarray, sample_rate: int) -> float:
    """Strongest frequency of a mono signal, zero-padded for a fine frequency grid."""
    size = 1 << 20
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples)), n=size))
    return float(np.fft.rfftfreq(size, 1.0 / sample_rate)[np.argmax(spectrum)])


def check_format(sound: np.ndarray, seconds: float, sample_rate: int) -> None:
    assert sound.dtype == np.int16 and sound.ndim == 2 and sound.shape[1] == 2
    assert sound.flags.c_contiguous
    assert abs(len(sound) - seconds * sample_rate) <= 1
    peak = int(np.max(np.abs(sound.astype(np.int32))))
    assert 0.1 * FULL_SCALE < peak < FULL_SCALE  # audible, never clipping
    assert np.all(sound[-1] == 0)  # ends on silence: no click when it stops


@pytest.mark.parametrize("rate", RATES)
def test_tick_format(rate):
    for fraction in (0.0, 0.37, 1.0):
        check_format(tick(fraction, sample_rate=rate), TICK_SECONDS, rate)


@pytest.mark.parametrize("rate", RATES)
def test_tick_pitch_rises_with_loss_as_measured_by_fft(rate):
    fractions = np.linspace(0.0, 1.0, 9)
    measured = [dominant_frequency(tick(f, sample_rate=rate)[:, 0] / FULL_SCALE, rate) for f in fractions]
    assert all(b > a for a, b in zip(measured, measured[1:]))
    for fraction, found in zip(fractions, measured):
        assert found == pytest.approx(tick_frequency(fraction), rel=0.03)


def test_tick_frequency_spans_three_octaves_evenly_and_handles_bad_input():
    assert tick_frequency(0.0) == pytest.approx(220.0)
    assert tick_frequency(1.0) == pytest.approx(1760.0)
    assert tick_frequency(0.5) == pytest.approx(220.0 * 8**0.5)  # the geometric middle
    assert tick_frequency(-3.0) == tick_frequency(0.0)
    assert tick_frequency(7.0) == tick_frequency(1.0)
    assert tick_frequency(math.nan) == tick_frequency(1.0)  # a broken loss sounds like a high one


def test_tick_from_a_broken_loss_is_still_a_clean_sound():
    for fraction in (math.nan, math.inf, -math.inf):
        sound = tick(fraction)
        check_format(sound, TICK_SECONDS, 44100)


def test_tick_pans_by_balance():
    left = tick(0.5, pan=-1.0)
    right = tick(0.5, pan=1.0)
    centre = tick(0.5)
    assert np.all(left[:, 1] == 0) and np.any(left[:, 0] != 0)
    assert np.all(right[:, 0] == 0) and np.any(right[:, 1] != 0)
    assert np.array_equal(centre[:, 0], centre[:, 1])


@pytest.mark.parametrize("rate", RATES)
def test_chime_format_and_notes(rate):
    sound = chime(rate)
    notes = chime_frequencies()
    check_format(sound, 3 * CHIME_GAP_SECONDS + CHIME_NOTE_SECONDS, rate)
    # A major arpeggio: root, major third (4 semitones), fifth (7), octave (12), from C5.
    assert notes[0] == pytest.approx(523.25)
    assert [n / notes[0] for n in notes] == pytest.approx([1.0, 2 ** (4 / 12), 2 ** (7 / 12), 2.0])
    mono = sound.astype(np.float64).sum(axis=1)
    size = 1 << 20
    spectrum = np.abs(np.fft.rfft(mono, n=size))
    freqs = np.fft.rfftfreq(size, 1.0 / rate)
    background = np.median(spectrum)
    for note in notes:
        near = (freqs > note * 0.99) & (freqs < note * 1.01)
        assert spectrum[near].max() > 100 * background
    between = (freqs > notes[0] * 1.05) & (freqs < notes[1] * 0.95)  # no note between C and E
    assert spectrum[between].max() < 0.2 * spectrum.max()


def test_chime_partials_decay_faster_when_higher():
    decays = [decay for _, _, decay in CHIME_PARTIALS]
    assert decays == sorted(decays, reverse=True)
    wave = chime_wave()
    late = wave[-int(0.3 * 44100) :, 0]
    early = wave[: int(0.1 * 44100), 0]
    assert np.max(np.abs(late)) < 0.5 * np.max(np.abs(early))


@pytest.mark.parametrize("rate", RATES)
def test_thud_format_and_low_pitch(rate):
    sound = thud(sample_rate=rate)
    check_format(sound, THUD_SECONDS, rate)
    mono = sound[:, 0].astype(np.float64)
    spectrum = np.abs(np.fft.rfft(mono)) ** 2
    freqs = np.fft.rfftfreq(len(mono), 1.0 / rate)
    centroid = float(np.sum(freqs * spectrum) / np.sum(spectrum))
    assert centroid < 300.0  # a thud, not a hiss


def test_thud_is_seeded():
    assert np.array_equal(thud(), thud())
    assert np.array_equal(thud(5), thud(np.random.default_rng(5)))
    assert not np.array_equal(thud(5), thud(6))


def test_float_waves_are_finite_with_peak_one():
    for wave in (tick_wave(440.0), chime_wave(), thud_wave(3)):
        assert np.all(np.isfinite(wave))
        assert np.max(np.abs(wave)) == pytest.approx(1.0)


@pytest.mark.parametrize("rate", [0, 999, -44100, 44100.0, True])
def test_bad_sample_rate_is_one_clear_error(rate):
    with pytest.raises(ValueError, match="sample rate"):
        tick(0.5, sample_rate=rate)


def test_to_int16_stereo_scales_to_the_peak_and_survives_silence_and_nan():
    sound = to_int16_stereo(np.array([0.0, 0.5, -2.0, np.nan]), 0.5)
    assert sound[2, 0] == round(-0.5 * FULL_SCALE) and sound[3, 0] == 0
    assert np.all(to_int16_stereo(np.zeros(10), 0.5) == 0)
    with pytest.raises(ValueError):
        to_int16_stereo(np.ones(4), 1.0)


def test_to_mixer_format_keeps_the_waveform_in_every_sample_type():
    stereo = np.array([[-32768, 32767], [0, 256], [1000, -1000]], dtype=np.int16)
    assert to_mixer_format(stereo, -16, 2).tolist() == stereo.tolist()
    assert to_mixer_format(stereo, 16, 2).tolist() == [[0, 65535], [32768, 33024], [33768, 31768]]
    assert to_mixer_format(stereo, -8, 2).tolist() == [[-128, 127], [0, 1], [3, -4]]
    assert to_mixer_format(stereo, 8, 2).tolist() == [[0, 255], [128, 129], [131, 124]]
    floats = to_mixer_format(stereo, -32, 2)
    assert floats.dtype == np.float32 and floats[0, 0] == -1.0
    mono = to_mixer_format(stereo, -16, 1)
    assert mono.ndim == 1 and mono.tolist() == [0, 128, 0]
    wide = to_mixer_format(stereo, -16, 6)
    assert wide.shape == (3, 6) and np.all(wide[:, 2:] == 0)
    with pytest.raises(ValueError):
        to_mixer_format(stereo, 24, 2)
