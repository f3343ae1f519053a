"""``kiosk staff ...``: manage staff and technician PINs from a shell.

``add-pin`` reads the PIN twice from standard input without echo (when it is a terminal; from a
pipe it reads two lines, for scripted installs).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import termios
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from kiosk.commands.context import CommandContext, Subparsers
from kiosk.config import ConfigError
from kiosk.errors import KioskError
from kiosk.settings_store import load_config
from kiosk.staff.pins import PinStore, Role, pin_path


def register(subparsers: Subparsers, ctx: CommandContext) -> None:
    """Add ``staff`` with its sub-commands to the ``kiosk`` command line."""
    staff = subparsers.add_parser("staff", help="manage staff and technician PINs")
    # SUPPRESS: never overwrite the main parser's global --config with None
    staff.add_argument(
        "--config",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="settings file (default: $KIOSK_CONFIG, else /etc/ward-kiosk/kiosk.toml)",
    )
    staff.add_argument("--pin-file", metavar="FILE", help="PIN file (default: in data_dir)")
    sub = staff.add_subparsers(dest="staff_command", required=True)
    add = sub.add_parser("add-pin", help="add a PIN (asked twice, not echoed)")
    add.add_argument("--role", choices=[r.value for r in Role], required=True)
    add.add_argument("--label", required=True, help="who holds it, e.g. a name or 'Quầy 2'")
    sub.add_parser("list", help="list PIN holders (ids, labels, roles)")
    rm = sub.add_parser("remove", help="remove a PIN by staff id")
    rm.add_argument("staff_id")
    sub.add_parser("unlock", help="clear a PIN-pad lockout")
    staff.set_defaults(func=run)


def run(args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        path = (
            Path(args.pin_file)
            if args.pin_file
            else pin_path(load_config(getattr(args, "config", None)).data_dir)
        )
    except ConfigError as exc:
        print(f"error: {exc.detail}", file=stdout)
        return 2
    try:
        return _command(args, PinStore(path), stdin, stdout)
    except KioskError as exc:
        print(f"error: {exc.message('en')} ({exc.detail})", file=stdout)
        return 1
    finally:
        give_to_directory_owner(path)


def _command(args: argparse.Namespace, store: PinStore, stdin: TextIO, stdout: TextIO) -> int:
    if args.staff_command == "add-pin":
        pin = read_secret("PIN: ", stdin, stdout)
        again = read_secret("PIN again: ", stdin, stdout)
        if pin != again:
            print("error: the two PINs differ; nothing saved", file=stdout)
            return 1
        member = store.add(Role(args.role), args.label, pin)
        print(f"added {member.staff_id} ({member.role.value})", file=stdout)
    elif args.staff_command == "list":
        for m in store.members():
            print(f"{m.staff_id}\t{m.role.value}\t{m.label}", file=stdout)
    elif args.staff_command == "remove":
        if not store.remove(args.staff_id):
            print(f"error: no PIN with id {args.staff_id}", file=stdout)
            return 1
        print(f"removed {args.staff_id}", file=stdout)
    elif args.staff_command == "unlock":
        store.unlock()
        print("PIN pad unlocked", file=stdout)
    return 0


def give_to_directory_owner(path: Path) -> None:
    """Run as root (``sudo kiosk staff ...``), hand the PIN file and its lock file to the owner
    of the data directory, so the kiosk user can still read and update them."""
    if os.geteuid() != 0:
        return
    try:
        owner = path.parent.stat()
    except OSError:
        return
    for p in (path, path.with_name(path.name + ".lock")):
        with contextlib.suppress(FileNotFoundError):
            os.chown(p, owner.st_uid, owner.st_gid)


def read_secret(prompt: str, stdin: TextIO, stdout: TextIO) -> str:
    """One line from ``stdin``, not echoed when it is a terminal."""
    stdout.write(prompt)
    stdout.flush()
    with _no_echo(stdin):
        line = stdin.readline()
    if stdin.isatty():
        stdout.write("\n")
    return line.rstrip("\r\n")


@contextlib.contextmanager
def _no_echo(stream: TextIO) -> Iterator[None]:
    if not stream.isatty():
        yield
        return
    fd = stream.fileno()
    old = termios.tcgetattr(fd)
    new = list(old)
    new[3] = new[3] & ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSAFLUSH, new)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSAFLUSH, old)
