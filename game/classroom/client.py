"""The game's side of a class: a websockets client on its own thread, talking to the frame loop
through queues, so the game never waits on the network.

    client = ClassClient("192.168.1.20:8765", "482915", nickname="Swift Otter 42").start()
    client.submit("wavy", {"eta": 0.05, "mu": 0.9, "x0": 5.0, "optimizer": "momentum"},
                  claim={"steps": 165, "cleared": True})
    for message in client.poll(): ...   # each frame: welcome, verified, error, state, status

Runs wait in an offline queue until the server has answered them; after a dropped connection the
client comes back with its token (rejoin) and sends what was not answered again, with the same
run ids, so nothing is lost and nothing counts twice. Sending is paced under the server's limit.

Words: the server says its refusals in the language the game asks for (?lang= on the socket's
address); the thread's own status lines are msgids with their fields ({"message", "fields"}),
worded by the frame loop (ClassLink), where the player's language is known.
"""

from __future__ import annotations

import asyncio
import collections
import json
import queue
import threading
import uuid
from pathlib import Path

from game import i18n
from game.i18n import N_

SEND_GAP_S = 0.25  # at most 4 runs a second: under the server's 5
RETRY_FIRST_S = 0.5
RETRY_MAX_S = 5.0
OPEN_TIMEOUT_S = 5.0


def play_url(address: str, code: str) -> str:
    """ws://HOST:PORT/ws/play/CODE from what a student types: host:port, or an http(s) address."""
    text = address.strip().rstrip("/")
    for prefix, scheme in (("https://", "wss://"), ("http://", "ws://"), ("wss://", "wss://"), ("ws://", "ws://")):
        if text.startswith(prefix):
            text = scheme + text[len(prefix):]
            break
    else:
        text = "ws://" + text
    return f"{text}/ws/play/{code}"


