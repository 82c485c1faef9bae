"""Join a class from the real game window (offscreen SDL) against a real class server process:
title -> Join a class -> code + made-up nickname -> a challenge level -> its run is verified by the
server; then the server dies, a run waits offline, the server comes back and the client rejoins
with its token and sends it. With DOWNHILL_SHOTS=DIR it saves the scene at 1280x720 and 1920x1080."""

from __future__ import annotations

import csv
import io
import os
import sys
import time
from pathlib import Path

import pygame
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

from classproc import ServerProcess  # noqa: E402
from game_driver import center, click, frames, key, open_app, pixels  # noqa: E402

pytestmark = pytest.mark.e2e

NETWORK_WAIT_S = 60.0  # a bound on waiting for the client's thread, not a measurement


def frames_until(app, condition, what: str) -> None:
    deadline = time.monotonic() + NETWORK_WAIT_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        frames(app, 2)
        time.sleep(0.02)


def finish_run(app, scene) -> None:
    scene.advance_steps(scene.level.max_steps + 1)
    frames_until(app, lambda: app.stack.top is not scene, "the results")


def save(app, path: str) -> None:
    image = pixels(app).astype("uint8")
    surface = pygame.surfarray.make_surface(image.swapaxes(0, 1)[:, :, :3])
    pygame.image.save(surface, path)


def test_join_a_class_play_and_survive_a_server_restart(tmp_path):
    server = ServerProcess(f"sqlite:///{tmp_path / 'class.db'}", tmp_path, workers=0).start()
    made = server.create(levels=("wavy",))
    code, token = made["code"], made["teacher_token"]
    app = open_app(tmp_path / "save")
    shots = os.environ.get("DOWNHILL_SHOTS")
    try:
        frames(app, 2)
        click(app, *center(app.stack.top.class_button.rect))  # the title's "Join a class"
        scene = app.stack.top
        assert scene.name == "class"
        scene.address.value = ""
        click(app, *center(scene.address.rect))
        for ch in f"127.0.0.1:{server.port}":
            key(app, 0, text=ch)
        click(app, *center(scene.code.rect))
        for digit in code:  # the on-screen keys, as a finger or a pad would
            click(app, *center(scene.keys["123456789.0:".index(digit)].rect))
        assert scene.code.value == code
        nickname = scene.nickname.value  # the made-up one
        if shots:
            save(app, f"{shots}/game-join-1280.png")
        click(app, *center(scene.join_button.rect))
        frames_until(app, lambda: app.classroom.state == "joined" and scene.level_buttons, "the welcome")
        assert app.classroom.nickname == nickname

        click(app, *center(scene.level_buttons[0].rect))
        play = app.stack.top
        assert play.level.id == "wavy"
        finish_run(app, play)
        frames_until(app, lambda: app.classroom.verified == 1, "the server's answer")
        answer = app.classroom.log[0]
        assert answer["type"] == "verified" and answer["accepted"] is True
        assert answer["outcome"]["steps"] == play.result.outcome.steps
        text, good = app.stack.top.class_line()  # the results screen says what the server found
        assert good and f"{answer['outcome']['steps']} steps" in text
        if shots:
            frames(app, 2)
            save(app, f"{shots}/game-results-class-1280.png")

        # the server dies; a run finished now waits offline
        server.kill()
        frames_until(app, lambda: app.classroom.state == "offline", "the client to notice")
        app.stack.pop()  # results -> play
        play.reset()
        finish_run(app, play)
        assert app.classroom.waiting == 1
        text, good = app.stack.top.class_line()
        assert not good and "offline" in text
        server.start()
        frames_until(app, lambda: app.classroom.verified == 2, "the queued run after the restart")
        assert app.classroom.waiting == 0 and app.classroom.state == "joined"

        rows = list(csv.DictReader(io.StringIO(server.get(f"/api/sessions/{code}/results.csv", token).text)))
        assert [(r["nickname"], int(r["steps"])) for r in rows] == [(nickname, play.result.outcome.steps)] * 2

        app.stack.pop()  # results
        app.stack.pop()  # play -> the class scene
        frames(app, 3)
        assert app.stack.top is scene
        if shots:
            save(app, f"{shots}/game-class-1280.png")

        # offline again, a run finished, and the game quits: the next game sends it
        server.kill()
        frames_until(app, lambda: app.classroom.state == "offline", "the client to notice")
        app.open_level(play.level)
        finish_run(app, app.stack.top)
        steps = app.stack.top.play.result.outcome.steps
        app.close()
        server.start()
        app = open_app(tmp_path / "save")
        frames(app, 2)
        key(app, pygame.K_c)
        scene = app.stack.top
        assert scene.saved == {"code": code, "nickname": nickname, "pending": 1, "address": f"127.0.0.1:{server.port}"}
        assert scene.address.value == f"127.0.0.1:{server.port}"
        if shots:
            save(app, f"{shots}/game-rejoin-1280.png")
        click(app, *center(scene.rejoin_button.rect))
        frames_until(app, lambda: app.classroom.verified == 1, "the run the last game left")
        assert app.classroom.log[0]["accepted"] and app.classroom.waiting == 0
        rows = list(csv.DictReader(io.StringIO(server.get(f"/api/sessions/{code}/results.csv", token).text)))
        assert [int(r["steps"]) for r in rows] == [play.result.outcome.steps] * 2 + [steps]
        scene.leave()  # leaving on purpose forgets the saved class
        assert not (tmp_path / "save" / "class.json").exists()
    finally:
        app.close()
        server.stop()
    if shots:  # the same scene on a big screen
        big = open_app(tmp_path / "save-big", size=(1920, 1080))
        try:
            frames(big, 2)
            key(big, pygame.K_c)
            save(big, f"{shots}/game-join-1920.png")
        finally:
            big.close()
