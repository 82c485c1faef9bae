"""The class server: a Starlette app (REST + WebSockets + the dashboard's files) over a Store.

    app = create_app(store, ClassConfig(public_url="http://127.0.0.1:8765"))
    uvicorn.run(app, ...)          # `downhill class serve` does this

Students talk on /ws/play/{code}; the dashboard on /ws/teacher/{code} and the REST API under
/api (see docs/classroom.md). Every run is re-simulated off the event loop (a process or thread
pool) and only the server's outcome is recorded. Storage calls run in worker threads.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import os
import secrets
import time
import uuid
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from multiprocessing import get_context

from anyio import to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from game import i18n
from game.i18n import N_
from game.classroom import messages, names, scores, verify, web_text
from game.classroom.storage import NicknameTaken, Store

RUNS_PER_SECOND = 5  # per player
WRONG_CODES_PER_MINUTE = 30  # per client address: guessing join codes gets slow
DEFAULT_LIFETIME_DAYS = 30.0
MAX_CHALLENGE_LEVELS = 20
PURGE_EVERY_S = 3600.0
PAGE_HEADERS = {  # the pages load only their own files and talk only to this server
    "Cache-Control": "no-cache",
    "Content-Security-Policy": "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' blob: data:; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
WEB_FILES = {"/": "index.html", "/projector": "projector.html", "/static/text.js": "text.js",
             "/static/dashboard.js": "dashboard.js", "/static/projector.js": "projector.js",
             "/static/style.css": "style.css"}


@dataclass
class ClassConfig:
    public_url: str = "http://127.0.0.1:8765"  # what students and the teacher type
    admin_token: str | None = None  # required to create sessions when not None (off loopback)
    lifetime_days: float = DEFAULT_LIFETIME_DAYS
    workers: int = 2  # re-simulation processes; 0 = a thread pool in this process


class RateLimit:
    """At most `count` events in any `window`-second window, per key."""

    def __init__(self, count: int = RUNS_PER_SECOND, clock=time.monotonic, window: float = 1.0):
        self.count = count
        self.window = window
        self.clock = clock
        self.seen: dict[object, collections.deque] = {}

    def _times(self, key) -> collections.deque:
        now = self.clock()
        times = self.seen.setdefault(key, collections.deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        return times

    def full(self, key) -> bool:
        return len(self._times(key)) >= self.count

    def allow(self, key) -> bool:
        times = self._times(key)
        if len(times) >= self.count:
            return False
        times.append(self.clock())
        return True


class Refusal(Exception):
    """A message refused in one line; fatal ones close the socket after saying so. `message` is a
    msgid with {fields}: `said(language)` words it in the reader's language (str(): English)."""

    def __init__(self, message: str, fatal: bool = False, run_id: str | None = None, **fields):
        super().__init__(message.format(**fields) if fields else message)
        self.msgid, self.fields = message, fields
        self.fatal = fatal
        self.run_id = run_id  # the run it refuses, when the run carried an id

    def said(self, language: str) -> str:
        return said_in(language, self.msgid, **self.fields)


def said_in(language: str, message: str, **fields) -> str:
    """A line for a student or teacher in their language (a msgid and its fields; a line that is
    no msgid, such as a schema error's, stays as it is)."""
    with i18n.using(language):
        text = i18n._(message)
        return text.format(**fields) if fields else text


def socket_language(socket: WebSocket) -> str:
    """The language of whoever is on a socket: ?lang= on its address (the game adds its own, the
    dashboard and projector theirs), else the browser's Accept-Language, else English."""
    return web_text.page_language(socket.query_params.get("lang"), socket.headers.get("accept-language"))


