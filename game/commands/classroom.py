"""`downhill class serve`: run the classroom server (dashboard, student sockets, re-simulation)."""

from __future__ import annotations

import ipaddress
import os
import secrets
import socket
import sys

from game.errors import CliError
from game.i18n import _
from game.i18n import number as shown

TOKEN_ENV = "DOWNHILL_CLASS_TOKEN"
DEFAULT_PORT = 8765


def register(subparsers) -> None:
    parser = subparsers.add_parser("class", help=_("run a classroom challenge server (dashboard + students)"),
                                   description=_("Classroom challenge sessions: a server with a web "
                                                 "dashboard for the teacher and a join code for students."))
    actions = parser.add_subparsers(dest="class_command", metavar=_("ACTION"))
    serve = actions.add_parser("serve", help=_("start the class server and print the dashboard address"),
                               description=_("Start the class server and print the dashboard address."))
    serve.add_argument("--host", default="127.0.0.1",
                       help=_("address to listen on (default 127.0.0.1; 0.0.0.0 for a classroom LAN)"))
    serve.add_argument("--port", default=str(DEFAULT_PORT), help=_("port (default {port})").format(port=DEFAULT_PORT))
    serve.add_argument("--db", metavar="URL", default=None,
                       help=_("database: sqlite:///FILE, a file path, or postgresql://... "
                              "(default: classroom.sqlite3 in the user-data folder)"))
    serve.add_argument("--admin-token", default=None,
                       help=_("token needed to create classes when not on loopback (or ${variable}; "
                              "default: a new one, printed)").format(variable=TOKEN_ENV))
    serve.add_argument("--expire-days", default="30", help=_("delete a class's data after this many days (default 30)"))
    serve.add_argument("--workers", default=None,
                       help=_("re-simulation processes (default: up to 4, one per core; 0 = threads)"))
    serve.set_defaults(func=serve_command)
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 1))
            return probe.getsockname()[0]
    except OSError:
        return socket.gethostname()


def _int(flag: str, text: str, lo: int, hi: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise CliError(_("{flag} {text!r} is not a whole number; expected {lo} to {hi}").format(
            flag=flag, text=text, lo=lo, hi=hi)) from None
    if not lo <= value <= hi:
        raise CliError(_("{flag} {value} is out of range; expected {lo} to {hi}").format(flag=flag, value=value, lo=lo, hi=hi))
    return value


def startup_lines(public: str, database: str, days: float, admin: str | None) -> list[str]:
    """What `downhill class serve` prints as it starts, in the teacher's language. The dashboard
    address stays the first line's last word (scripts and tests read it from there)."""
    lines = [_("Downhill class server: dashboard {url}").format(url=f"{public}/"),
             "  " + _("database: {database}; class data expires after {days} days").format(
                 database=database, days=shown(days))]
    if admin is None:
        lines.append("  " + _("only this computer can reach it; for a classroom LAN: {command}").format(
            command="downhill class serve --host 0.0.0.0"))
    else:
        lines.append("  " + _("admin token (needed to create a class): {token}").format(token=admin))
        lines.append("  " + _("teacher's link with the token: {url}").format(url=f"{public}/#admin={admin}"))
    return lines


def serve_command(args) -> int:
    import uvicorn

    from game.classroom.server import ClassConfig, create_app, default_workers
    from game.classroom.storage import StorageError, open_store

    port = _int("--port", args.port, 1, 65535)
    workers = default_workers() if args.workers is None else _int("--workers", args.workers, 0, 64)
    try:
        days = float(args.expire_days)
    except ValueError:
        raise CliError(_("--expire-days {text!r} is not a number").format(text=args.expire_days)) from None
    if not 0 < days <= 3650:
        raise CliError(_("--expire-days {text} is out of range; expected more than 0, up to 3650").format(text=args.expire_days))
    loopback = is_loopback(args.host)
    admin = args.admin_token or os.environ.get(TOKEN_ENV) or None
    if not loopback and admin is None:
        admin = secrets.token_urlsafe(18)
    shown_host = args.host if loopback or args.host not in ("0.0.0.0", "::") else lan_address()
    if ":" in shown_host:
        shown_host = f"[{shown_host}]"
    public = f"http://{shown_host}:{port}"
    try:
        store = open_store(args.db)
    except StorageError as error:
        raise CliError(str(error)) from None
    app = create_app(store, ClassConfig(public_url=public, admin_token=None if loopback else admin,
                                        lifetime_days=days, workers=workers))
    for line in startup_lines(public, store.description, days, None if loopback else admin):
        print(line, flush=True)
    uvicorn.run(app, host=args.host, port=port, log_level="warning", access_log=False,
                ws_max_size=1024 * 1024, ws_per_message_deflate=False)
    return 0
