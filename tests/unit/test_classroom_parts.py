"""The class server's parts without a server: the message contract, nicknames, scores, the CSV,
re-simulation, the rate limit and the SQLite store."""

from __future__ import annotations

import csv
import io
import json

import pytest

from game.classroom import messages, names, scores, verify
from game.classroom.server import RateLimit
from game.classroom.storage import NicknameTaken, StorageError, open_store
from game.sim.families import family
from game.levels import find_level

WAVY = {"eta": 0.05, "mu": 0.9, "x0": 5.0, "optimizer": "momentum"}


def test_schema_file_is_valid_json_schema_and_ships_with_the_package():
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(messages.schema())
    for kind in ("join", "rejoin", "run", "welcome", "verified", "error"):
        assert kind in messages.schema()["$defs"]


@pytest.mark.parametrize("text, expected", [
    ("{", "not JSON"),
    ('{"type": "run", "level": "wavy", "params": {"eta": Infinity}}', "Infinity"),
    ('"join"', "not a JSON object"),
    ('{"type": "teacher", "token": "abcdefgh"}', "unknown message type"),
    ('{"type": "join"}', "'nickname' is a required property"),
    ('{"type": "join", "nickname": "' + "n" * 100 + '"}', "join message: nickname"),
    ('{"type": "run", "level": "Wavy!", "params": {"eta": 0.1}}', "level"),
])
def test_parse_refuses_in_one_line(text, expected):
    with pytest.raises(messages.MessageError) as caught:
        messages.parse(text)
    assert expected in str(caught.value) and "\n" not in str(caught.value)


def test_parse_caps_size_before_reading():
    with pytest.raises(messages.MessageError, match="65537 bytes"):
        messages.parse(" " * 65537)


def test_nicknames():
    assert names.clean("  Grace\u200b   Hopper ") == "Grace Hopper"
    for rude in ("sh1t", "FuckFace", "big_shit_lord"):
        with pytest.raises(names.NicknameError, match="not allowed"):
            names.clean(rude)
    assert names.clean("Scunthorpe") == "Scunthorpe"
    made = names.friendly()
    assert names.clean(made) == made and len(made.split()) == 3


def test_verify_matches_the_public_run_path_and_refuses_what_the_level_forbids():
    ours = verify.verify("wavy", WAVY)
    theirs = family("curve").play(find_level("wavy"), eta=0.05, mu=0.9, x0=5.0, optimizer="momentum").to_json()["outcome"]
    assert ours["outcome"] == {k: theirs[k] for k in ("status", "steps", "loss", "cleared", "stars")}
    for params, expected in (({**WAVY, "eta": 0.1}, "fixes eta"), ({**WAVY, "mu": 1.5}, "outside"),
                             ({**WAVY, "optimizer": "gd"}, "allows only"), ({"eta": 0.1, "x0": 1}, "network")):
        with pytest.raises(verify.RunRefused, match=expected):
            verify.verify("paris" if "network" == expected else "wavy", params)
    with pytest.raises(verify.RunRefused, match="unknown level"):
        verify.verify("nowhere", WAVY)


def test_claims_are_compared_with_the_server_outcome():
    outcome = verify.verify("wavy", WAVY)["outcome"]
    assert verify.claim_problem({}, outcome) is None
    assert verify.claim_problem({k: outcome[k] for k in ("steps", "cleared", "stars", "status", "loss")},
                                outcome) is None
    steps = verify.claim_problem({"steps": outcome["steps"] - 1}, outcome)
    assert verify.reason_said(steps, "en") == f"claimed steps {outcome['steps'] - 1} but the server's run gives {outcome['steps']}"
    loss = verify.claim_problem({"loss": outcome["loss"] + 1e-3}, outcome)
    assert verify.reason_said(loss, "en").startswith("claimed final loss ")


