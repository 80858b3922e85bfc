"""The executor answers ``PrintSlip`` through the ``Printer`` port; every effect has a handler."""

from __future__ import annotations

import asyncio
import typing
from pathlib import Path
from typing import Any, cast

import pytest

from reference_kiosk.app import EffectExecutor
from reference_kiosk.devices.errors import PrinterOutOfPaperError, PrinterUnavailableError
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow import events as ev
from reference_kiosk.outbox import Outbox, OutboxSender
from reference_kiosk.ports import Devices, ProvincialBackend, Slip
from tests.support.devices import FakePrinter

SLIP = Slip(lang="vi", procedure_name="Đăng ký thường trú", reference="H36.1-250401-0001")
INLINE = {fx.Speak, fx.WipePersonalData, fx.Track}  # executed by Services on the caller's thread


def _executor(devices: Devices) -> EffectExecutor:
    # Printing needs no backend nor outbox: none of their methods may be called.
    nothing = cast(Any, object())
    return EffectExecutor(cast(ProvincialBackend, nothing), cast(Outbox, nothing),
                          cast(OutboxSender, nothing), devices=devices)  # fmt: skip


def _print(devices: Devices) -> ev.Event | None:
    return asyncio.run(_executor(devices).run(fx.PrintSlip(SLIP)))


def test_a_printed_slip_is_answered_slip_printed() -> None:
    printer = FakePrinter()
    assert _print(Devices(printer=printer)) == ev.SlipPrinted()
    assert printer.slips == [SLIP]


def test_out_of_paper_is_answered_with_the_named_error() -> None:
    answer = _print(Devices(printer=FakePrinter(fail_with=PrinterOutOfPaperError())))
    assert isinstance(answer, ev.SlipPrintFailed)
    assert isinstance(answer.error, PrinterOutOfPaperError)


class _BrokenDriver:
    def print_slip(self, slip: Slip) -> None:
        raise OSError("lp0 on fire")


@pytest.mark.parametrize("printer", [None, _BrokenDriver()], ids=["no printer", "driver crash"])
def test_no_printer_or_a_crashing_driver_is_printer_unavailable(printer: Any) -> None:
    answer = _print(Devices(printer=printer))
    assert isinstance(answer, ev.SlipPrintFailed)
    assert isinstance(answer.error, PrinterUnavailableError)


def test_every_effect_has_a_handler_or_runs_inline() -> None:
    """A new effect without a handler would be answered by nobody: its screen would wait forever."""
    effects = set(typing.get_args(fx.Effect))
    assert fx.PrintSlip in effects
    handled = set(_executor(Devices()).handlers)
    assert effects - INLINE - handled == set()
    assert handled <= effects


def test_a_spool_folder_printer_writes_one_pdf_per_slip(tmp_path: Path) -> None:
    from reference_kiosk.devices.printer import SpoolFolderPrinter

    SpoolFolderPrinter(tmp_path / "spool").print_slip(SLIP)
    [pdf] = (tmp_path / "spool").iterdir()
    assert pdf.name == "H36.1-250401-0001.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")


def test_an_unwritable_spool_folder_is_printer_unavailable(tmp_path: Path) -> None:
    from reference_kiosk.devices.printer import SpoolFolderPrinter

    blocker = tmp_path / "spool"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(PrinterUnavailableError):
        SpoolFolderPrinter(blocker).print_slip(SLIP)
