"""Two class servers on one PostgreSQL database (a district behind a load balancer): a run
verified by one reaches a dashboard connected to the other, through LISTEN/NOTIFY."""

from __future__ import annotations

import asyncio
import csv
import io
import json

import pytest
import websockets

from classproc import WAVY_GOOD, PostgresCluster, ServerProcess, join, recv, run_message, teacher

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def postgres():
    try:
        cluster = PostgresCluster().start()
    except Exception as error:  # no PostgreSQL here: say why and skip, never fail
        detail = getattr(error, "stderr", b"") or b""
        pytest.skip(f"PostgreSQL cannot be had here: {error} {detail.decode(errors='replace')[-300:]}")
    yield cluster
    cluster.stop()


def test_two_servers_share_one_postgres_database(postgres, tmp_path):
    a = ServerProcess(postgres.url, tmp_path, workers=0).start()
    b = ServerProcess(postgres.url, tmp_path, workers=0).start()
    try:
        session = a.create(levels=("wavy",))
        code, token = session["code"], session["teacher_token"]

        async def main():
            board, hello = await teacher(b, code, token)  # the dashboard is on B
            assert hello["session"]["code"] == code
            ws, welcome = await join(a, code, "Dana")  # the student is on A
            assert welcome["type"] == "welcome"
            joined = await recv(board, "event")
            await ws.send(run_message("pg-1", params={**WAVY_GOOD, "mu": 0.9}))
            verified = await recv(ws)
            while True:
                event = await recv(board, "event")
                if event["kind"] == "run":
                    break
            # removing the player on B closes the student's socket on A
            b.post(f"/api/sessions/{code}/control", {"action": "remove", "player": joined["player"]["id"]},
                   token)
            kicked = await recv(ws)
            await board.close()
            return joined, verified, event, kicked

        joined, verified, event, kicked = asyncio.run(main())
        assert joined["kind"] == "joined" and joined["player"]["nickname"] == "Dana"
        assert verified["accepted"] is True
        assert event["run"]["nickname"] == "Dana" and event["run"]["steps"] == verified["outcome"]["steps"]
        assert kicked["type"] == "error" and "removed" in kicked["message"]
        rows = list(csv.DictReader(io.StringIO(b.get(f"/api/sessions/{code}/results.csv", token).text)))
        assert [(r["nickname"], int(r["steps"])) for r in rows] == [("Dana", verified["outcome"]["steps"])]
    finally:
        a.stop()
        b.stop()


def test_postgres_keeps_verified_runs_across_a_kill_9(postgres, tmp_path):
    server = ServerProcess(postgres.url, tmp_path, workers=0).start()
    session = server.create(levels=("wavy",))
    code, token = session["code"], session["teacher_token"]

    async def play(run_id):
        ws, welcome = await join(server, code, f"P-{run_id}")
        await ws.send(run_message(run_id))
        reply = await recv(ws)
        await ws.close()
        return welcome["token"], reply

    tok, reply = asyncio.run(play("before"))
    server.kill()
    server.start()
    try:
        async def rejoin():
            ws = await websockets.connect(f"{server.ws}/ws/play/{code}")
            await ws.send(json.dumps({"type": "rejoin", "token": tok}))
            welcome = await recv(ws)
            await ws.close()
            return welcome

        assert asyncio.run(rejoin())["type"] == "welcome"
        rows = list(csv.DictReader(io.StringIO(server.get(f"/api/sessions/{code}/results.csv", token).text)))
        assert len(rows) == 1 and int(rows[0]["steps"]) == reply["outcome"]["steps"]
    finally:
        server.stop()


def test_a_database_restart_mid_session_is_survived(postgres, tmp_path):
    server = ServerProcess(postgres.url, tmp_path, workers=0).start()
    try:
        session = server.create(levels=("wavy",))
        code, token = session["code"], session["teacher_token"]

        async def before():
            ws, welcome = await join(server, code, "Rita")
            await ws.send(run_message("r1"))
            first = await recv(ws)
            await ws.close()
            return welcome["token"], first

        tok, first = asyncio.run(before())
        postgres.restart()  # every connection of the server is cut

        async def after():
            board, _ = await teacher(server, code, token)
            # events published while the server's LISTEN connection is being remade are not heard;
            # wait until a teacher action's event comes back through the database again
            for _ in range(40):
                server.post(f"/api/sessions/{code}/control", {"action": "unlock"}, token)
                try:
                    if (await asyncio.wait_for(recv(board, "event"), 0.5))["kind"] == "state":
                        break
                except asyncio.TimeoutError:
                    continue
            ws = await websockets.connect(f"{server.ws}/ws/play/{code}")
            await ws.send(json.dumps({"type": "rejoin", "token": tok}))
            welcome = await recv(ws)
            await ws.send(run_message("r2", params={**WAVY_GOOD, "mu": 0.5}))
            second = await recv(ws)
            while True:  # the LISTEN connection came back too: the dashboard hears the run
                event = await recv(board, "event")
                if event["kind"] == "run":
                    break
            await ws.close()
            await board.close()
            return welcome, second, event

        welcome, second, event = asyncio.run(after())
        assert first["accepted"] and welcome["type"] == "welcome"
        assert second["type"] == "verified" and second["accepted"]
        assert event["run"]["client_id"] == "r2"
        rows = list(csv.DictReader(io.StringIO(server.get(f"/api/sessions/{code}/results.csv", token).text)))
        assert len(rows) == 2
    finally:
        server.stop()
