"""``kiosk-twin card``: insert a persona's emulated CCCD into pcscd's virtual reader (vpcd).

Prints the persona as one JSON line on stdout (with the card's MRZ lines), says on stderr where
the CSCA certificate was exported for trust stores, then answers APDUs until interrupted, until
``--remove-after`` seconds have passed, or until a fault takes the card away.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["EXIT_CODES", "configure", "run"]

# Listed in --help (reference_kiosk.cli._dispatch).
EXIT_CODES = ((0, "the card was removed (--remove-after, or a fault)"), (1, "bad persona, fault or port"))


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, required=True, help="persona seed (same seed, same citizen)")
    parser.add_argument("--port", type=int, default=35963, help="vpcd port on 127.0.0.1 (default 35963)")
    parser.add_argument("--remove-after", type=float, metavar="SECONDS", help="take the card off after this")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="NAME",
        help="removed-after=K, wrong-mac[=K], corrupt=K, slow=SECONDS, tampered[=DG], unknown-ca, "
        "expired-signer, expired-card (repeatable)",
    )
    parser.add_argument(
        "--pki-dir", type=Path, help="mock PKI cache (default $XDG_CACHE_HOME/kiosk-twin/pki)"
    )
    parser.add_argument(
        "--csca-out", type=Path, help="where to export the CSCA PEM (default: beside the cache)"
    )
    parser.add_argument("--no-extended", action="store_true", help="a card without extended length")
    parser.add_argument("--max-read", type=lambda s: int(s, 0), help="largest READ BINARY answer (bytes)")
    parser.add_argument("--connect-timeout", type=float, default=5.0, help="seconds to wait for vpcd")


def run(args: argparse.Namespace) -> int:
    import json
    import threading
    import time

    from mocks.card.control import make_card
    from mocks.card.errors import CardEmulatorError
    from mocks.card.faults import CardFaults
    from mocks.card.mrz import td1
    from mocks.card.pki import MockPki
    from mocks.card.vpcd import VpcdClient

    try:
        faults = CardFaults.parse(args.fault)
        pki = MockPki(args.pki_dir)
        csca = pki.export_csca(args.csca_out or pki.directory.parent / "csca.pem")
        extended = not args.no_extended
        max_read = args.max_read or (0x400 if extended else 0xDF)
        card, build = make_card(args.seed, pki, faults, extended_length=extended, max_read=max_read)
        client = VpcdClient(card, "127.0.0.1", args.port)
        client.connect(args.connect_timeout)
    except (CardEmulatorError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"CSCA certificate exported to {csca}", file=sys.stderr)
    line = build.persona.to_dict() | {"mrz": list(td1(build.persona).lines)}
    print(json.dumps(line, ensure_ascii=False, sort_keys=True), flush=True)
    stop = threading.Event()
    worker = threading.Thread(target=client.serve, args=(stop,), name="vpcd", daemon=True)
    worker.start()
    deadline = None if args.remove_after is None else time.monotonic() + args.remove_after
    try:
        while worker.is_alive():
            wait = 0.2 if deadline is None else min(0.2, deadline - time.monotonic())
            if wait <= 0:
                break
            worker.join(wait)
    finally:
        stop.set()
        worker.join(5)
    print(f"card removed after {client.apdus} APDUs", file=sys.stderr)
    return 0
