"""The dashboard in a real browser: Playwright driving Debian's Chromium (never a downloaded one).
Create a class on the page, see a student join and a run arrive live, download the CSV, open the
projector view. With DOWNHILL_SHOTS=DIR it also saves screenshots at 1280x720 and 1920x1080."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import re
import threading
from pathlib import Path

import pytest
import websockets

from classproc import WAVY_GOOD, recv

pytestmark = pytest.mark.server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions"]
WAIT_MS = 30_000
JOIN_CODE = re.compile(r"^\d{3} \d{3}$")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian's `chromium` package); Playwright may not download one")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def play_in_thread(server, code: str, students: list[tuple[str, list[dict]]]) -> list:
    """Students join and send runs from their own thread and event loop (Playwright's sync API
    owns this one)."""
    answers: list = []

    async def one(nickname, runs):
        ws = await websockets.connect(f"{server.ws}/ws/play/{code}")
        await ws.send(json.dumps({"type": "join", "nickname": nickname}))
        answers.append(await recv(ws))
        for k, params in enumerate(runs):
            await ws.send(json.dumps({"type": "run", "id": f"{nickname.replace(' ', '_')}-{k}", "level": "wavy", "params": params}))
            answers.append(await recv(ws))
        await ws.close()

    async def main():
        await asyncio.gather(*(one(n, r) for n, r in students))

    thread = threading.Thread(target=lambda: asyncio.run(main()))
    thread.start()
    thread.join(60)
    return answers


def test_dashboard_create_join_live_run_csv_and_projector(browser, server, tmp_path):
    shots = os.environ.get("DOWNHILL_SHOTS")
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(server.base + "/")
    page.wait_for_selector("#create-form input[value=wavy]", timeout=WAIT_MS)
    page.check("#create-form input[value=parabola]")
    page.check("input[name=score][value=steps]")
    if shots:
        page.screenshot(path=f"{shots}/dashboard-setup-1280.png")
    page.click("#create")
    # (locators, not wait_for_function: the page's Content-Security-Policy forbids eval, as it should)
    page.locator("#join-code", has_text=JOIN_CODE).wait_for(timeout=WAIT_MS)
    code = page.inner_text("#join-code").replace(" ", "")
    assert code.isdigit() and len(code) == 6
    page.wait_for_selector("#status.good", timeout=WAIT_MS)

    answers = play_in_thread(server, code, [("Ada", [{**WAVY_GOOD, "mu": 0.9}])])
    assert [a["type"] for a in answers] == ["welcome", "verified"]
    steps = answers[1]["outcome"]["steps"]
    page.wait_for_selector("#players li:has-text('Ada')", timeout=WAIT_MS)
    page.wait_for_selector("#feed li:has-text('Ada')", timeout=WAIT_MS)
    assert f"{steps} steps" in page.inner_text("#feed li")
    page.wait_for_selector("#leaderboard tbody tr:has-text('Ada')", timeout=WAIT_MS)
    assert str(steps) in page.inner_text("#leaderboard tbody tr")

    with page.expect_download(timeout=WAIT_MS) as download:
        page.click("#csv")
    saved = tmp_path / "results.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text())))
    assert [(r["nickname"], r["level"], int(r["steps"])) for r in rows] == [("Ada", "wavy", steps)]

    if shots:
        more = [(f"Student {i:02d}", [{**WAVY_GOOD, "mu": mu}]) for i, mu in
                enumerate((0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.88, 0.92, 0.95, 0.97, 0.75))]
        more_answers = play_in_thread(server, code, more)
        assert all(a["type"] in ("welcome", "verified") for a in more_answers), more_answers
        page.locator("#feed li").nth(12).wait_for(timeout=WAIT_MS)
        page.locator("#leaderboard tbody tr").nth(12).wait_for(timeout=WAIT_MS)
        page.screenshot(path=f"{shots}/dashboard-1280.png")
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.screenshot(path=f"{shots}/dashboard-1920.png")

    projector = context.new_page()
    projector.on("pageerror", lambda error: errors.append(str(error)))
    projector.goto(f"{server.base}/projector#code={code}")
    projector.locator("#title", has_text="verified run").wait_for(timeout=WAIT_MS)
    assert "Ada" in projector.inner_text("#rows")
    if shots:
        for w, h in ((1280, 720), (1920, 1080)):
            projector.set_viewport_size({"width": w, "height": h})
            projector.wait_for_timeout(2500)  # mid-race, for the picture only
            projector.screenshot(path=f"{shots}/projector-{w}.png")
    assert errors == []
    context.close()


def test_off_loopback_the_page_takes_the_admin_link(browser, tmp_path):
    from classproc import ServerProcess

    proc = ServerProcess(f"sqlite:///{tmp_path / 'class.db'}", tmp_path, workers=0, extra=("--host", "0.0.0.0"),
                         env={"DOWNHILL_CLASS_TOKEN": "admin-link-token"}).start()
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        page.goto(proc.base + "/")  # without the link's token: refused in one line
        page.wait_for_selector("#admin-box:not([hidden])", timeout=WAIT_MS)
        page.click("#create")
        page.locator("#create-error", has_text="admin token").wait_for(timeout=WAIT_MS)
        page.goto(proc.base + "/#admin=admin-link-token")  # the link the server printed
        page.reload()
        page.wait_for_selector("#create-form input[value=wavy]", timeout=WAIT_MS)
        page.click("#create")
        page.locator("#join-code", has_text=JOIN_CODE).wait_for(timeout=WAIT_MS)
        page.locator("#join-address", has_text="http://").wait_for(timeout=WAIT_MS)  # from the server's hello
    finally:
        context.close()
        proc.stop()


def test_the_dashboard_speaks_the_teachers_language(browser, server):
    """A teacher in Berlin: the browser says Accept-Language de-DE, the page comes in German (its
    words, the script's, the level titles); the page's own choice switches it to French."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="de-DE")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.base + "/")
    page.wait_for_selector("#create-form input[value=wavy]", timeout=WAIT_MS)
    assert page.get_attribute("html", "lang") == "de"
    assert page.inner_text("#setup h1") == "Neue Challenge"
    assert page.inner_text("#create") == "Klasse starten"
    assert page.inner_text("#status") == "Wähle die Level und was zählt, dann starte die Klasse."
    assert "Gleiten" in page.inner_text("#level-choices")  # parabola's title, from the level catalog
    kinds = {level: page.inner_text(f"label.level:has(input[value={level}]) .dim")
             for level in ("wavy", "paris", "separate-line", "schedules")}
    assert kinds == {"wavy": "Kugel", "paris": "Netz", "separate-line": "Klassifikator", "schedules": "Labor"}
    shots = os.environ.get("DOWNHILL_SHOTS")
    if shots:
        page.screenshot(path=f"{shots}/dashboard-setup-de-1280.png")
    page.select_option("#lang", "fr")
    page.wait_for_selector("html[lang=fr]", timeout=WAIT_MS)
    page.locator("#setup h1", has_text="Nouveau défi").wait_for(timeout=WAIT_MS)
    assert errors == []
    context.close()


def test_the_projector_speaks_the_teachers_language(browser, server):
    """The projector opened in a German browser: the page's words, the script's (the race's
    title line, the axis, the board) and its numbers the German way; no hard-coded English."""
    session = server.create(levels=("wavy",))
    code, token = session["code"], session["teacher_token"]
    answers = play_in_thread(server, code, [("Ada", [{**WAVY_GOOD, "mu": 0.9}])])
    assert [a["type"] for a in answers] == ["welcome", "verified"]
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="de-DE")
    context.add_init_script(f"localStorage.setItem('downhill-class:{code}', {json.dumps(token)})")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server.base}/projector#code={code}")
    page.locator("#title", has_text="geprüfte Läufe: 1").wait_for(timeout=WAIT_MS)
    assert page.get_attribute("html", "lang") == "de" and page.title() == "Downhill · Beamer"
    assert page.inner_text(".proj-board h2") == "Rangliste" and "Ada" in page.inner_text("#rows")
    assert page.inner_text("#title").startswith("Holperweg")  # the level's German title (Bumpy road)
    shots = os.environ.get("DOWNHILL_SHOTS")
    if shots:
        for w, h in ((1280, 720), (1920, 1080)):
            page.set_viewport_size({"width": w, "height": h})
            page.wait_for_timeout(2500)  # mid-race, for the picture only
            page.screenshot(path=f"{shots}/projector-de-{w}.png")
    assert errors == []
    context.close()


