"""Recording fakes of the kiosk's output devices (``Printer``, ``Speaker``), for tests.

    printer = FakePrinter(); ...; assert [s.reference for s in printer.slips] == ["H36.1-..."]
    printer.fail_with = PrinterOutOfPaperError()   # the next slips fail until it is cleared
    speaker = FakeSpeaker(); ...; assert speaker.said == [("voice.welcome", "vi")]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reference_kiosk.domain.errors import KioskError
from reference_kiosk.ports import Slip

__all__ = ["FakePrinter", "FakeSpeaker"]


@dataclass(slots=True)
class FakePrinter:
    slips: list[Slip] = field(default_factory=list)
    fail_with: KioskError | None = None  # raised by every print while set

    def print_slip(self, slip: Slip) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.slips.append(slip)


@dataclass(slots=True)
class FakeSpeaker:
    said: list[tuple[str, str]] = field(default_factory=list)

    def say(self, prompt: str, lang: str) -> None:
        self.said.append((prompt, lang))
