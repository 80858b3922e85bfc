"""A locked kiosk on a real X server survives the quit keys and Ctrl+C, lets staff out with the PIN,
and comes back on the welcome screen with its outbox intact after being killed (issue 18.2, 18.3).

``Supervisor`` plays the part of the systemd unit (``Restart=always``, ``RestartPreventExitStatus=4``):
the tests run where systemd cannot be asked to supervise a process. Everything is judged from
outside the kiosk: root-window captures, the process's exit status, the outbox file.
"""

from __future__ import annotations

import signal
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from reference_kiosk import api
from reference_kiosk.outbox import Outbox, load_or_create_key
from reference_kiosk.outbox.store import ItemState, Submission
from reference_kiosk.ports import SystemClock
from tests.integration.display.kiosk_process import start_kiosk
from tests.integration.display.screen_check import footer_shown, inspect_welcome, start_button
from tests.integration.display.xserver import Xvfb, wait_until

pytestmark = pytest.mark.integration

SIZE = (1366, 768)
PIN = "2468"
LOCKED = {"KIOSK_LOCKDOWN": "1", "KIOSK_STAFF_PIN": PIN, "KIOSK_HIDE_CURSOR": "1"}
OUT = Path(__file__).resolve().parents[3] / "reports" / "out" / "display"


class Supervisor:
    """Restart the kiosk whenever it ends, except with status 4 (staff's exit) or when stopped."""

    def __init__(self, start: Callable[[], subprocess.Popen[bytes]]) -> None:
        self._start = start
        self.proc = start()
        self.starts = 1
        self._stopping = False
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stopping:
            code = self.proc.wait()
            if self._stopping or code == 4:
                return
            self.proc = self._start()
            self.starts += 1

    def stop(self) -> int | None:
        self._stopping = True
        if self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM, as systemctl stop
        code = self.proc.wait(timeout=15)
        self._thread.join(timeout=15)
        return code


def _welcome(x: Xvfb) -> bool:
    return inspect_welcome(x.capture(), portrait=False).ok


def test_quit_keys_and_ctrl_c_leave_a_locked_kiosk_running_and_the_pin_lets_staff_out(tmp_path: Path) -> None:
    with Xvfb(SIZE) as x:
        kiosk = start_kiosk({**x.env, **LOCKED}, tmp_path / "state", 60)
        try:
            assert wait_until(lambda: _welcome(x), timeout=20)
            x.keys("Escape", "ctrl+q", "alt+F4", "ctrl+c", "ctrl+w")
            kiosk.send_signal(signal.SIGINT)  # Ctrl+C in the terminal that started it
            assert not wait_until(lambda: kiosk.poll() is not None, timeout=2)
            assert _welcome(x)
            x.keys("ctrl+alt+shift+k")
            x.keys(*PIN, "Return")
            assert wait_until(lambda: kiosk.poll() is not None, timeout=10)
            assert kiosk.returncode == 4
        finally:
            if kiosk.poll() is None:
                kiosk.kill()
            kiosk.wait(timeout=10)


def _submission() -> Submission:
    return Submission(
        token="t",
        dossier=api.DossierCreate(
            procedure_code="1.004222", case_code="C1", form={"note": "queued"}, attachments=[]
        ),
    )


def test_a_kiosk_killed_mid_session_comes_back_on_welcome_with_its_outbox(tmp_path: Path) -> None:
    state = tmp_path / "state"
    with Xvfb(SIZE) as x:
        keeper = Supervisor(lambda: start_kiosk({**x.env, **LOCKED}, state, 120))
        try:
            assert wait_until(lambda: _welcome(x), timeout=20)
            where = start_button(x.capture())
            assert where is not None
            x.click(*where)  # the citizen starts a session
            assert wait_until(lambda: footer_shown(x.capture(), portrait=False), timeout=10)
            x.save(OUT / "crash-1-session-open.png")
            key = load_or_create_key(state / "outbox.key")
            outbox = Outbox(state / "outbox.sqlite3", key, SystemClock())
            assert outbox.add("crash-test-item", _submission())  # a dossier waiting for the network
            outbox.close()
            first = keeper.proc
            first.send_signal(signal.SIGKILL)
            assert wait_until(lambda: keeper.starts == 2, timeout=10)
            assert wait_until(lambda: _welcome(x), timeout=20)
            x.save(OUT / "crash-2-restarted.png")
            assert first.returncode == -signal.SIGKILL
        finally:
            keeper.stop()
    outbox = Outbox(state / "outbox.sqlite3", key, SystemClock())
    try:
        item = outbox.item("crash-test-item")
        assert item is not None
        assert item.state is ItemState.PENDING
        assert outbox.load("crash-test-item").dossier.form == {"note": "queued"}
    finally:
        outbox.close()
