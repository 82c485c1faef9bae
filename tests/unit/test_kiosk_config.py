"""Kiosk settings: TOML in, every key optional, every bad value one line with file, line, key."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from game.kiosk.config import DEFAULT_TOML, ConfigError, KioskConfig, key_lines, load_config, parse_config

ROOT = Path(__file__).resolve().parents[2]


def refused(text, known_levels=None):
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "museum.toml", known_levels)
    return caught.value.lines


def test_the_printed_defaults_are_the_defaults():
    assert parse_config(DEFAULT_TOML) == KioskConfig(source="<config>")
    assert load_config(None) == KioskConfig()


def test_print_config_prints_the_defaults():
    done = subprocess.run([sys.executable, "-m", "game", "kiosk", "--print-config"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and tomllib.loads(done.stdout)["idle_seconds"] == 60


def test_every_key_is_optional_and_read():
    config = parse_config('levels = ["paris", "parabola"]\nidle_seconds = 90\n[sound]\non = false\n'
                          '[staff]\npin = "0042"\nexit_chord = "ctrl+shift+F12"\n[watchdog]\nheartbeat_timeout = 4\n')
    assert config.levels == ("paris", "parabola") and config.idle_seconds == 90
    assert config.sound_on is False and config.volume == 0.6 and config.pin == "0042"
    assert config.exit_chord.keys == ("ctrl", "shift", "f12") and config.heartbeat_timeout == 4
    assert parse_config("").idle_seconds == 60
    look = parse_config('[look]\ntext_size = 1.25\nhigh_contrast = true\ncolour_safe = true\nreduced_motion = true\n'
                        'text_size_button = false\n[sound]\ncaptions = true\nloss_sound = false\n')
    assert (look.text_scale, look.high_contrast, look.colour_safe, look.reduced_motion, look.text_size_button,
            look.captions, look.loss_sound) == (1.25, True, True, True, False, True, False)


@pytest.mark.parametrize("text, line", [
    ('idle_seconds = "soon"', 'museum.toml:1: idle_seconds: must be a number from 5 to 86400, got \'soon\''),
    ('\n\n[sound]\nvolume = 3', "museum.toml:4: sound.volume: must be a number from 0 to 1, got 3"),
    ('sound.volume = -1', "museum.toml:1: sound.volume: must be a number from 0 to 1, got -1"),
    ('[sound]\non = "yes"', "museum.toml:2: sound.on: must be true or false, got 'yes'"),
    ('[staff]\npin = 1234', "museum.toml:2: staff.pin: must be a quoted string of 4 to 8 digits "
                            "(so leading zeros survive), got 1234"),
    ('[staff]\npin = "12a4"', "museum.toml:2: staff.pin: must be 4 to 8 digits, got '12a4'"),
    ('[staff]\nexit_chord = "k"', "museum.toml:2: staff.exit_chord: needs at least one of ctrl, alt, shift, meta "
                                  "before the key, got 'k'"),
    ('[staff]\nexit_chord = "ctrl+nokey"', "museum.toml:2: staff.exit_chord: 'nokey' is not a key name "
                                           "(such as k, f12, delete)"),
    ('languages = ["xx"]', "museum.toml:1: languages: the game has no translation for xx"),
    ('languages = ["en", "fr"]\nlanguages2 = 1', "museum.toml:2: languages2: unknown key (known: attract_seconds, "
                                                "countdown_seconds, idle_seconds, languages, levels, look, sound, "
                                                "staff, stats, unlock_all, watchdog)"),
    ('languages = "en"', "museum.toml:1: languages: must be a non-empty list of language codes such as "
                         "[\"en\", \"fr\"], got 'en'"),
    ('colour = "red"', "museum.toml:1: colour: unknown key (known: attract_seconds, countdown_seconds, "
                       "idle_seconds, languages, levels, look, sound, staff, stats, unlock_all, watchdog)"),
    ('[sound]\nloud = true', "museum.toml:2: sound.loud: unknown key (known in [sound]: on, volume, loss_sound, "
                              "captions)"),
    ('[look]\ntext_size = 2', "museum.toml:2: look.text_size: must be a number from 1 to 1.5, got 2"),
    ('[look]\ncolour_safe = 1', "museum.toml:2: look.colour_safe: must be true or false, got 1"),
    ('sound = 1', "museum.toml:1: sound: must be a table ([sound]), got 1"),
    ('levels = ["parabola", "parabola"]', "museum.toml:1: levels: names level 'parabola' twice"),
    ('idle_seconds = 60\nidle_seconds = 61\n', "museum.toml:2:18: bad TOML: Cannot overwrite a value"),
    ('[sound]\nvolume = ', "museum.toml:2: bad TOML at the end of the file: Invalid value"),
])
def test_a_bad_value_is_one_line_with_file_line_and_key(text, line):
    assert refused(text) == [line]


def test_unknown_level_ids_are_refused_when_the_levels_are_known():
    assert refused('\nlevels = ["parabola", "nope"]', ["parabola"]) == [
        "museum.toml:2: levels: no level 'nope' (see `downhill levels`)"]


def test_each_bad_value_gets_its_own_line_in_file_order():
    lines = refused('[watchdog]\nrestart_delay = -1\n[sound]\nvolume = 2\n')
    assert lines == ["museum.toml:2: watchdog.restart_delay: must be a number from 0 to 600, got -1",
                     "museum.toml:4: sound.volume: must be a number from 0 to 1, got 2"]


def test_key_lines_follow_tables_dotted_and_quoted_keys():
    text = 'a = 1\n# c\n[t]\n"b" = 2\nx.y = """\nz = 3\n"""\n[u . v]\nw = 4\n'
    found = key_lines(text)
    assert found[("a",)] == 1 and found[("t", "b")] == 4 and found[("t", "x", "y")] == 5
    assert ("t", "z") not in found and found[("u", "v", "w")] == 9


def test_missing_unreadable_and_non_utf8_files(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "none.toml")
    with pytest.raises(ConfigError, match="is a folder"):
        load_config(tmp_path)
    bad = tmp_path / "b.toml"
    bad.write_bytes(b"a = 1\nb = '\xff'\n")
    with pytest.raises(ConfigError, match=r"b.toml:2: not valid UTF-8"):
        load_config(bad)


def test_check_config_says_ok_or_lists_the_problems(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text('levels = ["parabola"]\n[staff]\npin = "1357"\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "game", "kiosk", "--config", str(good), "--check-config"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, f"{good}: ok")
    bad = tmp_path / "bad.toml"
    bad.write_text('levels = ["nope"]\n[staff]\npin = "12"\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "game", "kiosk", "--config", str(bad), "--check-config"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"downhill kiosk: {bad}:1: levels: no level 'nope' (see `downhill levels`)",
                                        f"downhill kiosk: {bad}:3: staff.pin: must be 4 to 8 digits, got '12'"]
