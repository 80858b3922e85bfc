"""``kiosk read-card``: a technician's check that reads a chip ID card over PC/SC and verifies it.

The BAC key comes from the MRZ or the ID number and date of birth given, or, with
``--from-scanner DEVICE``, from the card's QR code or MRZ scanned on the glass (as the kiosk's
login does, decision 0024); the JSON then says which (``"keyed_from": "qr"`` or ``"mrz"``).

Exit status: one per failure (``EXIT_CODES``, listed in --help).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reference_kiosk.devices.icao.identity import CardIdentity
    from reference_kiosk.devices.icao.reader import ReadStats

__all__ = ["EXIT_CODES", "configure", "run"]

EXIT_VERDICT, EXIT_INPUT, EXIT_NO_READER, EXIT_NO_CARD, EXIT_REMOVED, EXIT_DENIED, EXIT_CARD = range(1, 8)
EXIT_PRINT_UNREADABLE, EXIT_PRINT_MISMATCH, EXIT_SCANNER = 9, 10, 11
EXIT_CODES: tuple[tuple[int, str], ...] = (
    (0, "read (verified, or not checked without --csca)"),
    (EXIT_VERDICT, "passive authentication failed"),
    (EXIT_INPUT, "bad input or trust store"),
    (
        EXIT_NO_READER,
        "no reader (none connected, pcscd not running, or no pyscard: pip install 'kiosk-twin[devices]')",
    ),
    (EXIT_NO_CARD, "no card on the reader"),
    (EXIT_REMOVED, "card removed during the read"),
    (EXIT_DENIED, "the card refused the key (BAC)"),
    (EXIT_CARD, "any other card error"),
    (EXIT_PRINT_UNREADABLE, "--from-scanner: no QR code or MRZ on the glass gives the key"),
    (EXIT_PRINT_MISMATCH, "--from-scanner: the card's print and its chip name different people"),
    (EXIT_SCANNER, "--from-scanner: the scanner failed (none, busy, cover open, I/O)"),
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reader", metavar="NAME", help="part of the PC/SC reader name (default: first)")
    key = parser.add_mutually_exclusive_group(required=True)
    key.add_argument("--mrz", nargs="+", metavar="LINE", help="the card's MRZ (3 lines of 30)")
    key.add_argument("--id-number", metavar="N", help="12-digit personal ID number (with --dob)")
    key.add_argument(
        "--from-scanner",
        metavar="DEVICE",
        help="read the key from the card's QR or MRZ on this scanner's glass (SANE name or 'emulated')",
    )
    parser.add_argument("--dob", metavar="YYYY-MM-DD", help="date of birth (with --id-number)")
    parser.add_argument(
        "--csca",
        "--trust-store",  # the name `kiosk run` uses for the same certificates
        dest="csca",
        action="append",
        metavar="FILE",
        help="CSCA trust store: PEM/DER file or directory (repeatable)",
    )
    parser.add_argument(
        "--face", action="store_true", help="also read the portrait (DG2; a login never reads it)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--wait", type=float, default=0.0, metavar="SECONDS", help="wait for a card")
    parser.add_argument("--trace", action="store_true", help="log APDU headers and status words")


def _printed(device: str) -> Any:
    """The card's printed key from the scanner's glass (the kiosk's own card scan)."""
    from reference_kiosk.app.glass import scan_print
    from reference_kiosk.cli.scan import _open

    scanner = _open(device)
    try:
        return scan_print(scanner, dt.date.today())
    finally:
        scanner.close()


def _key_source(args: argparse.Namespace) -> Any:
    from reference_kiosk.devices.icao.bac import BacKey, IdNumberKeySource
    from reference_kiosk.devices.icao.errors import KeyInputError

    if args.mrz:
        return BacKey.from_mrz("\n".join(args.mrz))
    if not args.dob:
        raise KeyInputError("--id-number needs --dob")
    try:
        dob = dt.date.fromisoformat(args.dob)
    except ValueError as exc:
        raise KeyInputError("--dob must be YYYY-MM-DD") from exc
    IdNumberKeySource(args.id_number, dob).candidates(dob)  # validates the ID number now
    return IdNumberKeySource(args.id_number, dob)


def _wait_for_card(reader: Any, seconds: float) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not reader.card_present() and time.monotonic() < deadline:
        time.sleep(0.1)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def identity_json(identity: CardIdentity, stats: ReadStats | None = None) -> dict[str, Any]:
    """The DG13 fields under their names, the MRZ and the passive-authentication verdict."""
    out: dict[str, Any] = {
        "id_number": identity.id_number,
        "full_name": identity.full_name,
        "date_of_birth": _iso(identity.date_of_birth),
        "sex": identity.sex,
        "nationality": identity.nationality,
        "ethnicity": identity.ethnicity,
        "religion": identity.religion,
        "place_of_origin": identity.place_of_origin,
        "residence": identity.residence,
        "identifying_marks": identity.identifying_marks,
        "date_of_issue": _iso(identity.date_of_issue),
        "date_of_expiry": _iso(identity.date_of_expiry),
        "father_name": identity.father_name,
        "mother_name": identity.mother_name,
        "spouse_name": identity.spouse_name,
        "old_id_number": identity.old_id_number,
        "unknown_fields": {str(k): v.hex() for k, v in identity.unknown_fields.items()},
        "mrz": list(identity.mrz.lines),
        "face": {"bytes": len(identity.face_jpeg)},
        "passive_authentication": {"verdict": identity.verdict.value, "reasons": list(identity.reasons)},
    }
    if stats is not None:
        out["read"] = {
            "apdus": stats.apdus,
            "bytes_sent": stats.bytes_sent,
            "bytes_received": stats.bytes_received,
        }
    return out


def _print_table(identity: CardIdentity) -> None:
    from rich.console import Console
    from rich.table import Table

    from reference_kiosk.devices.icao.identity import NO_EXPIRY
    from reference_kiosk.domain.privacy import mask_id_number

    table = Table(title="Thẻ căn cước / Citizen ID card", show_header=False)
    rows = [
        ("Số định danh / ID number", mask_id_number(identity.id_number)),
        ("Họ và tên / Full name", identity.full_name),
        ("Ngày sinh / Date of birth", _iso(identity.date_of_birth) or ""),
        ("Giới tính / Sex", identity.sex),
        ("Dân tộc / Ethnicity", identity.ethnicity),
        ("Quê quán / Place of origin", identity.place_of_origin),
        ("Nơi thường trú / Residence", identity.residence),
        ("Ngày cấp / Date of issue", _iso(identity.date_of_issue) or ""),
        ("Có giá trị đến / Expires", _iso(identity.date_of_expiry) or NO_EXPIRY),
        ("Ảnh / Face", f"{len(identity.face_jpeg)} bytes"),
        ("Xác thực chip / Passive authentication", identity.verdict.value.upper()),
    ]
    for label, value in rows:
        table.add_row(label, value)
    console = Console()
    console.print(table)
    for reason in identity.reasons:
        console.print(f"  - {reason}")


def _exit_code(exc: Exception) -> int:
    from reference_kiosk.devices.errors import CardRemovedError, NoCardError, NoReaderError, ScannerError
    from reference_kiosk.devices.icao.errors import AccessDeniedError, KeyInputError, TrustStoreError
    from reference_kiosk.documents.errors import PrintUnreadableError

    table: list[tuple[type[Exception], int]] = [
        (PrintUnreadableError, EXIT_PRINT_UNREADABLE),
        (ScannerError, EXIT_SCANNER),
        (KeyInputError, EXIT_INPUT),
        (TrustStoreError, EXIT_INPUT),
        (NoReaderError, EXIT_NO_READER),
        (NoCardError, EXIT_NO_CARD),
        (CardRemovedError, EXIT_REMOVED),
        (AccessDeniedError, EXIT_DENIED),
    ]
    return next((code for cls, code in table if isinstance(exc, cls)), EXIT_CARD)


def run(args: argparse.Namespace) -> int:
    import logging

    from reference_kiosk.devices.errors import CardError, ScannerError
    from reference_kiosk.devices.icao.passive_auth import TrustStore, Verdict
    from reference_kiosk.devices.icao.reader import IcaoReader
    from reference_kiosk.devices.pcsc import PcscCardReader
    from reference_kiosk.documents.errors import PrintUnreadableError

    if args.trace:
        logging.basicConfig(level=logging.DEBUG, format="%(message)s", stream=sys.stderr)
    printed = None
    try:
        printed = _printed(args.from_scanner) if args.from_scanner else None
        key_source = printed.key if printed is not None else _key_source(args)
        trust = TrustStore.from_paths(args.csca) if args.csca else None
        reader = PcscCardReader(args.reader, trace=args.trace)
        if args.wait > 0:
            _wait_for_card(reader, args.wait)
        connection = reader.connect()
        try:
            icao = IcaoReader(connection)
            identity = icao.read(key_source, trust, face=args.face)
        finally:
            connection.close()
    except (CardError, ScannerError, PrintUnreadableError) as exc:
        print(f"error: {exc.message_en} ({exc})", file=sys.stderr)
        return _exit_code(exc)
    # The printed MRZ name is compared with the chip's own MRZ name line, as the glass login does.
    if printed is not None and not printed.agrees_with(
        identity.id_number, identity.date_of_birth, identity.full_name, chip_mrz_name=identity.mrz.lines[2]
    ):
        print("error: the card's print and its chip name different people", file=sys.stderr)
        return EXIT_PRINT_MISMATCH
    if args.json:
        out = identity_json(identity, icao.stats)
        if printed is not None:
            out["keyed_from"] = printed.keyed_from
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        _print_table(identity)
    ok = identity.verdict in (Verdict.VERIFIED, Verdict.NOT_CHECKED)
    return 0 if ok else EXIT_VERDICT
