"""``kiosk``: run the kiosk, or a technician's check (``read-card``, ``scan``, ``scan-code``)."""

from __future__ import annotations

from collections.abc import Sequence

from reference_kiosk.cli._dispatch import Subcommand, dispatch

COMMANDS = (
    Subcommand("run", "reference_kiosk.cli.run", "run the kiosk (default)"),
    Subcommand("read-card", "reference_kiosk.cli.read_card", "read a chip ID card and verify it"),
    Subcommand("scan", "reference_kiosk.cli.scan", "scan papers into an upload-ready document"),
    Subcommand(
        "scan-code", "reference_kiosk.cli.scan_code", "print the QR codes and MRZ on the scanner glass"
    ),
)


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch("kiosk", "The reference public-service kiosk.", COMMANDS, argv, default="run")


if __name__ == "__main__":
    raise SystemExit(main())
