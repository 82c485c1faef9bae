"""`downhill class serve`: run the classroom server (dashboard, student sockets, re-simulation)."""

from __future__ import annotations

import ipaddress
import os
import secrets
import socket
import sys

from game.errors import CliError

TOKEN_ENV = "DOWNHILL_CLASS_TOKEN"
DEFAULT_PORT = 8765


def register(subparsers) -> None:
    parser = subparsers.add_parser("class", help="run a classroom challenge server (dashboard + students)",
                                   description="Classroom challenge sessions: a server with a web "
                                               "dashboard for the teacher and a join code for students.")
    actions = parser.add_subparsers(dest="class_command", metavar="ACTION")
    serve = actions.add_parser("serve", help="start the class server and print the dashboard address")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; 0.0.0.0 for a classroom LAN)")
    serve.add_argument("--port", default=str(DEFAULT_PORT), help=f"port (default {DEFAULT_PORT})")
    serve.add_argument("--db", metavar="URL", default=None,
                       help="database: sqlite:///FILE, a file path, or postgresql://... "
                            "(default: classroom.sqlite3 in the user-data folder)")
    serve.add_argument("--admin-token", default=None,
                       help=f"token needed to create classes when not on loopback (or ${TOKEN_ENV}; "
                            "default: a new one, printed)")
    serve.add_argument("--expire-days", default="30", help="delete a class's data after this many days (default 30)")
    serve.add_argument("--workers", default=None,
                       help="re-simulation processes (default: up to 4, one per core; 0 = threads)")
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
        raise CliError(f"{flag} {text!r} is not a whole number; expected {lo} to {hi}") from None
    if not lo <= value <= hi:
        raise CliError(f"{flag} {value} is out of range; expected {lo} to {hi}")
    return value


def serve_command(args) -> int:
    import uvicorn

    from game.classroom.server import ClassConfig, create_app, default_workers
    from game.classroom.storage import StorageError, open_store

    port = _int("--port", args.port, 1, 65535)
    workers = default_workers() if args.workers is None else _int("--workers", args.workers, 0, 64)
    try:
        days = float(args.expire_days)
    except ValueError:
        raise CliError(f"--expire-days {args.expire_days!r} is not a number") from None
    if not 0 < days <= 3650:
        raise CliError(f"--expire-days {args.expire_days} is out of range; expected more than 0, up to 3650")
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
    print(f"Downhill class server: dashboard {public}/", flush=True)
    print(f"  database: {store.description}; class data expires after {days:g} days", flush=True)
    if loopback:
        print("  only this computer can reach it; for a classroom LAN: downhill class serve --host 0.0.0.0",
              flush=True)
    else:
        print(f"  admin token (needed to create a class): {admin}", flush=True)
        print(f"  teacher's link with the token: {public}/#admin={admin}", flush=True)
    uvicorn.run(app, host=args.host, port=port, log_level="warning", access_log=False,
                ws_max_size=1024 * 1024, ws_per_message_deflate=False)
    return 0
