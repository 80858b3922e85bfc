"""``kiosk scan``: a technician's check that scans papers and writes the upload-ready document.

    kiosk scan [--device NAME|emulated] [--source flatbed|adf] [--pages N] [--dpi D] [--color]
               [--set OPTION=VALUE ...] [--json] --out FILE.pdf|FILE.jpg

``--device`` names a SANE device (default: the first one found) or a scanner plugin registered
in the ``kiosk_twin.scanners`` entry-point group (``emulated`` is the scanner emulator from
``mocks``); plugins are looked up by name at run time, so this package never imports mocks.

Exit status: one per failure so scripts can tell them apart (``EXIT_CODES``, listed in --help).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reference_kiosk.documents import Document
    from reference_kiosk.ports import ScannedPage, Scanner, ScanSettings

__all__ = ["EXIT_CODES", "SCANNER_GROUP", "configure", "run", "scanner_plugins"]

SCANNER_GROUP = "kiosk_twin.scanners"

# Most specific first: the first matching class decides the exit status.
_ERROR_CODES: tuple[tuple[str, int], ...] = (
    ("NoScannerError", 3),
    ("FeederEmptyError", 4),
    ("FeederJammedError", 5),
    ("CoverOpenError", 6),
    ("ScannerBusyError", 7),
    ("ScannerIOError", 8),
    ("ScannerError", 9),
    ("DocumentTooLargeError", 10),
    ("DocumentError", 11),
)

EXIT_CODES: tuple[tuple[int, str], ...] = (
    (0, "written"),
    (2, "bad usage"),
    (3, "no scanner (none found, SANE or python-sane missing: pip install 'kiosk-twin[devices]')"),
    (4, "feeder empty"),
    (5, "feeder jammed"),
    (6, "cover open"),
    (7, "scanner busy"),
    (8, "scanner I/O error"),
    (9, "other scanner error"),
    (10, "document too large"),
    (11, "other document error"),
    (12, "cannot write the output file"),
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--device", default=None, help="SANE device name, or 'emulated' (default: first found)"
    )
    parser.add_argument("--source", choices=("flatbed", "adf"), default="flatbed")
    parser.add_argument("--pages", type=int, default=None, help="flatbed: scans to take; adf: most sheets")
    parser.add_argument(
        "--dpi", type=int, default=200, help="resolution (default 200, snapped to the device)"
    )
    parser.add_argument("--color", action="store_true", help="keep colour (default: grayscale)")
    parser.add_argument(
        "--set", dest="options", action="append", default=[], metavar="OPTION=VALUE",
        help="backend option for a SANE device, e.g. test-picture=Grid (repeatable)",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="also print a JSON summary line")
    parser.add_argument("--out", required=True, type=Path, help="output file: .pdf or .jpg")


def scanner_plugins() -> dict[str, Callable[[], Scanner]]:
    """Scanner factories registered by installed distributions, by name (not imported yet)."""
    from importlib.metadata import EntryPoint, entry_points

    def factory(ep: EntryPoint) -> Callable[[], Scanner]:
        def make() -> Scanner:
            scanner: Scanner = ep.load()()
            return scanner

        return make

    return {ep.name: factory(ep) for ep in entry_points(group=SCANNER_GROUP)}


def _open(name: str | None) -> Scanner:
    from reference_kiosk.devices.errors import NoScannerError

    plugins = scanner_plugins()
    if name is not None and name in plugins:
        try:
            return plugins[name]()
        except ImportError as exc:
            raise NoScannerError(f"scanner plugin {name!r} cannot be loaded: {exc}") from exc
    from reference_kiosk.devices.sane import SaneScanner

    return SaneScanner.open(name)


def _apply_options(scanner: Scanner, options: list[str]) -> None:
    from reference_kiosk.devices.errors import ScannerError

    setter = getattr(scanner, "set_option", None)
    for item in options:
        key, sep, raw = item.partition("=")
        if not sep or setter is None:
            raise ScannerError(f"cannot set {item!r} on this scanner")
        value: object = {"true": True, "false": False}.get(raw.lower(), raw)
        if isinstance(value, str) and value.lstrip("-").isdigit():
            value = int(value)
        setter(key, value)


def _scan(scanner: Scanner, settings: ScanSettings, pages: int | None) -> list[ScannedPage]:
    from reference_kiosk.ports import ScanSource

    if settings.source is ScanSource.ADF:
        return list(scanner.scan_batch(settings, max_pages=pages))
    return [scanner.scan(settings) for _ in range(pages or 1)]


def _write(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a failed run never leaves half a document."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _report(doc: Document, path: Path, as_json: bool) -> None:
    for p in doc.pages:
        width, height = p.size
        print(f"page {p.number}: {p.dpi} dpi, {width}x{height} px, {p.bytes:,} bytes (JPEG q{p.quality})")
    for w in doc.warnings:
        print(f"warning: page {w.page}: {w.message('en')} / {w.message('vi')}")
    per_page = doc.size / len(doc.pages) / 1000
    print(f"wrote {path}: {len(doc.pages)} pages, {doc.size:,} bytes ({per_page:.0f} KB/page)")
    print(f"sha256 {doc.sha256}")
    if as_json:
        summary = {
            "out": str(path),
            "media_type": doc.media_type,
            "pages": len(doc.pages),
            "bytes": doc.size,
            "sha256": doc.sha256,
            "blank_pages": [w.page for w in doc.warnings],
            "page_bytes": [p.bytes for p in doc.pages],
        }
        print(json.dumps(summary))


def _exit_code(exc: Exception) -> int:
    names = {cls.__name__ for cls in type(exc).__mro__}
    return next((code for name, code in _ERROR_CODES if name in names), 9)


def run(args: argparse.Namespace) -> int:
    from reference_kiosk.documents import DocumentFormat, DocumentPolicy, build_document
    from reference_kiosk.domain.errors import KioskError
    from reference_kiosk.ports import ColorMode, ScanSettings, ScanSource

    suffix = args.out.suffix.lower()
    if suffix not in {".pdf", ".jpg", ".jpeg"}:
        print(f"error: --out must end in .pdf or .jpg, not {suffix or 'nothing'!r}", file=sys.stderr)
        return 2
    if (args.pages is not None and args.pages < 1) or args.dpi < 1:
        print("error: --pages and --dpi must be positive", file=sys.stderr)
        return 2
    fmt = DocumentFormat.PDF if suffix == ".pdf" else DocumentFormat.JPEG
    mode = ColorMode.COLOR if args.color else ColorMode.GRAY
    settings = ScanSettings(source=ScanSource(args.source), mode=mode, dpi=args.dpi)
    try:
        scanner = _open(args.device)
        try:
            info = scanner.describe()
            print(f"scanner: {info.name} ({info.vendor} {info.model})".rstrip())
            _apply_options(scanner, args.options)
            pages = _scan(scanner, settings, args.pages)
        finally:
            scanner.close()
        doc = build_document(pages, DocumentPolicy(format=fmt, color=args.color))
    except KioskError as exc:
        print(f"error: {exc.message('en')} ({exc})\n       {exc.message('vi')}", file=sys.stderr)
        return _exit_code(exc)
    try:
        _write(args.out, doc.data)
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 12
    _report(doc, args.out, args.json)
    return 0
