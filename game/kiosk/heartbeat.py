"""The game's side of the watchdog: one byte down a pipe the supervisor made.

    R  ready: the first frame is on the screen
    B  a beat: the frame loop is alive (at most every BEAT_SECONDS)
    X  staff left with the PIN: do not start another game

The pipe's write end is inherited by the child; its number is in DOWNHILL_KIOSK_HEARTBEAT_FD.
Writes never block the frame loop: the end is non-blocking and a full pipe drops the beat
(the supervisor is then behind, not the game). A vanished supervisor is ignored.
"""

from __future__ import annotations

import os
import time

ENV = "DOWNHILL_KIOSK_HEARTBEAT_FD"
READY, BEAT, STAFF_EXIT = b"R", b"B", b"X"
BEAT_SECONDS = 0.25


class Heartbeat:
    def __init__(self, fd: int | None, clock=time.monotonic) -> None:
        self.fd = fd
        self.clock = clock
        self.last = -float("inf")
        self.sent_ready = False
        if fd is not None:
            try:
                os.set_blocking(fd, False)
            except OSError:
                self.fd = None

    @classmethod
    def from_environment(cls, environ=os.environ) -> "Heartbeat":
        text = environ.get(ENV, "")
        return cls(int(text) if text.isdigit() else None)

    def _send(self, byte: bytes) -> None:
        if self.fd is None:
            return
        try:
            os.write(self.fd, byte)
        except BlockingIOError:
            pass  # the supervisor has not read for a while: it will see the next one
        except OSError:
            self.fd = None  # the supervisor is gone; the game goes on

    def beat(self) -> None:
        """Once per frame; sends R the first time, then B at most every BEAT_SECONDS."""
        if not self.sent_ready:
            self.sent_ready = True
            self._send(READY)
            self.last = self.clock()
            return
        now = self.clock()
        if now - self.last >= BEAT_SECONDS:
            self.last = now
            self._send(BEAT)

    def staff_exit(self) -> None:
        self._send(STAFF_EXIT)
