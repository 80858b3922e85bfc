"""Start a private ``pcscd -f`` with the vpcd driver for the integration tier, and stop it after.

pcscd's client socket (/run/pcscd/pcscd.comm) is compiled in, so only one pcscd can run on the
machine. ``running_pcscd`` therefore takes an exclusive file lock (test sessions in other
processes wait their turn, with a deadline), refuses to touch a pcscd it did not start (it
reuses one that already shows the virtual reader, and skips otherwise), points pcscd at a
private reader.conf.d holding only vpcd (so the port is known), waits until pyscard lists
"Virtual PCD 00 00", and always terminates, then kills, the daemon it started.

Use the session fixture from a conftest::

    from tests.support.pcscd import pcscd  # noqa: F401  (re-exported fixture)
"""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.system import require, require_binary, require_module

__all__ = [
    "INHERITED_ENV",
    "READER_0",
    "PcscdInfo",
    "card_in_reader",
    "pcscd",
    "running_pcscd",
    "shared_pcscd",
    "vpcd_driver",
    "wait_until",
]

READER_0 = "Virtual PCD 00 00"
# Set by a test session that holds pcscd (and its lock) for a pytest it runs as a child process:
# the child uses that daemon as it is instead of waiting for a lock its parent never releases.
INHERITED_ENV = "KIOSK_TWIN_PCSCD_INHERITED"
VPCD_PORT = 35963
_LOCK = Path(tempfile.gettempdir()) / "kiosk-twin-pcscd.lock"
_DRIVER_CANDIDATES = (
    "/usr/lib/pcsc/drivers/serial/libifdvpcd.so",
    "/usr/lib/x86_64-linux-gnu/pcsc/drivers/serial/libifdvpcd.so",
    "/usr/local/lib/pcsc/drivers/serial/libifdvpcd.so",
)


def wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    """Poll a real daemon or process until ``predicate()`` holds or ``timeout`` seconds pass."""
    return _wait_for(predicate, time.monotonic() + timeout)


def card_in_reader(reader: str = READER_0) -> bool:
    """Whether pcscd reports a card in ``reader`` (connecting is the portable probe)."""
    from smartcard.Exceptions import CardConnectionException, NoCardException
    from smartcard.System import readers

    try:
        match = next(r for r in readers() if str(r) == reader)
    except StopIteration:
        return False
    except Exception:  # pcscd going away mid-call: the card is not usable either
        return False
    conn = match.createConnection()
    try:
        conn.connect()
    except (NoCardException, CardConnectionException):
        return False
    conn.disconnect()
    return True


@dataclass(frozen=True, slots=True)
class PcscdInfo:
    reader: str  # the virtual reader the card emulator fills (port ``port``)
    port: int
    started_here: bool
    log: Path | None


def vpcd_driver() -> str:
    """Where vsmartcard-vpcd put its driver (Debian's reader.conf.d entry names it)."""
    conf = Path("/etc/reader.conf.d/vpcd")
    if conf.exists():
        match = re.search(r"^LIBPATH\s+(\S+)", conf.read_text(), re.MULTILINE)
        if match and Path(match.group(1)).exists():
            return match.group(1)
    found = next((p for p in _DRIVER_CANDIDATES if Path(p).exists()), None)
    require(found is not None, "vpcd driver not found: install the Debian package vsmartcard-vpcd")
    assert found is not None
    return found


def _readers() -> list[str]:
    from smartcard.pcsc.PCSCExceptions import EstablishContextException, ListReadersException
    from smartcard.System import readers

    try:
        return [str(r) for r in readers()]
    except (EstablishContextException, ListReadersException):
        return []


def _wait_for(predicate: Callable[[], bool], deadline: float, step: float = 0.1) -> bool:
    while time.monotonic() < deadline:
        if predicate():
            return True
        threading.Event().wait(step)  # polling a real daemon; tests themselves never sleep
    return bool(predicate())


def _daemon_running() -> bool:
    pid_file = Path("/run/pcscd/pcscd.pid")
    if not pid_file.exists():
        return False
    try:
        os.kill(int(pid_file.read_text().strip() or "0"), 0)
    except (ValueError, ProcessLookupError, PermissionError):
        return False
    return True


@contextmanager
def _machine_lock(timeout: float) -> Iterator[None]:
    with _LOCK.open("a") as handle:
        got = _wait_for(lambda: _try_lock(handle.fileno()), time.monotonic() + timeout, 0.2)
        require(got, f"another test session held {_LOCK} for {timeout:.0f} s")
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@contextmanager
def running_pcscd(startup_timeout: float = 15.0, lock_timeout: float = 180.0) -> Iterator[PcscdInfo]:
    """A pcscd with the vpcd reader, for the duration of the block."""
    binary = require_binary("pcscd", "pcscd")
    require_module("smartcard")
    driver = vpcd_driver()
    if os.environ.get(INHERITED_ENV) == "1":
        require(READER_0 in _readers(), "the parent test session's pcscd does not list the virtual reader")
        yield PcscdInfo(READER_0, VPCD_PORT, started_here=False, log=None)
        return
    with _machine_lock(lock_timeout):
        if _daemon_running():
            # Not ours (a system service): use it if it has the virtual reader, never stop it.
            require(READER_0 in _readers(), "a pcscd not started by the tests runs without vpcd")
            yield PcscdInfo(READER_0, VPCD_PORT, started_here=False, log=None)
            return
        with tempfile.TemporaryDirectory(prefix="kiosk-twin-pcscd-") as tmp:
            conf = Path(tmp) / "reader.conf.d"
            conf.mkdir()
            (conf / "vpcd").write_text(
                f'FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:0x{VPCD_PORT:04X}\n'
                f"LIBPATH {driver}\nCHANNELID 0x{VPCD_PORT:04X}\n"
            )
            log = Path(tmp) / "pcscd.log"
            with log.open("wb") as out:
                proc = subprocess.Popen(
                    [binary, "--foreground", "--config", str(conf)], stdout=out, stderr=subprocess.STDOUT
                )
                try:
                    ready = _wait_for(lambda: READER_0 in _readers(), time.monotonic() + startup_timeout)
                    if not ready:
                        pytest.fail(
                            f"pcscd did not list {READER_0!r}: {log.read_text(errors='replace')[-2000:]}"
                        )
                    yield PcscdInfo(READER_0, VPCD_PORT, started_here=True, log=log)
                finally:
                    _stop(proc)


class _Shared:
    """One pcscd per test process, however many conftests request the session fixture."""

    stack: ExitStack | None = None
    info: PcscdInfo | None = None
    users = 0


@contextmanager
def shared_pcscd() -> Iterator[PcscdInfo]:
    if _Shared.stack is None:
        stack = ExitStack()
        _Shared.info = stack.enter_context(running_pcscd())
        _Shared.stack = stack
    _Shared.users += 1
    try:
        assert _Shared.info is not None
        yield _Shared.info
    finally:
        _Shared.users -= 1
        if _Shared.users == 0 and _Shared.stack is not None:
            stack, _Shared.stack, _Shared.info = _Shared.stack, None, None
            stack.close()


@pytest.fixture(scope="session")
def pcscd() -> Iterator[PcscdInfo]:
    """Session-wide pcscd + vpcd (reader "Virtual PCD 00 00" on 127.0.0.1:35963).

    Conftests in several directories may re-export this fixture: they share one daemon.
    """
    with shared_pcscd() as info:
        yield info
