"""Where a class's sessions, players and verified runs live: one small interface, two backends.

    store = open_store(None)                         # SQLite file in the user-data folder
    store = open_store("sqlite:///path/class.db")    # SQLite file of your choice
    store = open_store("postgresql://user@host/db")  # PostgreSQL (psycopg 3), many servers

Every method is plain blocking code (the server calls it from worker threads) and every write is
one transaction. Tokens are stored only as SHA-256 hashes. `publish` hands a small event (a dict
with "code") to every listener: in-process for SQLite; through NOTIFY for PostgreSQL, so a
listener in any server process on the same database hears it (LISTEN on CHANNEL).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from game.userdata import user_data_dir

DB_NAME = "classroom.sqlite3"
CHANNEL = "downhill_class"
CODE_DIGITS = 6
CODE_TRIES = 50

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    code TEXT PRIMARY KEY,
    teacher_hash TEXT NOT NULL,
    levels TEXT NOT NULL,
    score TEXT NOT NULL,
    leaderboard TEXT NOT NULL,
    locked INTEGER NOT NULL DEFAULT 0,
    paused INTEGER NOT NULL DEFAULT 0,
    ended INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS players (
    id {serial},
    code TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
    nickname TEXT NOT NULL,
    folded TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    removed INTEGER NOT NULL DEFAULT 0,
    joined REAL NOT NULL,
    UNIQUE (code, folded)
);
CREATE TABLE IF NOT EXISTS runs (
    id {serial},
    code TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
    player_id INTEGER NOT NULL REFERENCES players(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    level TEXT NOT NULL,
    eta REAL, mu REAL, x0 REAL, optimizer TEXT NOT NULL,
    status TEXT NOT NULL, steps INTEGER NOT NULL, loss REAL,
    cleared INTEGER NOT NULL, stars INTEGER NOT NULL,
    accepted INTEGER NOT NULL, reason TEXT NOT NULL DEFAULT '',
    trajectory TEXT NOT NULL DEFAULT '[]',
    created REAL NOT NULL,
    UNIQUE (player_id, client_id)
);
CREATE INDEX IF NOT EXISTS runs_by_code ON runs (code, id);
"""

RUN_COLUMNS = ("id", "player_id", "client_id", "level", "eta", "mu", "x0", "optimizer", "status",
               "steps", "loss", "cleared", "stars", "accepted", "reason", "created")
SESSION_COLUMNS = ("code", "levels", "score", "leaderboard", "locked", "paused", "ended", "created",
                   "expires")


class StorageError(ValueError):
    """A database URL that cannot be used, or a write the data forbids (one line)."""


class NicknameTaken(StorageError):
    pass


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


def fold(nickname: str) -> str:
    return nickname.casefold()


