"""The command line speaks the chosen language: every subcommand's --help (argparse's own words
too), its one-line errors, what it prints; numbers the locale's way; `--json` stays English data.
Real `downhill` processes where the choice of language is the point (--lang, DOWNHILL_LANG, the
saved setting, the system locale, in that order)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from game import i18n, i18n_argparse
from game.cli import build_parser, main
from game.store import Store

TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.SOURCE_LANGUAGE]
ROOT = Path(__file__).resolve().parents[2]
# help texts that read the same in a language: lists of names, and words the same in French
SAME_IN = {"fr": {"options", "total", "momentum μ"}}


def parsers(parser: argparse.ArgumentParser, prefix: str = "downhill"):
    """(command line, parser) of downhill and every subcommand, nested ones too."""
    yield prefix, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from parsers(sub, f"{prefix} {name}")


def help_texts(parser) -> dict[str, str]:
    """{command + flag: its help text} for every argument of every parser, and each description."""
    texts = {}
    for command, sub in parsers(parser):
        if sub.description:
            texts[f"{command} (description)"] = sub.description
        for action in sub._actions:
            if action.help and action.help != argparse.SUPPRESS:
                texts[f"{command} {'/'.join(action.option_strings) or action.dest}"] = action.help
    return texts


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_help_text_of_every_command_is_translated(lang):
    english = help_texts(build_parser())
    with i18n.using(lang):
        local = help_texts(build_parser())
        pages = [sub.format_help() for _command, sub in parsers(build_parser())]  # argparse fills %(...)s
    assert local.keys() == english.keys()
    untranslated = [key for key, text in local.items()
                    if text == english[key] and text not in SAME_IN.get(lang, ()) and any(c.isalpha() for c in text)
                    and not set(text.replace(",", " ").split()) <= {"gd", "momentum", "nesterov", "adam", "rmsprop", "adamw"}]
    assert untranslated == []
    assert len(pages) > 12 and all(page for page in pages)


def test_argparse_words_are_all_in_the_catalog_list():
    """Every message the running Python's argparse says through gettext is in game/i18n_argparse.py
    (translated) or in its NOT_SHOWN list (a programmer's mistake, never a player's)."""
    from babel.messages.extract import extract_python

    with open(argparse.__file__, "rb") as file, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        said = {message if isinstance(message, str) else message[0]
                for _line, _func, message, _comments in extract_python(file, {"_": None, "ngettext": (1, 2)}, [], {})
                if message and (message if isinstance(message, str) else message[0])}
    listed = set(i18n_argparse.SHOWN) | {plural[0] for plural in i18n_argparse.PLURALS} | i18n_argparse.NOT_SHOWN
    assert sorted(said - listed) == []


def test_argparse_says_its_own_words_in_the_language(capsys):
    with i18n.using("de"):
        with pytest.raises(SystemExit):
            build_parser().parse_args(["run", "--eta"])
    err = capsys.readouterr().err
    assert err.startswith("Aufruf: downhill run") and "downhill run: Fehler: Argument --eta: erwartet genau ein Argument" in err


@pytest.mark.parametrize("argv, lang, expected", [
    (["run", "parabola", "--eta", "0"], "de", "downhill run: --eta 0 ist nicht > 0; erwartet: eine Lernrate > 0, etwa 0.1"),
    (["run", "parabola", "--mu", "2"], "fr", "downhill run: --mu 2 est hors de [0, 1) ; attendu : un momentum de 0 jusqu’à 1 (exclu)"),
    (["map", "parabola"], "es", "downhill map: ¿dónde? Da --out ARCHIVO terminado en .png, .npy o .json"),
    (["params", "784"], "de", "downhill params: mindestens zwei Schichtgrößen nötig (Eingaben und Ausgaben), erhalten: 1; "
                              "z. B. downhill params 784 10"),
    (["run", "parabola", "--x0", "1"], "fr", "downhill run: le niveau 'parabola' place la bille en x0 = "),
    (["screenshot", "parabola", "--out", "x.jpg"], "es", "downhill screenshot: --out debe nombrar un archivo .png; se recibió 'x.jpg'"),
    (["run", "lr-three", "--etas", "1,2"], "es", "downhill run: --etas '1,2' da 2 tasas de aprendizaje; se esperaban 3, separadas por comas"),
    (["run", "separate-hidden", "--hidden", "99"], "de", "downhill run: --hidden 99 liegt außerhalb dessen, was Level 'separate-hidden' erlaubt"),
    (["run", "parabola", "--answer", "A"], "fr", "downhill run: le niveau 'parabola' fait rouler une bille sur une courbe et n’a pas de answer"),
])
def test_command_line_errors_are_one_line_in_the_language(capsys, monkeypatch, argv, lang, expected):
    monkeypatch.setenv(i18n.ENV_VAR, lang)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(expected), err


def test_printed_numbers_are_the_locales_and_json_stays_plain(capsys, monkeypatch):
    monkeypatch.setenv(i18n.ENV_VAR, "de")
    assert main(["params", "784", "256", "128", "10"]) == 0
    out = capsys.readouterr().out
    assert "200.960 + 32.896 + 1.290 = 235.146 Parameter" in out and "Speicher in float32: 918,5 KiB (940.584 Bytes)" in out
    assert main(["params", "784", "256", "128", "10", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 235146


def downhill(*args: str, env: dict | None = None, home: Path) -> subprocess.CompletedProcess:
    """`python -m game ...` as a real process, with a clean language environment."""
    base = {k: v for k, v in os.environ.items()
            if k not in (i18n.ENV_VAR, "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    base.update({"DOWNHILL_DATA_DIR": str(home), "PYTHONPATH": str(ROOT), **(env or {})})
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True,
                          env=base, cwd=ROOT, timeout=120)


def test_a_real_downhill_process_helps_in_german(tmp_path):
    done = downhill("--lang", "de", "run", "--help", home=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Aufruf: downhill run") and "Positionsargumente:" in out and "Optionen:" in out
    assert "diese Hilfe zeigen und beenden" in out and "Lernrate, > 0" in out and "wo die Kugel startet" in out
    assert "show this help" not in out and "learning rate" not in out


def test_the_language_order_in_real_processes(tmp_path):
    """--lang beats DOWNHILL_LANG beats the saved setting beats the system locale."""
    Store.open(tmp_path).update_settings(language="es")  # the player chose Spanish in Settings
    system = {"LANG": "fr_FR.UTF-8"}
    saved = downhill("class", "--help", env=system, home=tmp_path)
    assert saved.stdout.startswith("uso: downhill class"), saved.stdout[:200]
    env_wins = downhill("class", "--help", env={**system, i18n.ENV_VAR: "de"}, home=tmp_path)
    assert env_wins.stdout.startswith("Aufruf: downhill class")
    flag_wins = downhill("class", "--lang", "en", "--help", env={**system, i18n.ENV_VAR: "de"}, home=tmp_path)
    assert flag_wins.stdout.startswith("usage: downhill class")
    system_only = downhill("class", "--help", env=system, home=tmp_path / "nobody")
    assert system_only.stdout.startswith("usage : downhill class")  # French spaces its colon
    error = downhill("--lang", "fr", "run", "parabola", "--eta", "-1", home=tmp_path)
    assert error.returncode == 2 and error.stderr.strip() == (
        "downhill run: --eta -1 n’est pas > 0 ; attendu : un taux d'apprentissage > 0, comme 0.1")
