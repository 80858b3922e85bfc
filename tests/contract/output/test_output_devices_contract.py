"""One contract for every adapter of the kiosk's output ports: ``Printer`` and ``Speaker``.

A printer takes a ``Slip`` or raises a ``PrinterError`` (the receipt then says so); a speaker
returns at once and never raises, whatever it is asked (voice guidance must not stop the kiosk).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from reference_kiosk.devices.errors import PrinterError
from reference_kiosk.devices.printer import SpoolFolderPrinter
from reference_kiosk.devices.speaker import EspeakSpeaker
from reference_kiosk.ports import Printer, Slip, Speaker
from tests.support.devices import FakePrinter, FakeSpeaker

SLIP = Slip(lang="en", procedure_name="Permanent residence registration", reference="H36.1-250401-0001")


@dataclass(frozen=True, slots=True)
class PrinterRig:
    printer: Printer
    printed: Callable[[], int]  # how many slips came out
    break_it: Callable[[], None]  # the next print must fail (no paper, no spool folder)


def _spool(tmp: Path) -> PrinterRig:
    folder = tmp / "spool"

    def break_it() -> None:
        for pdf in folder.glob("*.pdf"):
            pdf.unlink()
        folder.rmdir()
        folder.write_text("a file where the queue's folder should be")

    return PrinterRig(SpoolFolderPrinter(folder), lambda: len(list(folder.glob("*.pdf"))), break_it)


def _fake(tmp: Path) -> PrinterRig:
    from reference_kiosk.devices.errors import PrinterOutOfPaperError

    fake = FakePrinter()

    def break_it() -> None:
        fake.fail_with = PrinterOutOfPaperError()

    return PrinterRig(fake, lambda: len(fake.slips), break_it)


@pytest.fixture(params=[_spool, _fake], ids=["SpoolFolderPrinter", "FakePrinter"])
def rig(request: pytest.FixtureRequest, tmp_path: Path) -> PrinterRig:
    made: PrinterRig = request.param(tmp_path)
    return made


def test_a_printer_is_the_port(rig: PrinterRig) -> None:
    assert isinstance(rig.printer, Printer)


def test_a_slip_comes_out(rig: PrinterRig) -> None:
    rig.printer.print_slip(SLIP)
    assert rig.printed() == 1


def test_a_failure_is_a_printer_error(rig: PrinterRig) -> None:
    rig.printer.print_slip(SLIP)
    rig.break_it()
    with pytest.raises(PrinterError):
        rig.printer.print_slip(SLIP)


def _silent_espeak() -> Speaker:
    return EspeakSpeaker(binary="no-such-espeak-binary")


def _broken_espeak() -> Speaker:
    def spawn(argv: object) -> object:
        raise OSError("espeak-ng crashed")

    return EspeakSpeaker(binary="sh", spawn=spawn)  # type: ignore[arg-type]


SPEAKERS = [_silent_espeak, _broken_espeak, FakeSpeaker]


@pytest.mark.parametrize("make", SPEAKERS, ids=["missing", "broken", "fake"])
@pytest.mark.parametrize("prompt", ["voice.welcome", "voice.no_such_prompt"])
def test_a_speaker_never_raises(make: Callable[[], Speaker], prompt: str) -> None:
    speaker = make()
    assert isinstance(speaker, Speaker)
    speaker.say(prompt, "vi")
    speaker.say(prompt, "xx")  # an unknown language falls back, never fails
