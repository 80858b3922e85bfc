"""Chip login with nothing typed: the key from the card's print on the (emulated) glass."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from mocks.card import CardFaults, EmulatedCardReader, MockPki, make_card
from mocks.card.mrz import td1
from mocks.card.printed import CardFace, CardModel, PrintFaults, card_model, card_on_glass
from mocks.citizens import Persona, persona
from mocks.scanner import EmulatedScanner, ScannerControl
from mocks.scanner.glass import Placement
from reference_kiosk.app.glass import CARD_SCAN, GlassLogin, read_chip_from_print
from reference_kiosk.devices.icao.errors import AccessDeniedError, PrintedDataMismatchError
from reference_kiosk.documents.errors import PrintUnreadableError
from reference_kiosk.documents.mrz_ocr import ocr_b_font
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow import events as ev
from tests.support.card import session_pki
from tests.support.icao import FixedClock, card_on_reader, seeded, trust_store

pytestmark = pytest.mark.skipif(ocr_b_font() is None, reason="needs the Debian package fonts-ocr-b")
SEED_2021 = next(s for s in range(50) if card_model(persona(s)) is CardModel.CCCD_2021)
SEED_2024 = next(s for s in range(50) if card_model(persona(s)) is CardModel.CAN_CUOC_2024)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> MockPki:
    return session_pki(tmp_path_factory)


async def _inline(fn: Callable[[], Any]) -> Any:
    return fn()


class _Rig:
    def __init__(self, pki: MockPki, seed: int, on_glass: int | None = None, **print_faults: bool) -> None:
        card, self.build = make_card(seed, pki, CardFaults(), random_bytes=seeded(seed))
        self.card = card
        self.reader = EmulatedCardReader()
        self.reader.insert(card)
        self.control = ScannerControl(flatbed=None, feeder=())
        self.typed: list[fx.ReadCard] = []
        self.glass = GlassLogin(
            EmulatedScanner(self.control, seed=seed, sleep=lambda _s: None),
            self.reader, FixedClock(), trust_store(pki), _inline, typed=self._typed,
        )  # fmt: skip
        self.holder = persona(seed if on_glass is None else on_glass)

    async def _typed(self, effect: fx.ReadCard) -> ev.Event:
        self.typed.append(effect)
        return ev.BacKeyRequired()

    def lay(self, face: CardFace, angle: float = 0.0, **faults: bool) -> None:
        item = card_on_glass(self.holder, face, PrintFaults(**faults), Placement(angle, (3.0, -4.0)))
        self.control.lay_on_glass(item)

    def read(self, key: fx.BacKey | None = None) -> ev.Event | None:
        return asyncio.run(self.glass.handle(fx.ReadCard(key)))


@pytest.mark.parametrize(("seed", "face", "keyed"), [
    (SEED_2021, CardFace.FRONT, "qr"), (SEED_2021, CardFace.BACK, "mrz"), (SEED_2024, CardFace.BACK, "mrz"),
])  # fmt: skip
def test_the_card_on_the_glass_logs_in_with_nothing_typed(
    pki: MockPki, seed: int, face: CardFace, keyed: str
) -> None:
    rig = _Rig(pki, seed)
    rig.lay(face, angle=90.0)
    answer = rig.read()
    assert isinstance(answer, ev.CardRead)
    assert base64.b64decode(answer.request.dg13) == rig.build.data_groups[13]
    assert rig.glass.last_keyed_from == keyed
    assert rig.typed == []


@pytest.mark.parametrize(("face", "fault"), [(CardFace.FRONT, "qr_damaged"), (CardFace.BACK, "mrz_smudged")])
def test_unreadable_print_offers_the_keypad_at_once(pki: MockPki, face: CardFace, fault: str) -> None:
    rig = _Rig(pki, SEED_2021)
    rig.lay(face, **{fault: True})
    answer = rig.read()
    assert isinstance(answer, ev.BacKeyRequired)
    assert isinstance(answer.notice, PrintUnreadableError)
    assert rig.card.apdu_count == 0  # the chip was never touched


def test_print_that_names_someone_else_is_refused_like_altered_chip_data(pki: MockPki) -> None:
    rig = _Rig(pki, SEED_2021)
    rig.lay(CardFace.FRONT, qr_mismatch=True)
    answer = rig.read()
    assert isinstance(answer, ev.CardReadFailed)
    assert isinstance(answer.error, PrintedDataMismatchError)


def test_another_persons_print_never_opens_this_chip_and_offers_typing(pki: MockPki) -> None:
    other = next(s for s in range(SEED_2021 + 1, 60) if card_model(persona(s)) is CardModel.CCCD_2021)
    rig = _Rig(pki, SEED_2021, on_glass=other)
    rig.lay(CardFace.BACK)  # the MRZ: exactly one key, tried once
    answer = rig.read()
    assert isinstance(answer, ev.BacKeyRequired)
    assert isinstance(answer.notice, AccessDeniedError)
    authentications = rig.card.apdu_count
    assert authentications <= 3  # SELECT, GET CHALLENGE, EXTERNAL AUTHENTICATE: one try, no hammering


def test_a_typed_key_goes_to_the_keypad_path(pki: MockPki) -> None:
    rig = _Rig(pki, SEED_2021)
    key = fx.BacKey(rig.build.persona.id_number, rig.build.persona.date_of_birth)
    rig.read(key)
    assert rig.typed == [fx.ReadCard(key)]


def test_the_card_scan_is_a_small_area_at_modest_resolution() -> None:
    assert CARD_SCAN.area_mm is not None
    left, top, right, bottom = CARD_SCAN.area_mm
    assert (right - left) * (bottom - top) <= 110 * 110  # not the whole A4 glass
    assert CARD_SCAN.dpi <= 300


def test_the_card_scan_is_closed_and_kept_nowhere(pki: MockPki) -> None:
    """Privacy (issue 15): the scan of the card is personal data; it ends with the decode."""
    from reference_kiosk.ports import ScannedPage, ScanSettings

    rig = _Rig(pki, SEED_2021)
    rig.lay(CardFace.FRONT)
    pages: list[ScannedPage] = []
    inner = rig.glass._scanner

    class _Spy:
        def __getattr__(self, name: str) -> Any:
            return getattr(inner, name)

        def scan(self, settings: ScanSettings) -> ScannedPage:
            pages.append(inner.scan(settings))
            return pages[-1]

    rig.glass._scanner = _Spy()
    assert isinstance(rig.read(), ev.CardRead)
    (page,) = pages
    with pytest.raises(ValueError, match="closed"):
        page.image.getpixel((0, 0))


def _forged_name(who: Persona) -> Persona:
    """``who`` with another persona's name: the print a forger would make for ``who``'s chip."""
    other = next(
        persona(s) for s in range(who.seed + 1, who.seed + 50) if persona(s).mrz_name != who.mrz_name
    )
    return dataclasses.replace(who, surname=other.surname, given_names=other.given_names)


def test_a_forged_mrz_name_over_the_cards_own_chip_is_refused_naming_only_the_field(pki: MockPki) -> None:
    """The chip opens (the printed key is its own) and passes passive authentication, but the MRZ
    names someone else: an altered print, refused like altered chip data."""
    rig = _Rig(pki, SEED_2021)
    rig.holder = _forged_name(rig.holder)
    rig.lay(CardFace.BACK)
    answer = rig.read()
    assert isinstance(answer, ev.CardReadFailed)
    assert isinstance(answer.error, PrintedDataMismatchError)
    assert answer.error.reasons == ("printed name is not the chip's",)
    genuine = persona(SEED_2021)
    for value in (genuine.full_name, genuine.surname, rig.holder.surname, genuine.id_number):
        assert value.upper() not in str(answer.error).upper()


def test_a_genuine_mrz_whose_name_was_misread_in_look_alikes_logs_in(pki: MockPki) -> None:
    """Persona 185's name line read with each G as C (the benchmark's false refusal): the key
    fields have check digits and opened the chip; the name has none and differs only in a
    look-alike. The citizen is logged in."""
    from reference_kiosk.devices.icao.bac import BacKey
    from reference_kiosk.documents.card_print import PrintedCard, fold_name

    reader, _card, _build = card_on_reader(pki, 185)
    l1, l2, l3 = td1(persona(185)).lines
    misread = l3.replace("G", "C")
    assert misread != l3
    surname, _, given = misread.partition("<<")
    born = persona(185).date_of_birth
    printed = PrintedCard(
        "mrz", l1[15:27], born, fold_name(f"{surname} {given}"), BacKey.from_mrz(l1 + l2 + misread)
    )
    connection = reader.connect()
    try:
        done = read_chip_from_print(connection, printed, FixedClock(), trust_store(pki))
    finally:
        connection.close()
    assert done.keyed_from == "mrz"
    assert base64.b64decode(done.request.dg1).endswith(l3.encode())  # the chip's name went to the backend