class Store:
    """The interface; subclasses say how to connect, what a placeholder is, how to notify."""

    placeholder = "?"
    serial = "INTEGER PRIMARY KEY AUTOINCREMENT"
    integrity_errors: tuple[type[BaseException], ...] = (sqlite3.IntegrityError,)
    description = "?"

    def __init__(self):
        self._lock = threading.RLock()
        self._listeners: list[Callable[[dict], None]] = []

    # -- plumbing ----------------------------------------------------------------------------

    def _sql(self, text: str) -> str:
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)

    def _rows(self, sql: str, args=()) -> list[tuple]:
        def read():
            cursor = self._conn.execute(self._sql(sql), args)
            rows = cursor.fetchall()
            self._commit()
            return rows

        with self._lock:
            return self._again_if_lost(read)

    def _again_if_lost(self, work):
        """Run `work()`; a backend whose connection can drop reconnects and runs it once more."""
        return work()

    def _commit(self) -> None:
        self._conn.commit()

    def _rollback(self) -> None:
        self._conn.rollback()

    def _write(self, statements: list[tuple[str, tuple]], event: dict | None = None) -> list[list[tuple]]:
        """Run statements in one transaction (plus the event's NOTIFY where the backend has it)."""
        def write():
            try:
                results = []
                for sql, args in statements:
                    cursor = self._conn.execute(self._sql(sql), args)
                    results.append(cursor.fetchall() if cursor.description else [])
                if event is not None:
                    self._notify_in_transaction(event)
                self._commit()
                return results
            except BaseException:
                try:
                    self._rollback()
                except Exception:  # the connection itself is gone: nothing to roll back
                    pass
                raise

        with self._lock:
            results = self._again_if_lost(write)
        if event is not None:
            self._after_commit(event)
        return results

    def _notify_in_transaction(self, event: dict) -> None:
        pass

    def _after_commit(self, event: dict) -> None:
        self._deliver(event)

    def _deliver(self, event: dict) -> None:
        for listener in list(self._listeners):
            listener(event)

    def listen(self, callback: Callable[[dict], None]) -> None:
        """Call `callback(event)` (from any thread) for every event published on this database."""
        self._listeners.append(callback)

    def publish(self, event: dict) -> None:
        self._write([], event)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- sessions -----------------------------------------------------------------------------

    def create_session(self, levels: list[str], score: str, leaderboard: str, lifetime_s: float,
                       now: float | None = None) -> tuple[dict, str]:
        now = time.time() if now is None else now
        token = new_token()
        for _ in range(CODE_TRIES):
            code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
            try:
                self._write([("INSERT INTO sessions (code, teacher_hash, levels, score, leaderboard, "
                              "created, expires) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              (code, token_hash(token), json.dumps(levels), score, leaderboard,
                               now, now + lifetime_s))])
            except self.integrity_errors:
                continue
            return self.session(code, now), token
        raise StorageError("no free join code found; delete some old sessions")

    def session(self, code: str, now: float | None = None) -> dict | None:
        """The session, or None when there is none or it has expired (its purge may be pending)."""
        now = time.time() if now is None else now
        rows = self._rows(f"SELECT {', '.join(SESSION_COLUMNS)} FROM sessions WHERE code = ? AND expires > ?",
                          (code, now))
        if not rows:
            return None
        session = dict(zip(SESSION_COLUMNS, rows[0]))
        session["levels"] = json.loads(session["levels"])
        for key in ("locked", "paused", "ended"):
            session[key] = bool(session[key])
        return session

    def teacher_ok(self, code: str, token: str) -> bool:
        rows = self._rows("SELECT teacher_hash FROM sessions WHERE code = ?", (code,))
        return bool(rows) and secrets.compare_digest(rows[0][0], token_hash(token))

    def update_session(self, code: str, **fields) -> dict | None:
        allowed = {"locked", "paused", "ended", "leaderboard"}
        sets = [(k, int(v) if isinstance(v, bool) else v) for k, v in fields.items() if k in allowed]
        if sets:
            self._write([(f"UPDATE sessions SET {', '.join(f'{k} = ?' for k, _ in sets)} WHERE code = ?",
                          (*[v for _, v in sets], code))])
        session = self.session(code)
        if session is not None:
            self.publish({"code": code, "kind": "state", "session": session})
        return session

    def delete_session(self, code: str) -> bool:
        # children first: SQLite enforces ON DELETE CASCADE only with foreign_keys on
        results = self._write([("DELETE FROM runs WHERE code = ?", (code,)),
                               ("DELETE FROM players WHERE code = ?", (code,)),
                               ("DELETE FROM sessions WHERE code = ? RETURNING code", (code,))],
                              {"code": code, "kind": "deleted"})
        return bool(results[-1])

    def purge_expired(self, now: float | None = None) -> list[str]:
        now = time.time() if now is None else now
        codes = [row[0] for row in self._rows("SELECT code FROM sessions WHERE expires <= ?", (now,))]
        for code in codes:
            self.delete_session(code)
        return codes

    # -- players ------------------------------------------------------------------------------

    def add_player(self, code: str, nickname: str, now: float | None = None) -> tuple[dict, str]:
        now = time.time() if now is None else now
        token = new_token()
        try:
            rows = self._write([("INSERT INTO players (code, nickname, folded, token_hash, joined) "
                                 "VALUES (?, ?, ?, ?, ?) RETURNING id", (code, nickname, fold(nickname),
                                                                          token_hash(token), now))])[0]
        except self.integrity_errors:
            raise NicknameTaken(f"nickname '{nickname}' is taken in this class; choose another") from None
        player = {"id": rows[0][0], "nickname": nickname, "removed": False, "joined": now}
        self.publish({"code": code, "kind": "joined", "player": player})
        return player, token

    def player_by_token(self, code: str, token: str) -> dict | None:
        rows = self._rows("SELECT id, nickname, removed, joined FROM players WHERE code = ? AND token_hash = ?",
                          (code, token_hash(token)))
        if not rows:
            return None
        return {"id": rows[0][0], "nickname": rows[0][1], "removed": bool(rows[0][2]), "joined": rows[0][3]}

    def players(self, code: str) -> list[dict]:
        rows = self._rows("SELECT id, nickname, removed, joined FROM players WHERE code = ? ORDER BY id", (code,))
        return [{"id": r[0], "nickname": r[1], "removed": bool(r[2]), "joined": r[3]} for r in rows]

    def remove_player(self, code: str, player_id: int) -> bool:
        rows = self._write([("UPDATE players SET removed = 1 WHERE code = ? AND id = ? RETURNING id",
                             (code, player_id))],
                           {"code": code, "kind": "removed", "player_id": player_id})[0]
        return bool(rows)

    # -- runs ---------------------------------------------------------------------------------

    def add_run(self, code: str, player: dict, client_id: str, level: str, params: dict, outcome: dict,
                accepted: bool, reason: str, trajectory: list, now: float | None = None) -> tuple[dict, bool]:
        """Record a re-simulated run once: (the run, False), or (the one already recorded under
        this player's client_id, True)."""
        existing = self.run_by_client_id(player["id"], client_id)
        if existing is not None:
            return existing, True
        now = time.time() if now is None else now
        run = {"player_id": player["id"], "client_id": client_id, "level": level,
               "eta": params.get("eta"), "mu": params.get("mu"), "x0": params.get("x0"),
               "optimizer": params.get("optimizer"), "status": outcome["status"], "steps": outcome["steps"],
               "loss": outcome["loss"], "cleared": bool(outcome["cleared"]), "stars": outcome["stars"],
               "accepted": bool(accepted), "reason": reason, "created": now}
        columns = [c for c in RUN_COLUMNS if c != "id"]
        values = [int(run[c]) if isinstance(run[c], bool) else run[c] for c in columns]
        event = {"code": code, "kind": "run", "run": {**run, "nickname": player["nickname"]}}
        try:
            with self._lock:
                rows = self._write([(f"INSERT INTO runs (code, {', '.join(columns)}, trajectory) VALUES "
                                     f"(?, {', '.join('?' for _ in columns)}, ?) RETURNING id",
                                     (code, *values, json.dumps(trajectory)))], None)[0]
                run["id"] = rows[0][0]
                event["run"]["id"] = run["id"]
                self.publish(event)
        except self.integrity_errors:
            existing = self.run_by_client_id(player["id"], client_id)
            if existing is None:
                raise
            return existing, True
        return run, False

    def run_by_client_id(self, player_id: int, client_id: str) -> dict | None:
        rows = self._rows(f"SELECT {', '.join(RUN_COLUMNS)} FROM runs WHERE player_id = ? AND client_id = ?",
                          (player_id, client_id))
        return _run(rows[0]) if rows else None

    def runs(self, code: str, accepted_only: bool = False, level: str | None = None,
             trajectories: bool = False) -> list[dict]:
        columns = [f"r.{c}" for c in RUN_COLUMNS] + ["p.nickname"] + (["r.trajectory"] if trajectories else [])
        sql = (f"SELECT {', '.join(columns)} FROM runs r JOIN players p ON p.id = r.player_id "
               "WHERE r.code = ?")
        args: list = [code]
        if accepted_only:
            sql += " AND r.accepted = 1"
        if level is not None:
            sql += " AND r.level = ?"
            args.append(level)
        out = []
        for row in self._rows(sql + " ORDER BY r.id", tuple(args)):
            run = _run(row[:len(RUN_COLUMNS)])
            run["nickname"] = row[len(RUN_COLUMNS)]
            if trajectories:
                run["trajectory"] = json.loads(row[len(RUN_COLUMNS) + 1])
            out.append(run)
        return out


