"""What a person reads on the terminal and the save's notices follow the language too: `downhill
run`, `check-levels`, `kiosk stats`, and the title screen's "your save was set aside" line."""

from __future__ import annotations

from game import i18n
from game.cli import main
from game.kiosk.stats import Stats, table
from game.store import SAVE_NAME, Store
from tests.unit.test_kiosk_stats import NOON, visit


def test_run_prints_its_outcome_in_german(capsys, monkeypatch):
    monkeypatch.setenv(i18n.ENV_VAR, "de")
    try:
        assert main(["run", "parabola", "--eta", "0.05"]) == 0
    finally:
        i18n.use("en")
    out = capsys.readouterr().out.splitlines()
    tail = "\n".join(out[-5:])
    assert "Status     converged nach 79 Schritten" in tail and "Ende       x = " in tail
    assert "Ziele      [erfüllt]" in tail and "geschafft  ja" in tail and "Sterne     1 von 3  (Par 1 Schritt)" in tail


def test_check_levels_and_kiosk_stats_in_spanish_and_german(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv(i18n.ENV_VAR, "es")
    try:
        assert main(["check-levels"]) == 0
    finally:
        i18n.use("en")
    assert capsys.readouterr().out.strip().endswith("niveles correctos")
    stats = Stats.open(tmp_path / "s.json", clock=lambda: NOON)
    visit(stats, 90.0, ["paris"], ["paris"])
    visit(stats, 30.0, ["paris"])
    with i18n.using("de"):
        text = table(stats.days)
        assert table({}) == "noch keine Besuche gezählt"
    head = text.splitlines()[0].split()
    assert head[:3] == ["Tag", "Besuche", "mittlere"] and "50\u00a0%" in text  # German writes 50 %


def test_a_damaged_save_is_reported_in_the_language_shown(tmp_path):
    (tmp_path / SAVE_NAME).write_bytes(b"{not json")
    store = Store.open(tmp_path)  # opened before the language is known: the notice is worded when read
    aside = next(tmp_path.glob(f"{SAVE_NAME}.corrupt-*"))
    with i18n.using("fr"):
        assert store.notice.startswith("Ta sauvegarde n’a pas pu être lue") and str(aside) in store.notice
    assert store.notice.startswith("Your save file could not be read")
