"""IcaoReader against the in-process card emulator (H4b's mocks.card): full reads, keys, APDUs."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from mocks.card.apdu import SW
from mocks.card.control import make_card
from mocks.card.errors import StatusWordError
from mocks.card.faults import CardFaults, EmulatedCard
from mocks.card.mrz import td1
from mocks.card.os import CardOS
from mocks.card.pki import MockPki
from mocks.card.reader import EmulatedCardReader
from mocks.citizens import persona
from reference_kiosk.devices.icao import sm
from reference_kiosk.devices.icao.apdu import CommandApdu
from reference_kiosk.devices.icao.bac import IdNumberKeySource, candidate_expiries
from reference_kiosk.devices.icao.errors import AccessDeniedError, ApplicationNotFoundError
from reference_kiosk.devices.icao.passive_auth import Verdict
from tests.support.icao import AS_OF, card_on_reader, icao_reader, id_key, mrz_key, seeded, trust_store

VALID_SEED = 1  # a persona whose card expires (seed 7's never does)
NO_EXPIRY_SEED = 7
SIXTY_FIVE_SEED = 50  # born 1959-11-05, a card issued at 58 or later: no expiry


def test_full_read_gives_the_personas_identity_verified(pki: MockPki) -> None:
    reader, _card, build = card_on_reader(pki, VALID_SEED)
    p = build.persona
    identity = icao_reader(reader).read(id_key(build), trust_store(pki), face=True)
    assert identity.verdict is Verdict.VERIFIED
    assert identity.reasons == ()
    assert identity.id_number == p.id_number
    assert identity.full_name == p.full_name
    assert identity.date_of_birth == p.date_of_birth
    assert identity.date_of_issue == p.date_of_issue
    assert identity.date_of_expiry == p.date_of_expiry
    assert identity.sex == p.sex_vi
    assert (identity.ethnicity, identity.religion) == (p.ethnicity, p.religion)
    assert (identity.place_of_origin, identity.residence) == (p.place_of_origin, p.residence)
    assert identity.identifying_marks == p.identifying_marks
    assert (identity.father_name, identity.mother_name) == (p.father_name, p.mother_name)
    assert identity.spouse_name == p.spouse_name
    assert identity.old_id_number == p.old_id_number
    assert identity.mrz.lines == td1(p).lines
    assert identity.face_jpeg.startswith(b"\xff\xd8")
    assert (identity.dg1, identity.dg13) == (build.data_groups[1], build.data_groups[13])
    assert identity.sod == build.image.files[0x011D]


def test_identity_repr_shows_no_personal_data(pki: MockPki) -> None:
    reader, _card, build = card_on_reader(pki, VALID_SEED)
    identity = icao_reader(reader).read(id_key(build), trust_store(pki))
    text = repr(identity) + repr(identity.mrz) + repr(id_key(build)) + repr(mrz_key(build))
    for secret in (build.persona.id_number, build.persona.id_number[-9:], build.persona.surname):
        assert secret not in text
    assert "verified" in text


def _expected_apdus(build_files: dict[int, bytes], per_read: int, extra: int = 0) -> int:
    files = [build_files[f] for f in (0x011E, 0x0101, 0x0102, 0x010D, 0x011D)]
    return 3 + extra + sum(math.ceil(len(f) / per_read) for f in files)


def test_extended_length_card_is_read_in_the_fewest_apdus(pki: MockPki) -> None:
    reader, card, build = card_on_reader(pki, VALID_SEED, extended_length=True, max_read=0x400)
    icao = icao_reader(reader)
    icao.read(id_key(build), trust_store(pki), face=True)
    files = dict(build.image.files)
    # SELECT AID, GET CHALLENGE, EXTERNAL AUTHENTICATE, then short-EF reads of 1 KiB, no SELECTs.
    assert icao.stats.apdus == card.apdu_count == _expected_apdus(files, 0x400)
    assert icao.stats.read_size == 0x400
    assert icao.stats.bytes_received > len(files[0x0102])


def test_short_length_card_steps_down_to_the_size_it_accepts(pki: MockPki) -> None:
    reader, card, build = card_on_reader(pki, VALID_SEED, extended_length=False, max_read=0xDF)
    icao = icao_reader(reader)
    identity = icao.read(id_key(build), trust_store(pki), face=True)
    assert identity.verdict is Verdict.VERIFIED
    # one refused 0xE7 read, then 0xDF per READ BINARY
    assert card.apdu_count == _expected_apdus(dict(build.image.files), 0xDF, extra=1)
    assert icao.stats.read_size == 0xDF


def test_largest_short_read_is_used_when_the_card_allows_it(pki: MockPki) -> None:
    reader, card, build = card_on_reader(pki, VALID_SEED, extended_length=False, max_read=256)
    icao_reader(reader).read(id_key(build), trust_store(pki), face=True)
    assert card.apdu_count == _expected_apdus(dict(build.image.files), 0xE7)


def test_dg3_is_never_asked_for(pki: MockPki, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[CommandApdu] = []
    original = sm.SecureChannel.wrap

    def spy(self: sm.SecureChannel, command: CommandApdu) -> CommandApdu:
        sent.append(command)
        return original(self, command)

    monkeypatch.setattr(sm.SecureChannel, "wrap", spy)
    reader, _card, build = card_on_reader(pki, VALID_SEED)
    icao_reader(reader).read(id_key(build), trust_store(pki), face=True)
    first_reads = [c.p1 & 0x1F for c in sent if c.ins == 0xB0 and c.p1 & 0x80]
    assert first_reads == [0x1E, 0x01, 0x0D, 0x02, 0x1D]
    assert not any(c.ins == 0xA4 and c.data == b"\x01\x03" for c in sent)


class _NoSfiCardOS(CardOS):
    """A card without short-EF-identifier reads (P1 b8 set answers 6A86)."""

    def _read_binary(self, cmd: CommandApdu, protected: bool) -> bytes:  # type: ignore[override]
        if cmd.p1 & 0x80:
            raise StatusWordError(SW.WRONG_P1P2)
        return super()._read_binary(cmd, protected)  # type: ignore[arg-type]


def test_card_without_short_ef_reads_gets_select_then_read(pki: MockPki) -> None:
    _card, build = make_card(VALID_SEED, pki, random_bytes=seeded(3))
    card = EmulatedCard(_NoSfiCardOS(build.image, seeded(4)))
    reader = EmulatedCardReader()
    reader.insert(card)
    icao = icao_reader(reader)
    assert icao.read(id_key(build), trust_store(pki), face=True).verdict is Verdict.VERIFIED
    # one refused short-EF read, then SELECT + reads for each of the five files
    assert card.apdu_count == _expected_apdus(dict(build.image.files), 0x400, extra=1 + 5)


def test_mrz_key_reads_a_card_that_never_expires(pki: MockPki) -> None:
    reader, _card, build = card_on_reader(pki, NO_EXPIRY_SEED)
    assert build.persona.date_of_expiry is None
    identity = icao_reader(reader).read(mrz_key(build), trust_store(pki))
    assert identity.date_of_expiry is None
    assert not identity.expires
    assert identity.verified


def test_a_65_year_olds_card_without_expiry_opens_with_id_number_and_birth_date(pki: MockPki) -> None:
    # Not computable from the law (cccd-chip.md); decision 0004's 100th birthday is the last candidate.
    reader, _card, build = card_on_reader(pki, SIXTY_FIVE_SEED)
    p = build.persona
    assert p.date_of_expiry is None
    assert (AS_OF.date() - p.date_of_birth).days // 365 == 65
    candidates = candidate_expiries(p.date_of_birth, AS_OF.date())
    assert candidates[-1] == p.date_of_birth.replace(year=p.date_of_birth.year + 100)
    icao = icao_reader(reader)
    identity = icao.read(id_key(build), trust_store(pki))
    assert identity.verified
    assert icao.stats.bac_attempts == len(candidates)


def test_the_100th_birthday_is_no_candidate_before_58() -> None:
    dob = dt.date(1970, 1, 10)
    assert dt.date(2070, 1, 10) not in candidate_expiries(dob, dt.date(2027, 12, 31))
    assert candidate_expiries(dob, dt.date(2028, 1, 10))[-1] == dt.date(2070, 1, 10)


def test_wrong_date_of_birth_tries_every_candidate_then_is_denied(pki: MockPki) -> None:
    reader, card, build = card_on_reader(pki, VALID_SEED)
    wrong = IdNumberKeySource(build.persona.id_number, build.persona.date_of_birth + dt.timedelta(days=1))
    icao = icao_reader(reader)
    with pytest.raises(AccessDeniedError):
        icao.read(wrong, trust_store(pki))
    tried = len(wrong.candidates(AS_OF.date()))
    assert icao.stats.bac_attempts == tried
    assert card.apdu_count == 1 + 2 * tried


def test_the_personas_card_expiry_is_among_the_first_two_candidates() -> None:
    expiring = [p for p in map(persona, range(60)) if p.date_of_expiry is not None]
    assert len(expiring) > 40
    for p in expiring:
        assert p.date_of_expiry in candidate_expiries(p.date_of_birth, AS_OF.date())[:2], p.seed


def test_candidate_expiries_order() -> None:
    dob = dt.date(2001, 8, 2)
    assert candidate_expiries(dob, dt.date(2025, 6, 1)) == (dt.date(2026, 8, 2), dt.date(2041, 8, 2))
    # a child's card issued since 1 Jul 2024 expires at 14
    child = dt.date(2015, 3, 1)
    assert candidate_expiries(child, dt.date(2025, 6, 1))[0] == dt.date(2029, 3, 1)
    # before the 2024 law nobody's card expired at 14
    assert dt.date(2014, 3, 1) not in candidate_expiries(dt.date(2000, 3, 1), dt.date(2025, 6, 1))
    # an expired card's expiry comes after the upcoming ones, newest first
    assert candidate_expiries(dt.date(1980, 5, 5), dt.date(2025, 6, 1)) == (
        dt.date(2040, 5, 5),
        dt.date(2020, 5, 5),
        dt.date(2005, 5, 5),
    )
    assert candidate_expiries(dt.date(2004, 2, 29), dt.date(2025, 6, 1))[0] == dt.date(2029, 2, 28)


def test_a_card_that_is_not_an_id_card(pki: MockPki) -> None:
    class _OtherApp(CardOS):
        def execute(self, apdu: bytes) -> bytes:
            return SW.FILE_NOT_FOUND.to_bytes(2, "big")

    _card, build = make_card(VALID_SEED, pki, random_bytes=seeded(3))
    reader = EmulatedCardReader()
    reader.insert(EmulatedCard(_OtherApp(build.image, seeded(4))))
    with pytest.raises(ApplicationNotFoundError):
        icao_reader(reader).read(id_key(build), trust_store(pki))


def test_expired_card_reads_verified_and_reports_expired(pki: MockPki) -> None:
    reader, _card, build = card_on_reader(pki, VALID_SEED, CardFaults(expired_card=True))
    identity = icao_reader(reader).read(mrz_key(build), trust_store(pki))
    assert identity.verified
    assert identity.is_expired(AS_OF.date())
    assert identity.date_of_expiry is not None
    assert not identity.is_expired(identity.date_of_expiry)


class _SilentAtrCardOS(CardOS):
    """An ATR without card capabilities: the reader must look at EF.ATR/INFO instead."""

    @property
    def atr(self) -> bytes:
        return bytes.fromhex("3B80800101")


@pytest.mark.parametrize(("extended", "apdus_for_probe"), [(True, 2), (False, 1)])
def test_silent_atr_is_resolved_by_ef_atr_info(pki: MockPki, extended: bool, apdus_for_probe: int) -> None:
    max_read = 0x400 if extended else 0xDF
    _card, build = make_card(VALID_SEED, pki, extended_length=extended, max_read=max_read)
    card = EmulatedCard(_SilentAtrCardOS(build.image, seeded(4)))
    reader = EmulatedCardReader()
    reader.insert(card)
    icao = icao_reader(reader)
    assert icao.read(id_key(build), trust_store(pki), face=True).verified
    assert icao.stats.extended_length is extended
    refused = 0 if extended else 1  # the short card refuses one 0xE7 read first
    expected = _expected_apdus(dict(build.image.files), max_read, extra=apdus_for_probe + refused)
    assert card.apdu_count == expected


def test_a_card_issued_just_before_a_renewal_age_opens_with_the_second_candidate(pki: MockPki) -> None:
    reader, card, build = card_on_reader(pki, 6)
    p = build.persona
    candidates = candidate_expiries(p.date_of_birth, AS_OF.date())
    assert p.date_of_expiry == candidates[1]  # issued within two years before 25: lasts to 40
    icao = icao_reader(reader)
    assert icao.read(id_key(build), trust_store(pki), face=True).verified
    assert icao.stats.bac_attempts == 2
    assert card.apdu_count == _expected_apdus(dict(build.image.files), 0x400, extra=2)


def test_login_read_leaves_the_face_on_the_card(pki: MockPki) -> None:
    """Issue 15.6: DG2 is read only when asked; the groups read are still hash-checked."""
    reader, _card, build = card_on_reader(pki, VALID_SEED)
    login = icao_reader(reader)
    identity = login.read(id_key(build), trust_store(pki))
    assert identity.face_jpeg == b""
    assert identity.verdict is Verdict.VERIFIED
    full = icao_reader(reader)
    full.read(id_key(build), trust_store(pki), face=True)
    dg2 = len(build.image.files[0x0102])
    assert login.stats.bytes_received < full.stats.bytes_received - dg2
    assert login.stats.apdus < full.stats.apdus


def test_a_tampered_face_is_caught_when_the_face_is_read(pki: MockPki) -> None:
    from mocks.card.control import make_card
    from mocks.card.faults import CardFaults
    from mocks.card.reader import EmulatedCardReader

    card, build = make_card(VALID_SEED, pki, CardFaults(tampered=frozenset({2})))
    reader = EmulatedCardReader()
    reader.insert(card)
    assert (
        icao_reader(reader).read(id_key(build), trust_store(pki), face=True).verdict is Verdict.HASH_MISMATCH
    )
    assert icao_reader(reader).read(id_key(build), trust_store(pki)).verdict is Verdict.VERIFIED  # not read
