"""``kiosk scan`` against the emulated scanner: the document it writes, and one exit status per failure."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from mocks.scanner import DocumentKind, EmulatedScanner, ScannerControl
from reference_kiosk.cli import scan as scan_cli
from reference_kiosk.cli.main import main
from reference_kiosk.ports import Scanner
from tests.support.sane import private_sane_config, require_sane_test_backend


@pytest.fixture
def control(monkeypatch: pytest.MonkeyPatch) -> ScannerControl:
    """The emulated scanner the CLI will find under the name 'emulated'."""
    ctl = ScannerControl(feeder=[DocumentKind.CT01, DocumentKind.CCCD_FRONT, DocumentKind.CCCD_BACK])

    def plugins() -> dict[str, Callable[[], Scanner]]:
        return {"emulated": lambda: EmulatedScanner(ctl, seed=1, sleep=lambda _s: None)}

    monkeypatch.setattr(scan_cli, "scanner_plugins", plugins)
    return ctl


def _run(*argv: str) -> int:
    return main(["scan", "--device", "emulated", "--dpi", "75", *argv])


def test_the_emulator_is_found_through_its_entry_point() -> None:
    plugins = scan_cli.scanner_plugins()
    assert "emulated" in plugins
    scanner = plugins["emulated"]()
    try:
        assert isinstance(scanner, Scanner)
        assert type(scanner).__module__.startswith("mocks.scanner")
    finally:
        scanner.close()


def test_feeder_batch_becomes_one_pdf(
    control: ScannerControl, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "hoso.pdf"
    assert _run("--source", "adf", "--json", "--out", str(out)) == 0
    data = out.read_bytes()
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 3
    lines = capsys.readouterr().out.splitlines()
    summary = json.loads(lines[-1])
    assert summary["pages"] == 3
    assert summary["bytes"] == len(data)
    assert summary["sha256"] == hashlib.sha256(data).hexdigest()
    assert f"sha256 {summary['sha256']}" in lines


def test_flatbed_page_becomes_a_grayscale_jpeg(control: ScannerControl, tmp_path: Path) -> None:
    out = tmp_path / "ct01.jpg"
    assert _run("--out", str(out)) == 0
    image = Image.open(io.BytesIO(out.read_bytes()))
    assert (image.format, image.mode) == ("JPEG", "L")


def test_blank_page_is_reported(
    control: ScannerControl, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    control.load_feeder([DocumentKind.CT01, DocumentKind.BLANK])
    assert _run("--source", "adf", "--out", str(tmp_path / "x.pdf")) == 0
    assert "warning: page 2:" in capsys.readouterr().out


FAULTS: list[tuple[str, Callable[[ScannerControl], None], int]] = [
    ("empty", lambda c: c.load_feeder([]), 4),
    ("jam", lambda c: c.jam_on_page(2), 5),
    ("cover", lambda c: c.open_cover(), 6),
    ("busy", lambda c: c.set_busy(), 7),
    ("io", lambda c: c.fail_io_on_page(1), 8),
]


@pytest.mark.parametrize(("name", "inject", "code"), FAULTS, ids=[f[0] for f in FAULTS])
def test_each_scanner_failure_has_its_exit_status(
    control: ScannerControl,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    inject: Callable[[ScannerControl], None],
    code: int,
) -> None:
    inject(control)
    out = tmp_path / "x.pdf"
    assert _run("--source", "adf", "--out", str(out)) == code
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert "Vui lòng" in err  # the Vietnamese message a technician can read out
    assert not out.exists()  # nothing half-written


def test_too_many_pages_for_a_jpeg(control: ScannerControl, tmp_path: Path) -> None:
    assert _run("--pages", "2", "--out", str(tmp_path / "x.jpg")) == 11


def test_plugin_that_cannot_load_is_no_scanner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken() -> Scanner:
        raise ImportError("mocks not installed")

    monkeypatch.setattr(scan_cli, "scanner_plugins", lambda: {"emulated": broken})
    assert _run("--out", str(tmp_path / "x.pdf")) == 3


def test_bad_usage_and_unwritable_output(control: ScannerControl, tmp_path: Path) -> None:
    assert _run("--out", str(tmp_path / "x.png")) == 2
    assert _run("--dpi", "0", "--out", str(tmp_path / "x.pdf")) == 2
    assert _run("--out", str(tmp_path / "missing-dir" / "x.pdf")) == 12


def test_options_cannot_be_set_on_the_emulator(control: ScannerControl, tmp_path: Path) -> None:
    assert _run("--set", "test-picture=Grid", "--out", str(tmp_path / "x.pdf")) == 9


@pytest.mark.integration
def test_the_same_command_drives_sane_test_backend(tmp_path: Path) -> None:
    require_sane_test_backend()
    out = tmp_path / "sane.pdf"
    with private_sane_config(tmp_path / "sane"):
        base = ["scan", "--device", "test:0", "--set", "test-picture=Grid", "--source", "adf"]
        assert main([*base, "--dpi", "50", "--out", str(out)]) == 0
        # A forced status, on a tiny page as in tests/contract/scanner.
        jammed = [*base, "--set", "read-return-value=SANE_STATUS_JAMMED", "--dpi", "10"]
        assert main([*jammed, "--out", str(tmp_path / "jam.pdf")]) == 5
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 10  # the test backend's feeder holds ten sheets
