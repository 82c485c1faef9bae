"""The class server end to end: a real uvicorn process on loopback, real websockets clients."""

from __future__ import annotations

import asyncio
import csv
import io
import json

import httpx
import pytest
import websockets

from classproc import WAVY_GOOD, ServerProcess, join, recv, run_message, teacher

pytestmark = pytest.mark.server

STUDENTS = 40
RUNS_EACH = 3
MU_CHOICES = (0.0, 0.5, 0.8, 0.9, 0.95)


def wavy(mu: float) -> dict:
    return {**WAVY_GOOD, "mu": mu}


def test_forty_students_at_once_every_verified_run_counted_once(server):
    session = server.create(levels=("wavy", "paris"), score="steps")
    code, token = session["code"], session["teacher_token"]

    async def student(i: int):
        ws, welcome = await join(server, code, f"Student {i:02d}")
        assert welcome["type"] == "welcome" and welcome["levels"] == ["wavy", "paris"]
        replies = []
        for k in range(RUNS_EACH):
            await ws.send(run_message(f"s{i}-r{k}", params=wavy(MU_CHOICES[(i + k) % len(MU_CHOICES)])))
            replies.append(await recv(ws))
        # the game's offline queue may send a run twice: it counts once
        await ws.send(run_message(f"s{i}-r0", params=wavy(MU_CHOICES[i % len(MU_CHOICES)])))
        again = await recv(ws)
        await ws.close()
        return replies, again

    async def main():
        board, hello = await teacher(server, code, token)
        assert hello["type"] == "hello"
        results = await asyncio.gather(*(student(i) for i in range(STUDENTS)))
        # every run reached the dashboard's socket as it was verified
        events = []
        while len(events) < STUDENTS * RUNS_EACH:
            event = await recv(board, "event")
            if event["kind"] == "run":
                events.append(event["run"])
        await board.close()
        return results, events

    results, events = asyncio.run(main())
    for replies, again in results:
        assert [r["type"] for r in replies] == ["verified"] * RUNS_EACH
        assert all(r["accepted"] for r in replies)
        assert again["type"] == "verified" and again["id"] == replies[0]["id"]
        assert again["outcome"] == replies[0]["outcome"]
    assert len({(e["nickname"], e["client_id"]) for e in events}) == STUDENTS * RUNS_EACH

    rows = list(csv.DictReader(io.StringIO(server.get(f"/api/sessions/{code}/results.csv", token).text)))
    assert len(rows) == STUDENTS * RUNS_EACH
    per_student = {}
    for row in rows:
        per_student.setdefault(row["nickname"], []).append(row)
    assert sorted(per_student) == [f"Student {i:02d}" for i in range(STUDENTS)]
    assert all(len(v) == RUNS_EACH for v in per_student.values())
    # the CSV carries the server's numbers, which match what each student was told
    told = {(f"Student {i:02d}", r["outcome"]["steps"]) for i, (replies, _) in enumerate(results) for r in replies}
    assert {(row["nickname"], int(row["steps"])) for row in rows} == told

    board = server.get(f"/api/sessions/{code}/leaderboard", token).json()
    assert len(board["rows"]) == STUDENTS
    assert sum(row["runs"] for row in board["rows"]) == STUDENTS * RUNS_EACH
    assert [row["rank"] for row in board["rows"]] == list(range(1, STUDENTS + 1))


def test_forged_claim_is_refused_and_kept_out_of_the_results(server):
    session = server.create(levels=("wavy",))
    code, token = session["code"], session["teacher_token"]

    async def main():
        board, _ = await teacher(server, code, token)
        ws, _ = await join(server, code, "Mallory")
        await ws.send(run_message("honest", params=wavy(0.9)))
        honest = await recv(ws)
        await ws.send(run_message("forged", params=wavy(0.0), claim={"steps": 3, "cleared": True, "stars": 3}))
        forged = await recv(ws)
        seen = [(await recv(board, "event")) for _ in range(3)]  # joined, run, run
        await ws.close()
        await board.close()
        return honest, forged, seen

    honest, forged, seen = asyncio.run(main())
    assert honest["accepted"] is True
    assert forged["type"] == "verified" and forged["accepted"] is False
    assert "claimed" in forged["reason"] and "\n" not in forged["reason"]
    refused = [e["run"] for e in seen if e["kind"] == "run" and not e["run"]["accepted"]]
    assert len(refused) == 1 and refused[0]["reason"] == forged["reason"]  # the teacher sees it as refused
    rows = list(csv.DictReader(io.StringIO(server.get(f"/api/sessions/{code}/results.csv", token).text)))
    assert len(rows) == 1 and rows[0]["steps"] == str(honest["outcome"]["steps"])