class ClassClient:
    """States: connecting, joined, offline (trying again), refused (the server said no for good),
    closed. `poll()` also yields {"type": "status", "state": ...} whenever the state changes."""

    def __init__(self, address: str, code: str, nickname: str | None = None, token: str | None = None,
                 save_to: Path | None = None, pending: list[str] | None = None, language: str | None = None):
        self.address = address
        self.language = language or i18n.language()  # the server words its refusals in it
        self.url = play_url(address, code) + f"?lang={self.language}"
        self.code = code
        self.save_to = save_to  # where the thread keeps token + queue, so a restarted game loses nothing
        self.nickname = nickname
        self.token = token
        self.state = "connecting"
        self.levels: list[str] = []
        self.inbox: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._pending: collections.OrderedDict[str, str] = collections.OrderedDict()  # id -> message
        self._stop = threading.Event()
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._main, name=f"class-client-{code}", daemon=True)
        for text in pending or ():
            message = json.loads(text)
            self._pending[message["id"]] = text

    @classmethod
    def from_saved(cls, path: Path) -> "ClassClient":
        """The class a previous game left (token and unanswered runs); ValueError if unreadable."""
        try:
            data = json.loads(path.read_text("utf-8"))
            return cls(str(data["address"]), str(data["code"]), nickname=data.get("nickname"),
                       token=str(data["token"]), save_to=path, pending=[str(t) for t in data.get("pending", [])])
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ValueError(f"cannot read the saved class {path}: {error}") from None

    @staticmethod
    def saved_summary(path: Path) -> dict | None:
        try:
            data = json.loads(path.read_text("utf-8"))
            return {"code": str(data["code"]), "nickname": str(data.get("nickname", "")),
                    "address": str(data.get("address", "")), "pending": len(data.get("pending", []))}
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _save(self) -> None:
        """Token and unanswered runs to disk (atomic); runs on the client's thread only."""
        if self.save_to is None or not self.token:
            return
        from game.store import write_atomic

        with self._lock:
            pending = list(self._pending.values())
        data = {"address": self.address, "code": self.code, "nickname": self.nickname, "token": self.token,
                "pending": pending}
        try:
            write_atomic(self.save_to, json.dumps(data).encode("utf-8"))
        except OSError as error:
            self.inbox.put({"type": "status", "state": self.state, "message": N_("cannot save the class queue: {error}"),
                            "fields": {"error": str(error)}})

    def forget(self) -> None:
        """The player left the class on purpose: drop what was saved."""
        if self.save_to is not None:
            try:
                self.save_to.unlink()
            except OSError:
                pass

    # -- the game's side (frame loop): never blocks -------------------------------------------

    def start(self) -> "ClassClient":
        self._thread.start()
        return self

    def submit(self, level: str, params: dict, claim: dict | None = None) -> str:
        run_id = uuid.uuid4().hex
        message = {"type": "run", "id": run_id, "level": level, "params": params}
        if claim:
            message["claim"] = claim
        with self._lock:
            self._pending[run_id] = json.dumps(message, allow_nan=False)
        self._poke()
        return run_id

    @property
    def waiting(self) -> int:
        """Runs not yet answered by the server (sent or queued offline)."""
        with self._lock:
            return len(self._pending)

    def poll(self) -> list[dict]:
        out = []
        while True:
            try:
                out.append(self.inbox.get_nowait())
            except queue.Empty:
                return out

    def close(self) -> None:
        self._stop.set()
        self._poke()
        if self._thread.is_alive():
            self._thread.join(timeout=3)
        if not self._thread.is_alive():
            self._save()  # what the thread may not have written yet (a run finished just now)
        self._set_state("closed")

    # -- the thread ---------------------------------------------------------------------------

    def _poke(self) -> None:
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None and not loop.is_closed():
            loop.call_soon_threadsafe(wake.set)

    def _set_state(self, state: str, message: str = "", **fields) -> None:
        """A new state, and what to say about it: the server's words, or a msgid with its fields."""
        if state != self.state or message:
            self.state = state
            self.inbox.put({"type": "status", "state": state, "message": message, "fields": fields})

    def _main(self) -> None:
        asyncio.run(self._run_forever())

    async def _run_forever(self) -> None:
        import websockets

        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        delay = RETRY_FIRST_S
        while not self._stop.is_set():
            try:
                async with websockets.connect(self.url, open_timeout=OPEN_TIMEOUT_S, max_size=2 ** 20) as ws:
                    if await self._session(ws):
                        return
                    delay = RETRY_FIRST_S
            except (OSError, asyncio.TimeoutError, websockets.WebSocketException) as error:
                if self.state == "refused":
                    return
                self._set_state("offline", N_("cannot reach the class server ({problem}); trying again"),
                                problem=type(error).__name__)
            if self._stop.is_set() or self.state == "refused":
                return
            try:
                await asyncio.wait_for(self._wake.wait(), delay)
            except asyncio.TimeoutError:
                pass
            self._wake.clear()
            await asyncio.to_thread(self._save)  # a run finished offline survives a restart of the game
            delay = min(RETRY_MAX_S, delay * 2)

    async def _session(self, ws) -> bool:
        """One connection: join or rejoin, resend what is pending, then talk. True = stop for good."""
        hello = {"type": "rejoin", "token": self.token} if self.token else {"type": "join", "nickname": self.nickname}
        await ws.send(json.dumps(hello))
        reply = json.loads(await ws.recv())
        if reply.get("type") != "welcome":
            self.inbox.put(reply)
            if reply.get("fatal"):
                self._set_state("refused", reply.get("message", ""))
                return True
            self._set_state("refused", reply.get("message", N_("the server did not let us in")))
            return True
        self.token = reply["token"]
        self.nickname = reply.get("nickname", self.nickname)
        self.levels = list(reply.get("levels", []))
        await asyncio.to_thread(self._save)
        self.inbox.put(reply)
        self._set_state("joined")
        sender = asyncio.create_task(self._send_pending(ws))
        try:
            async for text in ws:
                message = json.loads(text)
                if message.get("type") in ("verified", "error") and message.get("id"):
                    with self._lock:
                        self._pending.pop(message["id"], None)
                    await asyncio.to_thread(self._save)
                self.inbox.put(message)
                if message.get("type") == "error" and message.get("fatal"):
                    self._set_state("refused", message.get("message", ""))
                    return True
                if self._stop.is_set():
                    return True
        finally:
            sender.cancel()
        if self._stop.is_set():
            return True
        self._set_state("offline", "the connection dropped; trying again")
        return False

    async def _send_pending(self, ws) -> None:
        sent: set[str] = set()
        while not self._stop.is_set():
            with self._lock:
                todo = [(k, v) for k, v in self._pending.items() if k not in sent]
            if todo:
                await asyncio.to_thread(self._save)
            for run_id, text in todo:
                await ws.send(text)
                sent.add(run_id)
                await asyncio.sleep(SEND_GAP_S)
            self._wake.clear()
            with self._lock:
                more = any(k not in sent for k in self._pending)
            if not more:
                await self._wake.wait()
        await ws.close()
