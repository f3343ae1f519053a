"""Pointer and key input through the X server (XTEST, by ``xdotool``): what a touch screen or
a keyboard-mode QR scanner sends, with no shortcut into Qt."""

from __future__ import annotations

import shutil
import subprocess

XDOTOOL_TIMEOUT_S = 10


class XInputError(RuntimeError):
    """xdotool is missing or failed (the walkthrough needs a real X display)."""


def _xdotool(*args: str) -> None:
    exe = shutil.which("xdotool")
    if exe is None:
        raise XInputError("xdotool is not installed (scripts/system-packages.txt)")
    try:
        done = subprocess.run(
            [exe, *args], capture_output=True, text=True, timeout=XDOTOOL_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise XInputError(f"xdotool {args[0]} did not answer") from exc
    if done.returncode != 0:
        raise XInputError(f"xdotool {args[0]} failed: {done.stderr.strip()[:200]}")


def tap(x: int, y: int) -> None:
    """A finger's press and release at screen position (x, y)."""
    # (no --sync: it waits forever when the pointer is already there)
    _xdotool("mousemove", str(x), str(y), "sleep", "0.01", "click", "1")


def drag(x: int, y: int, to_x: int, to_y: int, steps: int = 8, *, flick: bool = True) -> None:
    """A finger put down at (x, y), moved to (to_x, to_y) and lifted (a scroll). Without
    ``flick`` the finger rests before it lifts, so the list stops where it was put."""
    args = ["mousemove", str(x), str(y), "sleep", "0.01", "mousedown", "1"]
    for i in range(1, steps + 1):
        px = x + (to_x - x) * i // steps
        py = y + (to_y - y) * i // steps
        args += ["mousemove", str(px), str(py), "sleep", "0.02"]
    if not flick:
        args += ["sleep", "0.3"]
    args += ["mouseup", "1"]
    _xdotool(*args)


def scan(text: str) -> None:
    """What a keyboard-mode 2D scanner sends for a QR code: the text typed fast, then Enter."""
    _xdotool("type", "--delay", "4", "--", text)
    _xdotool("key", "Return")


def press(x: int, y: int) -> None:
    """A finger put down on (x, y) and kept there (until :func:`release`)."""
    _xdotool("mousemove", str(x), str(y), "sleep", "0.01", "mousedown", "1")


def release() -> None:
    _xdotool("mouseup", "1")


def move(x: int, y: int) -> None:
    """The finger (down or not) moved to (x, y)."""
    _xdotool("mousemove", str(x), str(y))
