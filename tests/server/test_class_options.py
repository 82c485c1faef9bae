"""A real class server replays the player's own network: separate-hidden's width and activation
travel in the run message, the server re-simulates with them (the score a teacher sees is the
run the student made), and a forged score or an out-of-range width is refused."""

from __future__ import annotations

import asyncio
import csv
import io

import pytest

from classproc import PostgresCluster, ServerProcess, join, recv, run_message
from game.levels import find_level
from game.sim.families import family_of

pytestmark = pytest.mark.server

LEVELS = ("separate-hidden", "separate-line")
HONEST = {"eta": 0.5, "mu": 0.5, "optimizer": "momentum", "hidden": 8, "activation": "relu"}


def claim_of(result) -> dict:
    o = result.outcome
    return {"status": o.status, "steps": int(o.steps), "loss": float(o.loss), "cleared": bool(o.cleared),
            "stars": int(o.stars)}


def play_and_forge(server: ServerProcess):
    level = find_level("separate-hidden")
    family = family_of(level)
    honest = family.play(level, eta=0.5, hidden=8, activation="relu")  # what the game shows the student
    defaults = family.play(level, eta=0.5)  # the level's own width 4/tanh: what a replay without options gives
    assert (honest.outcome.steps, honest.outcome.stars) != (defaults.outcome.steps, defaults.outcome.stars)
    session = server.create(levels=LEVELS)
    code, token = session["code"], session["teacher_token"]
    sends = [
        ("honest", "separate-hidden", HONEST, claim_of(honest)),
        # the score of another network claimed for this one
        ("forged-score", "separate-hidden", HONEST, claim_of(defaults)),
        # a width this level does not allow, one the schema refuses, one a fixed level refuses
        ("forged-width", "separate-hidden", {**HONEST, "hidden": 0}, claim_of(honest)),
        ("too-wide", "separate-hidden", {**HONEST, "hidden": 17}, claim_of(honest)),
        ("fixed-width", "separate-line", {"eta": 0.5, "hidden": 4}, None),
    ]

    async def main():
        ws, welcome = await join(server, code, "Grace")
        assert welcome["type"] == "welcome"
        replies = {}
        for name, level_id, params, claim in sends:
            await ws.send(run_message(name, level=level_id, params=params, claim=claim))
            replies[name] = await recv(ws)
        await ws.close()
        return replies

    replies = asyncio.run(main())
    rows = list(csv.DictReader(io.StringIO(server.get(f"/api/sessions/{code}/results.csv", token).text)))
    return honest, replies, rows


def check(honest, replies, rows) -> None:
    good = replies["honest"]
    assert good["type"] == "verified" and good["accepted"] is True, good
    assert good["outcome"]["steps"] == honest.outcome.steps and good["outcome"]["stars"] == honest.outcome.stars
    forged = replies["forged-score"]
    assert forged["type"] == "verified" and forged["accepted"] is False
    assert forged["reason"].startswith("claimed ") and forged["outcome"]["steps"] == honest.outcome.steps
    for name, words in (("forged-width", "outside what level 'separate-hidden' allows; expected 1 to 16"),
                        ("too-wide", "params/hidden"),
                        ("fixed-width", "fixes the hidden layer at 0 neurons")):
        reply = replies[name]
        assert reply["type"] == "error" and words in reply["message"] and "\n" not in reply["message"], reply
    # the teacher's results: the honest run's score
    assert [(r["nickname"], r["level"], int(r["steps"])) for r in rows if r["level"] == "separate-hidden"] \
        == [("Grace", "separate-hidden", honest.outcome.steps)]


def test_the_server_replays_the_players_width_and_refuses_forgeries(server):
    check(*play_and_forge(server))


def test_the_same_on_postgresql(tmp_path):
    try:
        cluster = PostgresCluster().start()
    except Exception as error:  # no PostgreSQL here: say why and skip, never fail
        pytest.skip(f"PostgreSQL cannot be had here: {error}")
    proc = ServerProcess(cluster.url, tmp_path, workers=0)
    try:
        proc.start()
        check(*play_and_forge(proc))
    finally:
        proc.stop()
        cluster.stop()
