"""The game's link to a class: the client, what the server said, and the hand-off of finished
runs. The app holds one (or None); the class scene reads it; nothing here draws."""

from __future__ import annotations

import math
from pathlib import Path

from game.classroom.client import ClassClient
from game.sim.families import family_of
from game.i18n import _

LOG_LINES = 8
SAVE_NAME = "class.json"


def saved_path(app) -> Path:
    """The class file beside the player's saves (the user-data folder the store uses)."""
    return Path(app.store.path).parent / SAVE_NAME


def sent_params(level, result) -> dict:
    """What a run message carries: the controls the level's family has, the optimizer, and each
    of its Options (a width, an activation, an answer ...) as the run used them; the server
    re-simulates with exactly these."""
    family = family_of(level)
    keys = (*family.controls, "optimizer", *family.option_names())
    return {key: value for key, value in dict(result.params).items() if key in keys and value is not None}


def worded(message: str, fields: dict | None) -> str:
    """A status line from the client's thread in the player's language: a msgid with its fields,
    or the server's own words (already in the language the game asked for)."""
    if not message:
        return ""
    return _(message).format(**fields) if fields else _(message)


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
        self.last: dict[str, dict] = {}  # level id -> {"id": the last run sent, "answer": the server's reply}

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
                self.message = worded(message.get("message", ""), message.get("fields"))
            elif kind == "verified":
                self.verified += 1
                self._note(message)
            elif kind == "error":
                self.message = message.get("message", "")
                if message.get("id"):
                    self._note(message)
            elif kind == "state":
                self.message = (_("The teacher paused the challenge.") if message.get("paused") else
                                _("The class has ended.") if message.get("ended") else "")

    def _note(self, message: dict) -> None:
        if "level" not in message:  # a refusal names the run by its id only: the level it was for
            level = next((lv for lv, entry in self.last.items() if entry["id"] == message.get("id")), None)
            message = {**message, "level": level} if level else message
        self.log.insert(0, message)
        del self.log[LOG_LINES:]
        for entry in self.last.values():
            if entry["id"] == message.get("id"):
                entry["answer"] = message

    def results_line(self, level_id: str) -> tuple[str, bool] | None:
        """One line for the results screen about the class's view of this level's last run:
        (text, good), or None when the run was not sent to a class."""
        entry = self.last.get(level_id)
        if entry is None:
            return None
        answer = entry["answer"]
        if answer is None:
            if self.state == "joined":
                return _("Sent to your class: the server is checking this run…"), True
            return _("Your class is offline: this run waits and is sent when it is back."), False
        if answer.get("type") == "verified" and answer.get("accepted"):
            return _("✓ Your class's server checked this run: {steps} steps, {stars} of 3 stars.").format(
                steps=answer["outcome"]["steps"], stars=answer["outcome"]["stars"]), True
        reason = answer.get("reason") or answer.get("message", "")
        return _("✗ Your class's server refused this run: {reason}").format(reason=reason), False

    def finished(self, level, result) -> bool:
        """A run the player just finished: sent (or queued) when the level is in the challenge,
        with its controls and the claim the game showed. Returns whether it was sent."""
        if level.id not in self.levels or self.state in ("refused", "closed"):
            return False  # not a challenge level, or the class is over for this player
        params = sent_params(level, result)
        o = result.outcome
        claim = {"status": o.status, "steps": int(o.steps), "cleared": bool(o.cleared), "stars": int(o.stars)}
        loss = float(o.loss)
        claim["loss"] = loss if math.isfinite(loss) else None
        run_id = self.client.submit(level.id, params, claim)
        self.last[level.id] = {"id": run_id, "answer": None}
        self.sent += 1
        return True

    def leave(self) -> None:
        """Leave the class on purpose: the saved token and queue go too."""
        self.client.close()
        self.client.forget()

    def close(self) -> None:
        """The game quits: the token and any unanswered runs stay saved for next time."""
        self.client.close()
