"""A real X server for the display tests: Xvfb at a given size, root-window captures, key presses.

    with Xvfb((1366, 768)) as x:          # Xvfb -displayfd: the server picks a free display
        image = x.capture()               # xwd -root, parsed here (Pillow cannot read XWD)
        x.keys("ctrl+q", "alt+F4")        # xdotool, as a keyboard on the kiosk would send them

The capture is what the X server shows, read with X's own tools: nothing of the kiosk's code
is involved, so a test on it proves what a citizen would see.
"""

from __future__ import annotations

import os
import struct
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PIL import Image

from tests.support.system import require_binary

__all__ = ["Xvfb", "parse_xwd", "wait_until"]

_XWD_HEADER = struct.Struct(">25I")


def wait_until(predicate: Callable[[], bool], timeout: float, step: float = 0.1) -> bool:
    """Poll a real process's outside effect (tests never sleep on their own clock)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        threading.Event().wait(step)
    return predicate()


def parse_xwd(data: bytes) -> Image.Image:
    """An XWD dump of a 24/32-bit TrueColor ZPixmap (what Xvfb's root window gives) as RGB."""
    fields = _XWD_HEADER.unpack_from(data)
    header_size, version, pixmap_format = fields[0], fields[1], fields[2]
    width, height, byte_order, bits_per_pixel, bytes_per_line = (
        fields[4], fields[5], fields[7], fields[11], fields[12],
    )  # fmt: skip
    red_mask, ncolors = fields[14], fields[19]
    if version != 7 or pixmap_format != 2 or bits_per_pixel not in (24, 32) or red_mask != 0xFF0000:
        raise ValueError(f"unsupported XWD (version {version}, format {pixmap_format}, {bits_per_pixel} bpp)")
    start = header_size + 12 * ncolors  # window name, then the colour map entries
    # LSBFirst stores blue first; Xvfb packs 24 bits per pixel at some widths, 32 at others.
    raw = {(0, 32): "BGRX", (1, 32): "XRGB", (0, 24): "BGR", (1, 24): "RGB"}[(byte_order, bits_per_pixel)]
    return Image.frombuffer("RGB", (width, height), data[start:], "raw", raw, bytes_per_line, 1)


class Xvfb:
    """One Xvfb server on a display number it chooses itself (no clash with other tests)."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        self.display = ""
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Xvfb:
        binary = require_binary("Xvfb", "xvfb")
        require_binary("xwd", "x11-apps")
        read, write = os.pipe()
        w, h = self.size
        self._proc = subprocess.Popen(
            [binary, "-displayfd", str(write), "-screen", "0", f"{w}x{h}x24", "-nolisten", "tcp", "-br"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as pipe:  # Xvfb writes the number once it accepts connections
            number = pipe.readline().strip()
        if not number:
            self.__exit__(None, None, None)
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            self._proc.wait(timeout=10)

    @property
    def env(self) -> dict[str, str]:
        """An environment for a child on this server (a real SDL video driver, not the tests' dummy)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("SDL_")}
        return {**env, "DISPLAY": self.display, "SDL_AUDIODRIVER": "dummy"}

    def capture(self) -> Image.Image:
        out = subprocess.run(
            ["xwd", "-root", "-silent", "-display", self.display], capture_output=True, check=True, timeout=20
        )
        return parse_xwd(out.stdout)

    def save(self, path: Path) -> Image.Image:
        image = self.capture()
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path)
        return image

    def keys(self, *combos: str) -> None:
        """Press key combinations (xdotool names: ``ctrl+q``, ``alt+F4``, ``Escape``)."""
        tool = require_binary("xdotool", "xdotool")
        for combo in combos:
            subprocess.run([tool, "key", "--clearmodifiers", combo], env=self.env, check=True, timeout=10)

    def click(self, x: int, y: int) -> None:
        tool = require_binary("xdotool", "xdotool")
        subprocess.run(
            [tool, "mousemove", "--sync", str(x), str(y), "click", "1"], env=self.env, check=True, timeout=10
        )
