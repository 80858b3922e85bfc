"""The CCCD chip emulator: a card OS speaking real APDUs (BAC, secure messaging), its files for a
persona (signed EF.SOD from a mock PKI), fault modes, and two transports: the in-process
``EmulatedCardReader`` (the kiosk's CardReader port) and a vpcd client for a real pcscd.

Submodules import their dependencies (cryptography, Pillow, asn1crypto) when used; this package
re-exports the names tests and the demo need.
"""

from __future__ import annotations

from mocks.card.control import CardControl, make_card
from mocks.card.faults import FAULT_NAMES, CardFaults, EmulatedCard
from mocks.card.files import CardBuild, build_card
from mocks.card.os import AID, CardImage, CardOS
from mocks.card.pki import MockPki, SignerKind, default_pki_dir
from mocks.card.reader import EmulatedCardReader
from mocks.card.vpcd import VpcdClient

__all__ = [
    "AID",
    "FAULT_NAMES",
    "CardBuild",
    "CardControl",
    "CardFaults",
    "CardImage",
    "CardOS",
    "EmulatedCard",
    "EmulatedCardReader",
    "MockPki",
    "SignerKind",
    "VpcdClient",
    "build_card",
    "default_pki_dir",
    "make_card",
]