def test_a_claim_is_stored_as_data_and_worded_for_each_reader():
    """No language's sentence is stored: the same reason reads in German, French, Spanish."""
    stored = verify.claim_problem({"loss": 0.25, "cleared": False}, {"loss": 0.125, "cleared": False})
    assert "Endverlust" not in stored and "0,25" not in stored
    assert verify.reason_said(stored, "de") == "gemeldeter Wert für Endverlust: 0,25, aber der Lauf auf dem Server ergibt 0,125"
    assert verify.reason_said(stored, "fr") == "valeur annoncée pour perte finale : 0,25, mais le calcul du serveur donne 0,125"
    assert verify.reason_said(stored, "es").startswith("valor declarado de pérdida final: 0,25")
    status = verify.claim_problem({"status": "converged", "cleared": True}, {"status": "diverged", "cleared": False})
    assert verify.reason_said(status, "de") == "gemeldeter Wert für Status: konvergiert, aber der Lauf auf dem Server ergibt divergiert"
    cleared = verify.claim_problem({"cleared": True}, {"cleared": False})
    assert verify.reason_said(cleared, "fr").endswith("réussi : oui, mais le calcul du serveur donne non")
    assert verify.reason_said("an older run's English line", "de") == "an older run's English line"
    close = verify.claim_problem({"loss": 0.1234567891}, {"loss": 0.1234567899})  # digits enough to tell them apart
    assert verify.reason_said(close, "de").endswith("Endverlust: 0,123456789, aber der Lauf auf dem Server ergibt 0,12345679")
    far = verify.claim_problem({"loss": 0.25}, {"loss": 0.3369452961})  # and no more than that
    assert verify.reason_said(far, "es").endswith("pérdida final: 0,25, pero la ejecución del servidor da 0,3369")


def test_a_refusal_is_worded_by_the_worker_in_the_language_it_is_told():
    """verify() words its own refusals and the family's option refusals in the student's language,
    numbers the locale's way, as one plain line that survives a process pool (pickle)."""
    import pickle

    for params, language, words in (
            ({**WAVY, "mu": 1.5}, "de", "mu 1,5 liegt außerhalb dessen, was Level 'wavy' erlaubt (0 bis 0,99)"),
            ({**WAVY, "eta": 0.1}, "fr", "le niveau 'wavy' fixe eta à 0,05 ; reçu : 0,1"),
            ({**WAVY, "optimizer": "gd"}, "es", "el nivel 'wavy' solo permite momentum; se recibió gd")):
        with pytest.raises(verify.RunRefused) as refused:
            verify.verify("wavy", params, language)
        assert str(pickle.loads(pickle.dumps(refused.value))) == words
    with pytest.raises(verify.RunRefused) as refused:
        verify.verify("lr-three", {"etas": [0.1, 0.2, 99]}, "de")
    assert "--etas 99 liegt außerhalb dessen, was Level 'lr-three' erlaubt" in str(refused.value)
    with pytest.raises(verify.RunRefused) as refused:
        verify.verify("neuron", {"input": 2.5}, "de")
    assert str(refused.value) == "--input 2,5 liegt außerhalb dessen, was Level 'neuron' erlaubt; erwartet: -2 bis 2"
    with pytest.raises(verify.RunRefused) as refused:
        verify.verify("separate-line", {"eta": 0.5, "hidden": 4}, "de")
    assert "verborgene Schicht" in str(refused.value)


def test_rate_limit_counts_a_sliding_second():
    now = [0.0]
    limit = RateLimit(5, clock=lambda: now[0])
    assert [limit.allow("p") for _ in range(6)] == [True] * 5 + [False]
    assert limit.allow("q")
    now[0] = 0.999
    assert not limit.allow("p")
    now[0] = 1.0
    assert limit.allow("p")


def _run(pid, level, steps, cleared, stars, loss, created, accepted=True, status="converged"):
    return {"player_id": pid, "level": level, "steps": steps, "cleared": cleared, "stars": stars, "loss": loss,
            "status": status, "accepted": accepted, "created": created}


