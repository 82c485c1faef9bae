"""systemd's notify protocol, in full: one datagram of text to the AF_UNIX socket named by
$NOTIFY_SOCKET ("@name" is Linux's abstract namespace). READY=1 once started, WATCHDOG=1
more often than WatchdogSec, STATUS=... for `systemctl status`.

Twenty lines, so no dependency: the `sdnotify` package does the same and the `systemd`
bindings need libsystemd headers to build. Without $NOTIFY_SOCKET (not under systemd, or
Type=simple) every call does nothing.
"""

from __future__ import annotations

import os
import socket


class Notifier:
    def __init__(self, environ=os.environ) -> None:
        address = environ.get("NOTIFY_SOCKET", "")
        if address.startswith("@"):
            address = "\0" + address[1:]
        self.address = address or None
        usec = environ.get("WATCHDOG_USEC", "")
        # systemd asks for a ping at least every WatchdogSec; send at half that, or every 5 s
        self.watchdog_interval = int(usec) / 2e6 if usec.isdigit() and int(usec) > 0 else 5.0
        self.sent: list[str] = []  # what went out (tests read it)

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def notify(self, message: str) -> bool:
        if self.address is None:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.sendto(message.encode("utf-8"), self.address)
        except OSError:
            return False
        self.sent.append(message)
        return True

    def ready(self, status: str = "") -> bool:
        return self.notify("READY=1" + (f"\nSTATUS={status}" if status else ""))

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")

    def status(self, text: str) -> bool:
        return self.notify(f"STATUS={text}")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")
