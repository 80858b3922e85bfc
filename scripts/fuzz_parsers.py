"""Coverage-guided fuzzing (atheris/libFuzzer) of the parsers that take a card's or a citizen's bytes.

Not part of ``make test`` (the bounded, deterministic Hypothesis tests in ``tests/security`` are);
run it by hand for a while when a parser changes. Needs ``.venv/bin/pip install atheris``.

    .venv/bin/python scripts/fuzz_parsers.py TARGET [libFuzzer options, e.g. -max_total_time=60]

Targets (each allows only its named errors; anything else is a crash libFuzzer reports and saves):

    sod          kiosk passive authentication (verify_sod): a verdict, never an exception
    backend-sod  backend chip-login check (cccd_verify.verify_sod): only CccdRejectedError
    dg13         kiosk DG13 parser: only Dg13Error
    dg1          kiosk DG1/MRZ parser: only MrzError
    sm           kiosk secure-messaging unwrap: only SecureMessagingError
    vietqr       backend VietQR parser: only VietQrError

The corpus starts from a genuine card's files (persona 3, signed by a throw-away mock PKI).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)


def _targets(pki_dir: Path) -> dict[str, tuple[Callable[[bytes], None], bytes]]:
    import atheris  # type: ignore[import-not-found,import-untyped,unused-ignore]

    with atheris.instrument_imports():
        from mocks.backend import cccd_verify, vietqr
        from reference_kiosk.devices.icao import dg13, errors, mrz, passive_auth, sm
        from reference_kiosk.devices.icao.apdu import ResponseApdu
    from mocks.card.files import build_card
    from mocks.card.pki import MockPki
    from mocks.citizens import persona

    pki = MockPki(pki_dir)
    card = build_card(persona(3), pki)
    sod, groups = card.image.files[0x011D], card.data_groups
    kiosk_trust = passive_auth.TrustStore((pki.csca_cert,))
    backend_trust = cccd_verify.TrustStore((pki.csca_cert,))
    channel_keys = bytes.fromhex("979EC13B1CBFE9DCD01AB0FED307EAE5F1CB1F1FB5ADF208806B89DC579DC1F8")

    def kiosk_sod(data: bytes) -> None:
        passive_auth.verify_sod(data, {1: groups[1], 13: groups[13]}, kiosk_trust, NOW)

    def backend_sod(data: bytes) -> None:
        with contextlib.suppress(cccd_verify.CccdRejectedError):
            cccd_verify.verify_sod(data, backend_trust, NOW)

    def parse_dg13(data: bytes) -> None:
        with contextlib.suppress(errors.Dg13Error):
            dg13.parse_dg13(data)

    def parse_dg1(data: bytes) -> None:
        with contextlib.suppress(errors.MrzError):
            mrz.parse_dg1(data)

    def unwrap(data: bytes) -> None:
        channel = sm.SecureChannel(channel_keys[:16], channel_keys[16:], 0x887022120C06C229)
        with contextlib.suppress(errors.SecureMessagingError):
            channel.unwrap(ResponseApdu(data, 0x9000))

    def parse_vietqr(data: bytes) -> None:
        with contextlib.suppress(vietqr.VietQrError):
            vietqr.parse(data.decode("utf-8", "replace"))

    qr = vietqr.build_dynamic("970415", "113366668888", 10_000, "000.31.36.H36-250317-0001")
    return {
        "sod": (kiosk_sod, sod),
        "backend-sod": (backend_sod, sod),
        "dg13": (parse_dg13, groups[13]),
        "dg1": (parse_dg1, groups[1]),
        "sm": (unwrap, bytes.fromhex("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED")),
        "vietqr": (parse_vietqr, qr.encode()),
    }


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1].startswith("-"):
        print(__doc__)
        return 2
    try:
        import atheris  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        print("atheris is not installed: .venv/bin/pip install atheris", file=sys.stderr)
        return 2
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    name, options = argv[1], argv[2:]
    with tempfile.TemporaryDirectory(prefix="fuzz-parsers-") as tmp:
        targets = _targets(Path(tmp) / "pki")
        if name not in targets:
            print(f"unknown target {name!r}; one of: {', '.join(targets)}", file=sys.stderr)
            return 2
        function, seed = targets[name]
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        (corpus / "genuine").write_bytes(seed)
        atheris.Setup([argv[0], *options, str(corpus)], function)
        atheris.Fuzz()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