def test_leaderboard_modes():
    players = [{"id": 1, "nickname": "A", "removed": False, "joined": 0},
               {"id": 2, "nickname": "B", "removed": False, "joined": 0},
               {"id": 3, "nickname": "C", "removed": True, "joined": 0}]
    runs = [_run(1, "wavy", 100, True, 2, 0.5, 1), _run(1, "wavy", 90, True, 3, 0.6, 2),
            _run(2, "wavy", 50, True, 3, 0.4, 3), _run(2, "paris", 10, False, 0, 0.1, 4),
            _run(1, "paris", 20, True, 1, 0.2, 5), _run(2, "wavy", 5, True, 3, 0.0, 6, accepted=False),
            _run(3, "wavy", 1, True, 3, 0.0, 7)]
    by_steps = scores.leaderboard({"score": "steps"}, runs, players)
    assert [(r["nickname"], r["levels"], r["score"]) for r in by_steps] == [("A", 2, 110), ("B", 1, 50)]
    by_loss = scores.leaderboard({"score": "loss"}, runs, players)
    assert [(r["nickname"], r["score"]) for r in by_loss] == [("B", pytest.approx(0.5)), ("A", pytest.approx(0.7))]
    by_stars = scores.leaderboard({"score": "stars"}, runs, players)
    assert [(r["nickname"], r["score"]) for r in by_stars] == [("A", 4), ("B", 3)]


def test_csv_one_row_per_accepted_run_and_no_formulas():
    runs = [{"nickname": "=HYPERLINK(1)", "level": "wavy", "eta": 0.05, "mu": 0.9, "x0": 5.0, "optimizer": "momentum",
             "status": "converged", "steps": 165, "loss": -0.27, "stars": 3, "created": 0.0, "accepted": True},
            {"nickname": "B", "level": "wavy", "eta": 0.05, "mu": 0.0, "x0": 5.0, "optimizer": "momentum",
             "status": "converged", "steps": 9, "loss": 1.0, "stars": 0, "created": 0.0, "accepted": False}]
    rows = list(csv.reader(io.StringIO(scores.results_csv(runs))))
    assert rows[0] == list(scores.CSV_COLUMNS)
    assert len(rows) == 2 and rows[1][0] == "'=HYPERLINK(1)" and rows[1][-1] == "1970-01-01T00:00:00Z"


def test_sqlite_store_round_trip(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    heard = []
    store.listen(heard.append)
    session, teacher = store.create_session(["wavy"], "steps", "live", 60, now=1000.0)
    code = session["code"]
    assert len(code) == 6 and code.isdigit() and store.teacher_ok(code, teacher) and not store.teacher_ok(code, "x")
    player, token = store.add_player(code, "Ada")
    with pytest.raises(NicknameTaken):
        store.add_player(code, "ADA")
    assert store.player_by_token(code, token)["nickname"] == "Ada"
    outcome = {"status": "converged", "steps": 3, "loss": 0.1, "cleared": True, "stars": 2}
    run, dup = store.add_run(code, player, "r1", "wavy", WAVY, outcome, True, "", [1.0, 2.0])
    again, dup2 = store.add_run(code, player, "r1", "wavy", WAVY, outcome, True, "", [1.0, 2.0])
    assert not dup and dup2 and again["id"] == run["id"]
    assert [r["trajectory"] for r in store.runs(code, trajectories=True)] == [[1.0, 2.0]]
    assert [e["kind"] for e in heard] == ["joined", "run"]
    assert "token" not in json.dumps(store.players(code)) and token not in (tmp_path / "c.db").read_bytes().decode("latin-1")
    assert store.session(code, now=1059.0) is not None and store.session(code, now=1060.0) is None  # expired
    assert store.purge_expired(now=1059.0) == [] and store.purge_expired(now=1061.0) == [code]
    assert store.session(code) is None and store.runs(code) == []
    store.close()


def test_store_urls_are_checked(tmp_path):
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("shopping list\n" * 200)
    with pytest.raises(StorageError, match="cannot use the database file"):
        open_store(str(not_a_db))
    with pytest.raises(StorageError, match="unknown kind of database"):
        open_store("mysql://x")
    with pytest.raises(StorageError, match="no file named"):
        open_store("sqlite://")