def _run(row) -> dict:
    run = dict(zip(RUN_COLUMNS, row))
    for key in ("cleared", "accepted"):
        run[key] = bool(run[key])
    return run


class SQLiteStore(Store):
    def __init__(self, path: Path):
        super().__init__()
        self.description = f"SQLite {path}"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30,
                                         isolation_level="DEFERRED")
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a killed process loses nothing committed
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.executescript(SCHEMA.format(serial=self.serial))
            self._conn.commit()
        except (OSError, sqlite3.Error) as error:
            raise StorageError(f"cannot use the database file {path}: {error}") from None


class PostgresStore(Store):
    placeholder = "%s"
    serial = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"

    def __init__(self, url: str):
        super().__init__()
        import psycopg

        self.integrity_errors = (psycopg.errors.IntegrityError,)
        self._url = url
        self.description = f"PostgreSQL {_safe_url(url)}"
        try:
            self._conn = psycopg.connect(url)
        except psycopg.Error as error:
            raise StorageError(f"cannot connect to {_safe_url(url)}: {str(error).strip().splitlines()[0]}") from None
        schema = SCHEMA.format(serial=self.serial).replace(" REAL", " DOUBLE PRECISION")
        with self._lock:
            # many servers may start together: one creates the tables at a time
            self._conn.execute("SELECT pg_advisory_xact_lock(4242)")
            for statement in filter(str.strip, schema.split(";")):
                self._conn.execute(statement)
            self._conn.commit()
        self._stop = threading.Event()
        self._listener: threading.Thread | None = None

    def _again_if_lost(self, work):
        import psycopg

        try:
            return work()
        except psycopg.OperationalError:
            if not (self._conn.closed or self._conn.broken):
                raise  # a real error on a live connection
        # the database restarted or the network dropped: one new connection, one more try (every
        # write is safe to repeat: run ids are unique per player)
        try:
            self._conn = psycopg.connect(self._url)
        except psycopg.Error as error:
            raise StorageError(f"lost the database {_safe_url(self._url)}: {str(error).strip().splitlines()[0]}") from None
        return work()

    def _notify_in_transaction(self, event: dict) -> None:
        self._conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, json.dumps(event)))

    def _after_commit(self, event: dict) -> None:
        pass  # every process, this one included, hears it through LISTEN

    def listen(self, callback: Callable[[dict], None]) -> None:
        super().listen(callback)
        if self._listener is None:
            ready = threading.Event()
            self._listener = threading.Thread(target=self._listen_loop, args=(ready,), daemon=True,
                                              name="class-pg-listen")
            self._listener.start()
            ready.wait(10)

    def _listen_loop(self, ready: threading.Event) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self._url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    ready.set()
                    while not self._stop.is_set() and not (conn.closed or conn.broken):
                        for note in conn.notifies(timeout=0.5):
                            self._deliver(json.loads(note.payload))
                        conn.execute("SELECT 1")  # notices a dead connection (a restarted database)
            except psycopg.Error:
                ready.set()
                self._stop.wait(0.25)  # the database went away: try again soon

    def close(self) -> None:
        self._stop.set()
        if self._listener is not None:
            self._listener.join(timeout=3)
        super().close()


def _safe_url(url: str) -> str:
    parts = urlparse(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url


def default_path() -> Path:
    return user_data_dir() / DB_NAME


def open_store(url: str | None) -> Store:
    """A store for `url`: None (the user-data folder's SQLite file), sqlite:///PATH, a bare file
    path, or postgresql://... / postgres://..."""
    if url is None or url == "":
        return SQLiteStore(default_path())
    scheme = urlparse(url).scheme
    if scheme in ("postgresql", "postgres"):
        return PostgresStore(url)
    if scheme == "sqlite":
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else ""
        if not path:
            raise StorageError(f"--db {url}: no file named; expected sqlite:///class.db or sqlite:////abs/class.db")
        return SQLiteStore(Path(path).expanduser().absolute())
    if scheme == "" or len(scheme) == 1:  # a plain path (or a Windows drive letter)
        return SQLiteStore(Path(url).expanduser().absolute())
    raise StorageError(f"--db {url}: unknown kind of database; expected sqlite:///FILE or postgresql://...")
