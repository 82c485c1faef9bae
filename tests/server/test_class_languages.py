"""The class server speaks each reader's language, in a real `downhill class serve` process: its
start-up lines in the language it was started in, each student's refusals in the language their
game asks for (?lang= on the socket, as game.classroom.client adds it), the teacher's socket and
the projector page in the teacher's."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest
import websockets
from classproc import RECV_WAIT_S, WAVY_GOOD, ServerProcess, recv, run_message

from game.classroom.client import ClassClient
from game.i18n import LANGUAGES


@pytest.fixture(scope="module")
def german_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("class-de")
    proc = ServerProcess(f"sqlite:///{data / 'class.db'}", data, env={"DOWNHILL_LANG": "de"}).start()
    yield proc
    proc.stop()


async def student(server, code: str, lang: str, nickname: str) -> tuple:
    ws = await websockets.connect(f"{server.ws}/ws/play/{code}?lang={lang}")
    await ws.send(json.dumps({"type": "join", "nickname": nickname}))
    return ws, await recv(ws)


def test_start_up_lines_in_the_servers_language(german_server):
    out = german_server.output()
    assert f"Downhill-Klassenserver: Dashboard {german_server.base}/" in out
    assert "Klassendaten verfallen nach 30 Tagen" in out
    assert "nur dieser Computer erreicht ihn; für das Netz des Klassenraums: downhill class serve --host 0.0.0.0" in out


def test_each_student_reads_refusals_in_their_own_language(german_server):
    session = german_server.create(levels=("wavy",))
    code, token = session["code"], session["teacher_token"]

    async def main():
        out = {}
        _ws, out["no_class"] = await student(german_server, "000000", "fr", "Ada")
        _ws, out["empty"] = await student(german_server, code, "es", "   ")
        ada, out["welcome"] = await student(german_server, code, "es", "Ada")
        _ws, out["taken"] = await student(german_server, code, "de", "Ada")
        german_server.post(f"/api/sessions/{code}/control", {"action": "pause"}, token)
        await recv(ada, "state")
        await ada.send(run_message("r1"))
        out["paused"] = await recv(ada, "error")
        teacher = await websockets.connect(f"{german_server.ws}/ws/teacher/{code}?lang=de")
        await teacher.send(json.dumps({"type": "teacher", "token": "not-the-token"}))
        out["teacher"] = await recv(teacher)
        plain = await websockets.connect(f"{german_server.ws}/ws/play/000000")  # no language asked: English
        await plain.send(json.dumps({"type": "join", "nickname": "Bo"}))
        out["plain"] = await recv(plain)
        await ada.close()
        return out

    out = asyncio.run(main())
    assert out["no_class"] == {"type": "error", "fatal": True, "message":
                               "pas de classe avec le code '000000' ; vérifie le code sur l’écran de l’enseignant"}
    assert out["empty"]["message"] == "el apodo está vacío; escribe uno o toma uno inventado"
    assert out["welcome"]["type"] == "welcome"
    assert out["taken"]["message"] == "den Spitznamen 'Ada' gibt es in dieser Klasse schon; wähle einen anderen"
    assert out["paused"]["message"] == "el docente ha pausado el reto; vuelve a intentarlo cuando siga"
    assert out["teacher"]["message"] == "falscher Klassencode oder falsches Lehrer-Token"
    assert out["plain"]["message"] == "no class with code '000000'; check the code on the teacher's screen"


def test_the_games_own_client_asks_for_its_language(german_server):
    client = ClassClient(german_server.base, "000000", nickname="Cy", language="es").start()
    try:
        deadline = time.monotonic() + RECV_WAIT_S
        said = []
        while time.monotonic() < deadline and not any(m.get("state") == "refused" for m in said):
            said += client.poll()
            time.sleep(0.05)
    finally:
        client.close()
    refused = next(m for m in said if m.get("state") == "refused")
    assert refused["message"] == "no hay ninguna clase con el código '000000'; comprueba el código en la pantalla del docente"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_the_projector_page_and_its_script_words_come_in_the_teachers_language(german_server, lang):
    page = german_server.get(f"/projector?lang={lang}").text
    assert f'<html lang="{lang}">' in page and ">Leaderboard<" not in page and ">Join code<" not in page
    words = german_server.get(f"/api/text?lang={lang}").json()["text"]
    for english in ("Waiting for the first verified run…", "steps →", "loss (log)", "The leaderboard is hidden."):
        assert words[english] and words[english] != english, (lang, english)


def test_a_students_refused_and_forged_runs_come_in_their_language(german_server):
    """The refusals the re-simulation makes (a value out of the level's range, a family option the
    level lacks) are worded by the worker process in the student's language, numbers the German
    way; a forged claim is stored as data and worded for each reader: the German student, a French
    teacher's live feed, a Spanish teacher's snapshot, the dashboard's REST view."""
    session = german_server.create(levels=("wavy",))
    code, token = session["code"], session["teacher_token"]

    async def main():
        out = {}
        board = await websockets.connect(f"{german_server.ws}/ws/teacher/{code}?lang=fr")
        await board.send(json.dumps({"type": "teacher", "token": token}))
        await recv(board, "hello")
        ada, _welcome = await student(german_server, code, "de", "Ada")
        await ada.send(run_message("wide", params={**WAVY_GOOD, "mu": 1.5}))
        out["range"] = await recv(ada)
        await ada.send(run_message("hidden", params={**WAVY_GOOD, "hidden": 4}))
        out["option"] = await recv(ada)
        await ada.send(run_message("forged", claim={"steps": 3}))
        out["forged"] = await recv(ada)
        await ada.send(run_message("forged"))  # the same id again: the stored run, worded again
        out["again"] = await recv(ada)
        while (event := await recv(board, "event"))["kind"] != "run":
            pass
        out["feed"] = event["run"]
        late = await websockets.connect(f"{german_server.ws}/ws/teacher/{code}?lang=es")
        await late.send(json.dumps({"type": "teacher", "token": token}))
        out["hello"] = await recv(late, "hello")
        for ws in (ada, board, late):
            await ws.close()
        return out

    out = asyncio.run(main())
    assert out["range"] == {"type": "error", "id": "wide",
                            "message": "mu 1,5 liegt außerhalb dessen, was Level 'wavy' erlaubt (0 bis 0,99)"}
    assert out["option"]["message"].startswith("Level 'wavy' rollt") and "lass --hidden weg" in out["option"]["message"]
    forged = out["forged"]
    steps = forged["outcome"]["steps"]
    assert forged["accepted"] is False
    assert forged["reason"] == f"gemeldeter Wert für Schritte: 3, aber der Lauf auf dem Server ergibt {steps}"
    assert out["again"]["reason"] == forged["reason"]
    assert out["feed"]["reason"] == f"valeur annoncée pour pas : 3, mais le calcul du serveur donne {steps}"
    run = next(r for r in out["hello"]["runs"] if r["client_id"] == "forged")
    assert run["reason"] == f"valor declarado de pasos: 3, pero la ejecución del servidor da {steps}"
    view = httpx.get(f"{german_server.base}/api/sessions/{code}", timeout=10,
                     headers={"Authorization": f"Bearer {token}", "Accept-Language": "fr-FR"}).json()
    assert [r["reason"] for r in view["runs"]] == [out["feed"]["reason"]]


def test_the_games_client_reads_a_forged_runs_reason_in_its_language(german_server):
    """What the class scene shows under a refused run (the verified answer's reason) comes in the
    game's language, numbers included."""
    session = german_server.create(levels=("wavy",))
    client = ClassClient(german_server.base, session["code"], nickname="Dee", language="de").start()
    try:
        client.submit("wavy", {**WAVY_GOOD, "mu": 0.95}, claim={"loss": 0.25})
        deadline = time.monotonic() + RECV_WAIT_S
        said = []
        while time.monotonic() < deadline and not any(m.get("type") == "verified" for m in said):
            said += client.poll()
            time.sleep(0.05)
    finally:
        client.close()
    verified = next(m for m in said if m.get("type") == "verified")
    assert verified["accepted"] is False
    assert verified["reason"].startswith("gemeldeter Wert für Endverlust: 0,25, aber der Lauf auf dem Server ergibt ")
    assert "." not in verified["reason"].rsplit(" ", 1)[1]  # the server's loss, written the German way