class ClassServer:
    def __init__(self, store: Store, config: ClassConfig):
        self.store = store
        self.config = config
        self.loop: asyncio.AbstractEventLoop | None = None
        self.pool: Executor | None = None
        self.teachers: dict[str, set[WebSocket]] = collections.defaultdict(set)
        self.students: dict[str, dict[WebSocket, dict]] = collections.defaultdict(dict)
        self.languages: dict[WebSocket, str] = {}  # each socket's reader's language (socket_language)
        self.rate = RateLimit()
        self.wrong_codes = RateLimit(WRONG_CODES_PER_MINUTE, window=60.0)
        self.level_list = [verify.level_summary(level) for level in verify.levels().values()]

    # -- life ---------------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lifespan(self, app):
        self.loop = asyncio.get_running_loop()
        if self.config.workers > 0:
            self.pool = ProcessPoolExecutor(self.config.workers, mp_context=get_context("spawn"))
        else:
            self.pool = ThreadPoolExecutor(4, thread_name_prefix="class-verify")
        await asyncio.gather(*(self.loop.run_in_executor(self.pool, verify.warm)
                               for _ in range(max(1, self.config.workers))))
        await to_thread.run_sync(self.store.listen, self._heard)
        purge = asyncio.create_task(self._purge_forever())
        try:
            yield
        finally:
            purge.cancel()
            self.pool.shutdown(wait=False, cancel_futures=True)
            await to_thread.run_sync(self.store.close)

    async def _purge_forever(self):
        while True:
            with contextlib.suppress(Exception):
                await to_thread.run_sync(self.store.purge_expired)
            await asyncio.sleep(PURGE_EVERY_S)

    async def db(self, fn, *args, **kwargs):
        return await to_thread.run_sync(lambda: fn(*args, **kwargs))

    # -- events: from any thread, to the sockets of this process ------------------------------

    def _heard(self, event: dict) -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(lambda: asyncio.ensure_future(self._dispatch(event)))

    async def _dispatch(self, event: dict) -> None:
        code = event.get("code")
        kind = event.get("kind")
        message = messages.dumps({"type": "event", **{k: v for k, v in event.items() if k != "code"}})
        for socket in list(self.teachers.get(code, ())):
            with contextlib.suppress(Exception):
                if kind == "run" and event["run"].get("reason"):  # a run's reason in each teacher's language
                    language = self.languages.get(socket, i18n.SOURCE_LANGUAGE)
                    run = {**event["run"], "reason": verify.reason_said(event["run"]["reason"], language)}
                    await socket.send_text(messages.dumps({"type": "event", **{k: v for k, v in event.items() if k != "code"}, "run": run}))
                else:
                    await socket.send_text(message)
        students = self.students.get(code, {})
        if kind == "removed":
            for socket, player in list(students.items()):
                if player.get("id") == event.get("player_id"):
                    await self._close(socket, N_("the teacher removed you from this class"))
        elif kind == "deleted":
            for socket in list(students):
                await self._close(socket, N_("the teacher deleted this class"))
            for socket in list(self.teachers.get(code, ())):
                with contextlib.suppress(Exception):
                    await socket.close(4410)
        elif kind == "state":
            session = event["session"]
            note = messages.dumps({"type": "state", "paused": session["paused"], "locked": session["locked"],
                                   "ended": session["ended"]})
            for socket in list(students):
                with contextlib.suppress(Exception):
                    await socket.send_text(note)

    async def _close(self, socket: WebSocket, line: str, **fields) -> None:
        """Say `line` (a msgid, worded in the socket's language) and close the socket."""
        text = said_in(self.languages.get(socket, i18n.SOURCE_LANGUAGE), line, **fields)
        with contextlib.suppress(Exception):
            await socket.send_text(messages.dumps({"type": "error", "message": text, "fatal": True}))
            await socket.close(4403)

    # -- students -----------------------------------------------------------------------------

    async def play(self, socket: WebSocket) -> None:
        code = socket.path_params["code"]
        await socket.accept()
        me: dict = {}
        language = self.languages[socket] = socket_language(socket)
        try:
            while True:
                data = await socket.receive()
                if data["type"] == "websocket.disconnect":
                    break
                text = data.get("text") if data.get("text") is not None else data.get("bytes") or b""
                try:
                    reply = await self._student_message(socket, code, me, text)
                except Refusal as refusal:
                    reply = {"type": "error", "message": refusal.said(language)}
                    if refusal.fatal:
                        reply["fatal"] = True
                    if refusal.run_id:
                        reply["id"] = refusal.run_id
                    await socket.send_text(messages.dumps(reply))
                    if refusal.fatal:
                        await socket.close(4403)
                        break
                    continue
                if reply is not None:
                    await socket.send_text(messages.dumps(reply))
        except (WebSocketDisconnect, RuntimeError, OSError):
            pass
        finally:
            self.languages.pop(socket, None)
            if self.students.get(code, {}).pop(socket, None) is not None and not self.students[code]:
                self.students.pop(code, None)
            if me.get("player"):
                self._heard({"code": code, "kind": "left", "player_id": me["player"]["id"], "local": True})

    async def _student_message(self, socket: WebSocket, code: str, me: dict, text) -> dict | None:
        try:
            message = messages.parse(text, messages.CLIENT_TYPES)
        except messages.MessageError as error:
            raise Refusal(str(error)) from None
        kind = message["type"]
        if kind == "ping":
            return {"type": "pong"}
        if kind in ("join", "rejoin"):
            if me.get("player"):
                raise Refusal(N_("already in class {code} as {nickname}"), code=code, nickname=me["player"]["nickname"])
            return await self._join(socket, code, me, message)
        if not me.get("player"):
            raise Refusal("join first: send {\"type\": \"join\", \"nickname\": ...}")
        try:
            return await self._run(code, me, message, self.languages.get(socket, i18n.SOURCE_LANGUAGE))
        except Refusal as refusal:
            refusal.run_id = message.get("id")
            raise

    async def _join(self, socket: WebSocket, code: str, me: dict, message: dict) -> dict:
        address = socket.client.host if socket.client else "?"
        if self.wrong_codes.full(address):
            raise Refusal(N_("too many wrong join codes from this address; wait a minute"), fatal=True)
        session = await self.db(self.store.session, code) if code.isdigit() else None
        if session is None:
            self.wrong_codes.allow(address)
            raise Refusal(N_("no class with code {code!r}; check the code on the teacher's screen"), fatal=True,
                          code=code[:12])
        if session["ended"]:
            raise Refusal(N_("this class has ended"), fatal=True)
        if message["type"] == "rejoin":
            player = await self.db(self.store.player_by_token, code, message["token"])
            if player is None:
                raise Refusal(N_("that token is not one of this class's; join with a nickname"), fatal=True)
            if player["removed"]:
                raise Refusal(N_("the teacher removed you from this class"), fatal=True)
            token = message["token"]
            await self.db(self.store.publish, {"code": code, "kind": "joined", "player": player, "rejoin": True})
        else:
            if session["locked"]:
                raise Refusal(N_("the teacher has locked joining for this class"), fatal=True)
            try:
                nickname = names.clean(message["nickname"])
                player, token = await self.db(self.store.add_player, code, nickname)
            except names.NicknameError as error:
                raise Refusal(error.msgid, **error.fields) from None
            except NicknameTaken:
                raise Refusal(N_("nickname '{nickname}' is taken in this class; choose another"), nickname=nickname) from None
        me.update(player=player, token=token)
        self.students[code][socket] = player
        return {"type": "welcome", "token": token, "nickname": player["nickname"], "levels": session["levels"],
                "score": session["score"], "paused": session["paused"]}

    async def _run(self, code: str, me: dict, message: dict, language: str) -> dict:
        player = me["player"]
        session = await self.db(self.store.session, code)
        if session is None:
            raise Refusal(N_("this class no longer exists"), fatal=True)
        current = await self.db(self.store.player_by_token, code, me["token"])
        if current is None or current["removed"]:
            raise Refusal(N_("the teacher removed you from this class"), fatal=True)
        if session["ended"]:
            raise Refusal(N_("this class has ended; runs are no longer taken"))
        if session["paused"]:
            raise Refusal(N_("the teacher has paused the challenge; try again when it resumes"))
        level = message["level"]
        if level not in session["levels"]:
            raise Refusal(N_("level '{level}' is not part of this challenge ({levels})"), level=level,
                          levels=", ".join(session["levels"]))
        client_id = message.get("id") or f"server-{uuid.uuid4().hex}"
        if "id" in message:
            known = await self.db(self.store.run_by_client_id, player["id"], client_id)
            if known is not None:
                return self._verified(known, client_id, language)
        if not self.rate.allow((code, player["id"])):
            raise Refusal(N_("too many runs: at most {count} a second; this one was not counted"), count=RUNS_PER_SECOND)
        try:
            result = await self.loop.run_in_executor(self.pool, verify.verify, level, message["params"], language)
        except verify.RunRefused as error:  # worded by the worker in the student's language
            raise Refusal(str(error)) from None
        problem = verify.claim_problem(message.get("claim"), result["outcome"])
        run, _ = await self.db(self.store.add_run, code, player, client_id, level, result["params"],
                               result["outcome"], problem is None, problem or "", result["trajectory"])
        return self._verified(run, client_id, language)

    @staticmethod
    def _verified(run: dict, client_id: str, language: str) -> dict:
        reply = {"type": "verified", "id": client_id, "level": run["level"], "accepted": run["accepted"],
                 "outcome": {key: run[key] for key in ("status", "steps", "loss", "cleared", "stars")}}
        if run["reason"]:
            reply["reason"] = verify.reason_said(run["reason"], language)
        return reply

    # -- the dashboard's socket ----------------------------------------------------------------

    async def teacher(self, socket: WebSocket) -> None:
        code = socket.path_params["code"]
        await socket.accept()
        self.languages[socket] = socket_language(socket)
        try:
            first = await socket.receive_text()
            try:
                message = messages.parse(first, messages.TEACHER_TYPES)
                if message["type"] != "teacher":
                    raise messages.MessageError("send {\"type\": \"teacher\", \"token\": ...} first")
            except messages.MessageError as error:
                await self._close(socket, str(error))
                return
            if not (code.isdigit() and await self.db(self.store.teacher_ok, code, message["token"])):
                await self._close(socket, N_("wrong class code or teacher token"))
                return
            self.teachers[code].add(socket)
            hello = await self.snapshot(code, self.languages[socket])
            await socket.send_text(messages.dumps({"type": "hello", **hello}))
            while True:
                text = await socket.receive_text()
                try:
                    if messages.parse(text, messages.TEACHER_TYPES)["type"] == "ping":
                        await socket.send_text(messages.dumps({"type": "pong"}))
                except messages.MessageError as error:
                    await socket.send_text(messages.dumps({"type": "error", "message": str(error)}))
        except (WebSocketDisconnect, RuntimeError, OSError):
            pass
        finally:
            self.languages.pop(socket, None)
            self.teachers.get(code, set()).discard(socket)

    async def snapshot(self, code: str, language: str) -> dict:
        """The class as the dashboard shows it, each run's reason in the reader's `language`."""
        session = await self.db(self.store.session, code)
        players = await self.db(self.store.players, code)
        runs = await self.db(self.store.runs, code)
        for run in runs:
            if run.get("reason"):
                run["reason"] = verify.reason_said(run["reason"], language)
        online = {p["id"] for p in self.students.get(code, {}).values()}
        for p in players:
            p["online"] = p["id"] in online
        return {"session": session, "players": players, "runs": runs,
                "leaderboard": scores.leaderboard(session, runs, players), "join": self.config.public_url}

    # -- REST ---------------------------------------------------------------------------------

    async def info(self, request: Request) -> Response:
        language = web_text.page_language(request.query_params.get("lang"), request.headers.get("accept-language"))
        with i18n.using(language):  # level and chapter titles in the teacher's language (ids stay)
            levels = [{**level, "title": i18n._(level["title"]), "chapter": i18n._(level["chapter"])}
                      for level in self.level_list]
        return JSONResponse({"admin_required": self.config.admin_token is not None,
                             "join": self.config.public_url, "levels": levels,
                             "scores": list(scores.SCORES), "leaderboards": list(scores.LEADERBOARD_MODES)})

    async def _body(self, request: Request) -> dict:
        body = await request.body()
        if len(body) > messages.MAX_BYTES:
            raise Refusal(f"request of {len(body)} bytes is over the {messages.MAX_BYTES}-byte limit")
        try:
            data = json.loads(body or b"{}", parse_constant=messages._no_constant)
        except (ValueError, messages.MessageError) as error:
            raise Refusal(f"request is not JSON: {error}") from None
        if not isinstance(data, dict):
            raise Refusal("request is not a JSON object")
        return data

    async def create_session(self, request: Request) -> Response:
        if self.config.admin_token is not None:
            given = _bearer(request)
            if given is None:
                return _error(401, _said(request, N_("this server needs its admin token to create a class (Authorization: Bearer ...)")))
            if not secrets.compare_digest(given, self.config.admin_token):
                return _error(403, _said(request, N_("wrong admin token")))
        try:
            data = await self._body(request)
        except Refusal as refusal:
            return _error(400, str(refusal))
        known = {level["id"] for level in self.level_list}
        levels = data.get("levels")
        if not isinstance(levels, list) or not levels or not all(isinstance(x, str) for x in levels):
            return _error(400, "levels: expected a non-empty list of level ids")
        if len(levels) > MAX_CHALLENGE_LEVELS:
            return _error(400, f"levels: at most {MAX_CHALLENGE_LEVELS} in one challenge")
        unknown = [x for x in levels if x not in known]
        if unknown:
            return _error(400, f"levels: unknown level {unknown[0][:40]!r}")
        levels = list(dict.fromkeys(levels))
        score = data.get("score", "steps")
        if score not in scores.SCORES:
            return _error(400, f"score: expected one of {', '.join(scores.SCORES)}")
        board = data.get("leaderboard", "live")
        if board not in scores.LEADERBOARD_MODES:
            return _error(400, f"leaderboard: expected one of {', '.join(scores.LEADERBOARD_MODES)}")
        extra = sorted(set(data) - {"levels", "score", "leaderboard"})
        if extra:
            return _error(400, f"unknown field {extra[0][:40]!r}; expected levels, score, leaderboard")
        session, token = await self.db(self.store.create_session, levels, score, board,
                                       self.config.lifetime_days * 86400.0)
        return JSONResponse({"code": session["code"], "teacher_token": token,
                             "dashboard": f"{self.config.public_url}/#code={session['code']}",
                             "join": self.config.public_url, "expires": session["expires"]}, status_code=201)

    async def _teacher_session(self, request: Request) -> dict | Response:
        token = _bearer(request)
        if token is None:
            return _error(401, "needs Authorization: Bearer <teacher token>")
        code = request.path_params["code"]
        if not (code.isdigit() and await self.db(self.store.teacher_ok, code, token)):
            return _error(403, _said(request, N_("wrong class code or teacher token")))
        session = await self.db(self.store.session, code)
        if session is None:
            return _error(403, _said(request, N_("this class has expired and its data is being deleted")))
        return session

    async def session_view(self, request: Request) -> Response:
        session = await self._teacher_session(request)
        if isinstance(session, Response):
            return session
        if request.method == "DELETE":
            await self.db(self.store.delete_session, session["code"])
            return JSONResponse({"deleted": session["code"]})
        language = web_text.page_language(request.query_params.get("lang"), request.headers.get("accept-language"))
        return JSONResponse(await self.snapshot(session["code"], language))

    async def leaderboard(self, request: Request) -> Response:
        session = await self._teacher_session(request)
        if isinstance(session, Response):
            return session
        code = session["code"]
        players = await self.db(self.store.players, code)
        runs = await self.db(self.store.runs, code, True)
        return JSONResponse({"code": code, "score": session["score"], "leaderboard": session["leaderboard"],
                             "ended": session["ended"], "rows": scores.leaderboard(session, runs, players)})

    async def results_csv(self, request: Request) -> Response:
        session = await self._teacher_session(request)
        if isinstance(session, Response):
            return session
        runs = await self.db(self.store.runs, session["code"], True)
        return Response(scores.results_csv(runs), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="downhill-class-{session["code"]}.csv"'})

    async def race(self, request: Request) -> Response:
        session = await self._teacher_session(request)
        if isinstance(session, Response):
            return session
        level = request.query_params.get("level") or session["levels"][0]
        if level not in session["levels"]:
            return _error(400, f"level '{level[:40]}' is not part of this challenge")
        curve = await self.loop.run_in_executor(self.pool, verify.curve_samples, level)
        runs = await self.db(self.store.runs, session["code"], True, level, True)
        return JSONResponse({"level": curve, "runs": [{"id": r["id"], "nickname": r["nickname"],
                                                       "player_id": r["player_id"], "status": r["status"],
                                                       "steps": r["steps"], "loss": r["loss"],
                                                       "cleared": r["cleared"], "stars": r["stars"],
                                                       "eta": r["eta"], "mu": r["mu"], "x0": r["x0"],
                                                       "optimizer": r["optimizer"],
                                                       "trajectory": r["trajectory"]} for r in runs]})

    async def control(self, request: Request) -> Response:
        session = await self._teacher_session(request)
        if isinstance(session, Response):
            return session
        try:
            data = await self._body(request)
        except Refusal as refusal:
            return _error(400, str(refusal))
        code = session["code"]
        action = data.get("action")
        changes = {"lock": {"locked": True}, "unlock": {"locked": False}, "pause": {"paused": True},
                   "resume": {"paused": False}, "end": {"ended": True, "locked": True}}
        if action in changes:
            return JSONResponse(await self.db(self.store.update_session, code, **changes[action]))
        if action == "leaderboard":
            if data.get("mode") not in scores.LEADERBOARD_MODES:
                return _error(400, f"mode: expected one of {', '.join(scores.LEADERBOARD_MODES)}")
            return JSONResponse(await self.db(self.store.update_session, code, leaderboard=data["mode"]))
        if action == "remove":
            player = data.get("player")
            if not isinstance(player, int) or isinstance(player, bool):
                return _error(400, "player: expected a player id (a whole number)")
            if not await self.db(self.store.remove_player, code, player):
                return _error(404, _said(request, N_("no player {player} in class {code}"), player=player, code=code))
            return JSONResponse({"removed": player})
        return _error(400, "action: expected lock, unlock, pause, resume, end, leaderboard or remove")

    async def web_file(self, request: Request) -> Response:
        name = WEB_FILES[request.url.path]
        path = resources.files("game.classroom").joinpath("web", name)
        if name in web_text.TRANSLATED_PAGES:  # in the teacher's language (?lang=, else Accept-Language)
            language = web_text.page_language(request.query_params.get("lang"), request.headers.get("accept-language"))
            page = web_text.translate_page(path.read_text(encoding="utf-8"), language)
            return HTMLResponse(page, headers={**PAGE_HEADERS, "Vary": "Accept-Language", "Content-Language": language})
        return FileResponse(str(path), headers=PAGE_HEADERS)

    async def text(self, request: Request) -> Response:
        """The dashboard script's words in one language: {English: translation}."""
        language = web_text.page_language(request.query_params.get("lang"), request.headers.get("accept-language"))
        return JSONResponse({"lang": language, "text": web_text.script_texts(language)},
                            headers={"Vary": "Accept-Language"})


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _said(request: Request, message: str, **fields) -> str:
    """A line for the teacher's dashboard in the teacher's language (?lang=, else Accept-Language)."""
    language = web_text.page_language(request.query_params.get("lang"), request.headers.get("accept-language"))
    with i18n.using(language):
        return i18n._(message).format(**fields)


def _error(status: int, line: str) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": line}, status_code=status, headers=headers)


def create_app(store: Store, config: ClassConfig | None = None) -> Starlette:
    server = ClassServer(store, config or ClassConfig())
    routes = [
        Route("/api/info", server.info),
        Route("/api/text", server.text),
        Route("/api/sessions", server.create_session, methods=["POST"]),
        Route("/api/sessions/{code}", server.session_view, methods=["GET", "DELETE"]),
        Route("/api/sessions/{code}/leaderboard", server.leaderboard),
        Route("/api/sessions/{code}/results.csv", server.results_csv),
        Route("/api/sessions/{code}/race", server.race),
        Route("/api/sessions/{code}/control", server.control, methods=["POST"]),
        WebSocketRoute("/ws/play/{code}", server.play),
        WebSocketRoute("/ws/teacher/{code}", server.teacher),
        *[Route(path, server.web_file) for path in WEB_FILES],
    ]
    app = Starlette(routes=routes, lifespan=server.lifespan)
    app.state.server = server
    return app


def default_workers() -> int:
    return max(1, min(4, (os.cpu_count() or 2)))