def test_the_teachers_error_lines_come_in_their_language(server):
    """The server's refusals that reach the dashboard follow Accept-Language (English without one)."""
    import urllib.error
    import urllib.request

    def refusal(language):
        headers = {"Authorization": "Bearer nope"} | ({"Accept-Language": language} if language else {})
        request = urllib.request.Request(server.base + "/api/sessions/123456/leaderboard", headers=headers)
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=10)
        return json.loads(caught.value.read())["error"]

    assert refusal("de-DE,de;q=0.9,en;q=0.5") == "falscher Klassencode oder falsches Lehrer-Token"
    assert refusal(None) == "wrong class code or teacher token"


def forge_in_thread(server, code: str, nickname: str, run_id: str) -> dict:
    """A German student's game claims 3 steps for a run that takes more: the server's answer."""
    answers: list = []

    async def main():
        ws = await websockets.connect(f"{server.ws}/ws/play/{code}?lang=de")
        await ws.send(json.dumps({"type": "join", "nickname": nickname}))
        await recv(ws, "welcome")
        await ws.send(json.dumps({"type": "run", "id": run_id, "level": "wavy", "params": WAVY_GOOD,
                                  "claim": {"steps": 3}}))
        answers.append(await recv(ws, "verified"))
        await ws.close()

    thread = threading.Thread(target=lambda: asyncio.run(main()))
    thread.start()
    thread.join(60)
    return answers[0]


def test_a_forged_runs_reason_reads_in_the_teachers_language(browser, server):
    """A German student forges a claim; the French teacher's dashboard says why the run was refused
    in French, for a run already there when the page opens (the hello) and one arriving live."""
    session = server.create(levels=("wavy",))
    code, token = session["code"], session["teacher_token"]
    before = forge_in_thread(server, code, "Ada", "ada-0")
    steps = before["outcome"]["steps"]
    assert before["accepted"] is False and before["reason"].startswith("gemeldeter Wert für Schritte: 3")
    french = f"valeur annoncée pour pas : 3, mais le calcul du serveur donne {steps}"
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR")
    context.add_init_script(f"localStorage.setItem('downhill-class:{code}', {json.dumps(token)})")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server.base}/#code={code}")
    page.locator("#feed li.refused", has_text="Ada").wait_for(timeout=WAIT_MS)
    assert page.get_attribute("html", "lang") == "fr"
    assert french in page.inner_text("#feed li.refused")
    forge_in_thread(server, code, "Quinn", "quinn-0")
    page.locator("#feed li.refused", has_text="Quinn").wait_for(timeout=WAIT_MS)
    live = page.locator("#feed li.refused", has_text="Quinn").inner_text()
    assert french in live and "claimed" not in live and "gemeldeter" not in live
    shots = os.environ.get("DOWNHILL_SHOTS")
    if shots:
        page.screenshot(path=f"{shots}/dashboard-forged-fr-1280.png")
    assert errors == []
    context.close()
