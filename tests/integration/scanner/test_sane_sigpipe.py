"""A scan through libsane leaves SIGPIPE ignored, so a closed socket is an error, not a dead kiosk.

``sanei_thread`` puts SIGPIPE back to its default when a scan's reader thread ends; Python relies
on it being ignored (a write to a closed socket then raises ``BrokenPipeError``). Found when the
suite died of SIGPIPE in a test that wrote to a decoder worker's closed pipe after the SANE tests.
The check reads the kernel's view (``/proc/self/status``), not Python's cached handler table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reference_kiosk.ports import ColorMode, ScanSettings, ScanSource
from tests.support.sane import TEST_DEVICE

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120, method="thread")]

_SIGPIPE_BIT = 1 << (13 - 1)  # SigIgn is a mask with bit n-1 for signal n


def sigpipe_ignored() -> bool:
    status = Path("/proc/self/status").read_text(encoding="ascii").splitlines()
    mask = next(line for line in status if line.startswith("SigIgn:")).split()[1]
    return bool(int(mask, 16) & _SIGPIPE_BIT)


def test_sigpipe_is_still_ignored_after_a_scan(sane_config: Path) -> None:
    from reference_kiosk.devices.sane import SaneScanner

    assert sigpipe_ignored()  # as Python set it at start-up
    scanner = SaneScanner.open(TEST_DEVICE)
    try:
        page = scanner.scan(ScanSettings(source=ScanSource.FLATBED, mode=ColorMode.GRAY, dpi=75))
    finally:
        scanner.close()
    assert page.image.size[0] > 0
    assert sigpipe_ignored(), "libsane left SIGPIPE at its default: a closed socket would kill the kiosk"