def test_bad_messages_each_get_one_line_and_the_connection_goes_on(server):
    session = server.create(levels=("wavy",))
    code = session["code"]
    bad = [
        ("{not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        (json.dumps({"type": "launch"}), "unknown message type"),
        (json.dumps({"type": "run", "level": "wavy", "params": WAVY_GOOD}), "join first"),
        ("x" * (64 * 1024 + 1), "over the 65536-byte limit"),
    ]
    after_join = [
        ('{"type": "run", "level": "wavy", "params": {"eta": NaN}}', "NaN"),
        (json.dumps({"type": "run", "level": "wavy", "params": {"eta": 1e300}}), "params/eta"),
        (json.dumps({"type": "run", "level": "nowhere", "params": WAVY_GOOD}), "not part of this challenge"),
        (json.dumps({"type": "run", "level": "wavy", "params": {**WAVY_GOOD, "mu": 0.999}}), "outside"),
        (json.dumps({"type": "run", "level": "wavy", "params": {**WAVY_GOOD, "eta": 0.3}}), "fixes eta"),
        (json.dumps({"type": "run", "level": "wavy", "params": {**WAVY_GOOD, "optimizer": "adam"}}), "allows only"),
        (json.dumps({"type": "run", "level": "wavy", "params": WAVY_GOOD, "extra": 1}), "Additional properties"),
        (json.dumps({"type": "join", "nickname": "Again"}), "already in class"),
    ]

    async def main():
        ws = await websockets.connect(f"{server.ws}/ws/play/{code}")
        lines = []
        for text, _ in bad:
            await ws.send(text)
            lines.append(await recv(ws))
        await ws.send(json.dumps({"type": "join", "nickname": "Eve"}))
        assert (await recv(ws))["type"] == "welcome"
        for text, _ in after_join:
            await ws.send(text)
            lines.append(await recv(ws))
        await ws.send(run_message("still-fine"))  # a locked control sent at its locked value is fine
        last = await recv(ws)
        await ws.close()
        return lines, last

    lines, last = asyncio.run(main())
    for (_, expected), reply in zip(bad + after_join, lines):
        assert reply["type"] == "error", reply
        assert expected in reply["message"] and "\n" not in reply["message"], reply
        assert not reply.get("fatal")
    assert last["type"] == "verified" and last["accepted"]
    assert server.get("/api/info").status_code == 200


def test_nicknames_are_filtered_capped_and_unique(server):
    code = server.create(levels=("wavy",))["code"]

    async def attempt(nickname):
        ws, reply = await join(server, code, nickname)
        await ws.close()
        return reply

    async def main():
        return [await attempt(n) for n in ("Ada", "ada", "sh1t", "BigShitLord", "x" * 25, "   ")]

    ok, taken, rude, rude_camel, long_, blank = asyncio.run(main())
    assert ok["type"] == "welcome" and ok["nickname"] == "Ada"
    assert taken["type"] == "error" and "taken" in taken["message"]
    assert rude["type"] == "error" and "not allowed" in rude["message"]
    assert rude_camel["type"] == "error" and "not allowed" in rude_camel["message"]
    assert long_["type"] == "error" and "too long" in long_["message"]
    assert blank["type"] == "error" and "empty" in blank["message"]


def test_more_than_five_runs_a_second_are_refused(server):
    code = server.create(levels=("wavy",))["code"]

    async def main():
        ws, _ = await join(server, code, "Speedy")
        burst = 30
        for k in range(burst):  # sent without waiting: far more than 5 within a second (short runs,
            await ws.send(run_message(f"b{k}", params=wavy(0.5)))  # so a slow machine still gets there)
        replies = [await recv(ws) for _ in range(burst)]
        await ws.close()
        return replies

    replies = asyncio.run(main())
    refused = [r for r in replies if r["type"] == "error"]
    assert refused and all("too many runs" in r["message"] for r in refused)
    assert sum(r["type"] == "verified" for r in replies) >= 5


def test_codes_tokens_and_removed_players(server):
    first = server.create(levels=("wavy",))
    other = server.create(levels=("wavy",))
    code, token = first["code"], first["teacher_token"]
    wrong_code = next(f"{n:06d}" for n in range(1000000) if f"{n:06d}" not in (code, other["code"]))

    async def main():
        out = {}
        ws, out["wrong_code"] = await join(server, wrong_code, "Lost")
        out["wrong_code_closed"] = await _closed(ws)
        ws, welcome = await join(server, code, "Bob")
        bob_token = welcome["token"]
        await ws.close()
        # Bob's token is this class's, not another's
        ws = await websockets.connect(f"{server.ws}/ws/play/{other['code']}")
        await ws.send(json.dumps({"type": "rejoin", "token": bob_token}))
        out["other_class"] = await recv(ws)
        ws = await websockets.connect(f"{server.ws}/ws/play/{code}")
        await ws.send(json.dumps({"type": "rejoin", "token": "made-up-token-123"}))
        out["made_up"] = await recv(ws)
        # rejoin works; then the teacher removes Bob: his socket is closed and he cannot come back
        ws = await websockets.connect(f"{server.ws}/ws/play/{code}")
        await ws.send(json.dumps({"type": "rejoin", "token": bob_token}))
        out["rejoined"] = await recv(ws)
        player_id = [p for p in server.get(f"/api/sessions/{code}", token).json()["players"]
                     if p["nickname"] == "Bob"][0]["id"]
        assert server.post(f"/api/sessions/{code}/control", {"action": "remove", "player": player_id},
                           token).status_code == 200
        out["kicked"] = await recv(ws)
        out["kicked_closed"] = await _closed(ws)
        ws = await websockets.connect(f"{server.ws}/ws/play/{code}")
        await ws.send(json.dumps({"type": "rejoin", "token": bob_token}))
        out["removed_rejoin"] = await recv(ws)
        ws, out["same_name"] = await join(server, code, "bob")
        await ws.close()
        return out

    out = asyncio.run(main())
    assert out["wrong_code"]["fatal"] and "no class with code" in out["wrong_code"]["message"]
    assert out["wrong_code_closed"]
    assert out["other_class"]["type"] == "error" and "not one of this class" in out["other_class"]["message"]
    assert out["made_up"]["type"] == "error" and "not one of this class" in out["made_up"]["message"]
    assert out["rejoined"]["type"] == "welcome" and out["rejoined"]["nickname"] == "Bob"
    assert out["kicked"]["type"] == "error" and "removed" in out["kicked"]["message"]
    assert out["kicked_closed"]
    assert out["removed_rejoin"]["type"] == "error" and "removed" in out["removed_rejoin"]["message"]
    assert out["same_name"]["type"] == "error" and "taken" in out["same_name"]["message"]

    # the teacher's endpoints: no token 401, wrong token or wrong code 403
    for path in (f"/api/sessions/{code}/leaderboard", f"/api/sessions/{code}/results.csv"):
        assert server.get(path).status_code == 401
        assert server.get(path, "wrong-token").status_code == 403
        assert server.get(path, other["teacher_token"]).status_code == 403
        assert server.get(path.replace(code, wrong_code), token).status_code == 403
        assert server.get(path, token).status_code == 200
    response = server.get(f"/api/sessions/{code}/leaderboard")
    assert "\n" not in response.json()["error"]
    assert server.get("/api/info").status_code == 200


async def _closed(ws) -> bool:
    try:
        await asyncio.wait_for(ws.recv(), 30)
    except websockets.ConnectionClosed:
        return True
    return False


def test_lock_pause_end_and_delete(server):
    session = server.create(levels=("wavy",), leaderboard="end")
    code, token = session["code"], session["teacher_token"]

    def control(action, **extra):
        response = server.post(f"/api/sessions/{code}/control", {"action": action, **extra}, token)
        assert response.status_code == 200, response.text
        return response.json()

    async def main():
        out = {}
        ws, _ = await join(server, code, "Cleo")
        assert control("lock")["locked"] is True
        late, out["locked"] = await join(server, code, "Late")
        control("pause")
        out["lock_note"] = await recv(ws, "state")
        out["pause_note"] = await recv(ws, "state")
        await ws.send(run_message("p1"))
        out["paused"] = await recv(ws)
        control("resume")
        await ws.send(run_message("p2"))
        out["resumed"] = await recv(ws, "verified")
        control("end")
        await ws.send(run_message("p3"))
        out["ended"] = await recv(ws, "error")
        await ws.close()
        return out

    out = asyncio.run(main())
    assert out["locked"]["fatal"] and "locked" in out["locked"]["message"]
    assert out["lock_note"]["locked"] is True and out["lock_note"]["paused"] is False
    assert out["pause_note"]["paused"] is True
    assert out["paused"]["type"] == "error" and "paused" in out["paused"]["message"]
    assert out["resumed"]["accepted"] is True
    assert "ended" in out["ended"]["message"]
    assert server.post(f"/api/sessions/{code}/control", {"action": "explode"}, token).status_code == 400
    assert len(server.get(f"/api/sessions/{code}/results.csv", token).text.strip().splitlines()) == 2
    deleted = httpx.delete(f"{server.base}/api/sessions/{code}", headers={"Authorization": f"Bearer {token}"})
    assert deleted.status_code == 200
    assert server.get(f"/api/sessions/{code}/results.csv", token).status_code == 403


def test_create_session_refuses_bad_requests_in_one_line(server):
    for body, expected in (({"levels": []}, "levels"), ({"levels": ["nowhere"]}, "unknown level"),
                           ({"levels": ["wavy"], "score": "speed"}, "score"),
                           ({"levels": ["wavy"], "leaderboard": "always"}, "leaderboard"),
                           ({"levels": ["wavy"], "admin": True}, "unknown field")):
        response = server.post("/api/sessions", body)
        assert response.status_code == 400 and expected in response.json()["error"]
    big = httpx.post(server.base + "/api/sessions", content=b"{" + b" " * 70000 + b"}",
                     headers={"Content-Type": "application/json"})
    assert big.status_code == 400 and "limit" in big.json()["error"]


def test_off_loopback_needs_the_admin_token(tmp_path):
    # listening on every interface: creating a class needs the admin token (here from the environment)
    proc = ServerProcess(f"sqlite:///{tmp_path / 'class.db'}", tmp_path, workers=0, extra=("--host", "0.0.0.0"),
                         env={"DOWNHILL_CLASS_TOKEN": "admin-secret-token"}).start()
    try:
        body = {"levels": ["wavy"]}
        assert httpx.post(proc.base + "/api/sessions", json=body).status_code == 401
        assert proc.post("/api/sessions", body, "wrong").status_code == 403
        created = proc.post("/api/sessions", body, "admin-secret-token")
        assert created.status_code == 201
        assert proc.get("/api/info").json()["admin_required"] is True

        async def guess(code):
            ws, reply = await join(proc, code, "Guesser")
            await ws.close()
            return reply

        async def guesses():  # guessing join codes from one address gets refused
            wrong = [f"{n:06d}" for n in range(32) if f"{n:06d}" != created.json()["code"]][:31]
            return [await guess(code) for code in wrong]

        replies = asyncio.run(guesses())
        assert all("no class with code" in r["message"] for r in replies[:30])
        assert "too many wrong join codes" in replies[30]["message"] and replies[30]["fatal"]
    finally:
        proc.stop()
    assert "admin token" in proc.output()


def test_kill_9_mid_session_loses_nothing_verified(tmp_path):
    db = f"sqlite:///{tmp_path / 'class.db'}"
    proc = ServerProcess(db, tmp_path, workers=0).start()
    session = proc.create(levels=("wavy",))
    code, token = session["code"], session["teacher_token"]

    async def before():
        tokens, told = {}, []
        for i in range(5):
            ws, welcome = await join(proc, code, f"Kid {i}")
            tokens[f"Kid {i}"] = welcome["token"]
            for k in range(2):
                await ws.send(run_message(f"k{i}-{k}", params=wavy(MU_CHOICES[k])))
                told.append(await recv(ws))
            # a run in flight when the server dies: the student has no answer yet
            await ws.send(run_message(f"k{i}-pending", params=wavy(0.95)))
        return tokens, told

    tokens, told = asyncio.run(before())
    proc.kill()
    proc.start()  # same database, same port

    async def after():
        answers = {}
        for name, tok in tokens.items():
            ws = await websockets.connect(f"{proc.ws}/ws/play/{code}")
            await ws.send(json.dumps({"type": "rejoin", "token": tok}))
            welcome = await recv(ws)
            assert welcome["type"] == "welcome" and welcome["nickname"] == name and welcome["token"] == tok
            # resend what had no answer (the game's offline queue does this): counted once at most
            i = name.split()[1]
            await ws.send(run_message(f"k{i}-pending", params=wavy(0.95)))
            answers[name] = await recv(ws)
            await ws.close()
        return answers

    answers = asyncio.run(after())
    try:
        assert all(a["type"] == "verified" and a["accepted"] for a in answers.values())
        rows = list(csv.DictReader(io.StringIO(proc.get(f"/api/sessions/{code}/results.csv", token).text)))
        assert all(t["accepted"] for t in told)
        assert len(rows) == len(told) + len(tokens)  # the 10 answered runs + each pending one, once
    finally:
        proc.stop()
