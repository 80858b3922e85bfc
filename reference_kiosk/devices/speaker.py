"""``EspeakSpeaker``: the ``Speaker`` port through espeak-ng (``espeak-ng -v vi``).

Non-blocking and silent when espeak-ng is not installed: voice guidance helps, it never stops
the kiosk. The flow asks for a prompt by catalogue key (``voice.<screen>``); the text comes from
the same catalogues as the screen. A new prompt interrupts the one still speaking.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Callable, Sequence

from reference_kiosk.i18n import translator

__all__ = ["EspeakSpeaker"]

log = logging.getLogger(__name__)
_VOICES = {"vi": "vi", "en": "en"}
Spawn = Callable[[Sequence[str]], "subprocess.Popen[bytes]"]


def _spawn(argv: Sequence[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
    )


class EspeakSpeaker:
    def __init__(self, binary: str = "espeak-ng", spawn: Spawn = _spawn) -> None:
        self._binary = binary
        self._spawn = spawn
        self._path: str | None = None
        self._looked = False
        self._current: subprocess.Popen[bytes] | None = None

    @property
    def available(self) -> bool:
        if not self._looked:
            self._path, self._looked = shutil.which(self._binary), True
        return self._path is not None

    def say(self, prompt: str, lang: str) -> None:
        t = translator(lang if lang in _VOICES else "vi")
        if not t.has(prompt) or not self.available:
            return
        assert self._path is not None
        self.stop()
        try:
            self._current = self._spawn([self._path, "-v", _VOICES.get(lang, "vi"), t(prompt)])
        except OSError as exc:  # a broken install must never stop the kiosk
            log.warning("voice guidance unavailable: %s", type(exc).__name__)
            self._current = None

    def stop(self) -> None:
        if self._current is not None and self._current.poll() is None:
            self._current.terminate()
        self._current = None
