"""The game's link to a class: the client, what the server said, and the hand-off of finished
runs. The app holds one (or None); the class scene reads it; nothing here draws."""

from __future__ import annotations

import math
from pathlib import Path

from game.classroom.client import ClassClient

LOG_LINES = 8
SAVE_NAME = "class.json"


def saved_path(app) -> Path:
    """The class file beside the player's saves (the user-data folder the store uses)."""
    return Path(app.store.path).parent / SAVE_NAME


class ClassLink:
    def __init__(self, client: ClassClient):
        self.client = client
        self.nickname = client.nickname or ""
        self.levels: list[str] = []
        self.state = client.state
        self.message = ""
        self.log: list[dict] = []  # newest first: verified runs and refusals
        self.sent = 0
        self.verified = 0

    @property
    def code(self) -> str:
        return self.client.code

    @property
    def waiting(self) -> int:
        return self.client.waiting

    def pump(self) -> None:
        """Take what the client thread received (never waits)."""
        for message in self.client.poll():
            kind = message.get("type")
            if kind == "welcome":
                self.nickname = message.get("nickname", self.nickname)
                self.levels = list(message.get("levels", []))
            elif kind == "status":
                self.state = message["state"]
                self.message = message.get("message", "")
            elif kind == "verified":
                self.verified += 1
                self._note(message)
            elif kind == "error":
                self.message = message.get("message", "")
                if message.get("id"):
                    self._note(message)
            elif kind == "state":
                self.message = ("The teacher paused the challenge." if message.get("paused") else
                                "The class has ended." if message.get("ended") else "")

    def _note(self, message: dict) -> None:
        self.log.insert(0, message)
        del self.log[LOG_LINES:]

    def finished(self, level, result) -> bool:
        """A run the player just finished: sent (or queued) when the level is in the challenge,
        with its controls and the claim the game showed. Returns whether it was sent."""
        if level.id not in self.levels:
            return False
        params = {key: value for key, value in dict(result.params).items()
                  if key in ("eta", "mu", "x0", "optimizer") and value is not None}
        o = result.outcome
        claim = {"status": o.status, "steps": int(o.steps), "cleared": bool(o.cleared), "stars": int(o.stars)}
        loss = float(o.loss)
        claim["loss"] = loss if math.isfinite(loss) else None
        self.client.submit(level.id, params, claim)
        self.sent += 1
        return True

    def leave(self) -> None:
        """Leave the class on purpose: the saved token and queue go too."""
        self.client.close()
        self.client.forget()

    def close(self) -> None:
        """The game quits: the token and any unanswered runs stay saved for next time."""
        self.client.close()
