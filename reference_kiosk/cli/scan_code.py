"""``kiosk scan-code``: a technician's check of what the kiosk reads from the glass's card corner.

Scans the corner marked for the card (the chip login's own scan, ``app.glass.CARD_SCAN``) and
prints every QR payload and every MRZ whose check digits all agree (``documents.card_print``).
The payloads are personal data: they go to this terminal only, never to a log.
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["EXIT_CODES", "configure", "run"]

EXIT_NO_CODE, EXIT_SCANNER = 1, 3
EXIT_CODES: tuple[tuple[int, str], ...] = (
    (0, "at least one code found"),
    (EXIT_NO_CODE, "no QR code and no checked MRZ on the glass"),
    (EXIT_SCANNER, "the scanner failed (none, busy, cover open, I/O)"),
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--device", default=None, help="SANE device name, or 'emulated' (default: first found)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of lines")


def run(args: argparse.Namespace) -> int:
    from reference_kiosk.app.glass import CARD_SCAN
    from reference_kiosk.cli.scan import _open
    from reference_kiosk.devices.errors import ScannerError
    from reference_kiosk.documents.card_print import read_codes

    try:
        scanner = _open(args.device)
        try:
            page = scanner.scan(CARD_SCAN)
        finally:
            scanner.close()
    except ScannerError as exc:
        print(f"error: {exc.message_en} ({exc})", file=sys.stderr)
        return EXIT_SCANNER
    try:
        codes = read_codes(page.image)
    finally:
        page.image.close()
    if args.json:
        out = {"qr": list(codes.qr), "mrz": [list(lines) for lines in codes.mrz], "dpi": page.dpi}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for payload in codes.qr:
            print(f"QR  {payload}")
        for lines in codes.mrz:
            print("MRZ " + "\n    ".join(lines))
    return 0 if codes.qr or codes.mrz else EXIT_NO_CODE
