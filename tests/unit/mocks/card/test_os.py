"""The card OS: every status word, SELECT quirks, READ BINARY offsets, short and extended length."""

from __future__ import annotations

import pytest

from mocks.card.apdu import SW, CommandApdu
from mocks.card.errors import ApduError
from mocks.card.files import CardBuild
from mocks.card.os import AID, CardImage, CardOS, atr_for
from tests.support.card import BacClient, ScriptedRandom

SELECT_AID = b"\x00\xa4\x04\x0c\x07" + AID


def _sw(raw: bytes) -> int:
    return int.from_bytes(raw[-2:], "big")


@pytest.fixture
def card(card_build: CardBuild) -> CardOS:
    return CardOS(card_build.image, ScriptedRandom())


@pytest.fixture
def bac(card: CardOS, card_build: CardBuild) -> BacClient:
    client = BacClient(card.execute, card_build.image.mrz_information)
    client.authenticate()
    return client


# ------------------------------------------------------------------ plain (before BAC)


def test_select_mf_answers_6d00_like_real_cards(card: CardOS) -> None:
    assert _sw(card.execute(bytes.fromhex("00A4000C023F00"))) == SW.INS_NOT_SUPPORTED


def test_select_unknown_aid_is_file_not_found(card: CardOS) -> None:
    assert _sw(card.execute(bytes.fromhex("00A4040C07A0000002471002"))) == SW.FILE_NOT_FOUND


@pytest.mark.parametrize("apdu", ["00A4080C02011E", "00A4040107A0000002471001"])
def test_select_with_bad_p1_p2(card: CardOS, apdu: str) -> None:
    assert _sw(card.execute(bytes.fromhex(apdu))) == SW.WRONG_P1P2


def test_select_ef_before_the_application_is_not_found(card: CardOS) -> None:
    assert _sw(card.execute(bytes.fromhex("00A4020C02011E"))) == SW.FILE_NOT_FOUND


def test_select_fid_with_wrong_length(card: CardOS) -> None:
    card.execute(SELECT_AID)
    assert _sw(card.execute(bytes.fromhex("00A4020C03011E00"))) == SW.WRONG_LENGTH


def test_read_before_bac_is_security_status_not_satisfied(card: CardOS) -> None:
    card.execute(SELECT_AID)
    assert _sw(card.execute(bytes.fromhex("00A4020C02011E"))) == SW.OK
    assert _sw(card.execute(bytes.fromhex("00B0000004"))) == SW.SECURITY_NOT_SATISFIED
    assert _sw(card.execute(bytes.fromhex("00B09E0004"))) == SW.SECURITY_NOT_SATISFIED  # by SFI


def test_read_without_a_current_file(card: CardOS) -> None:
    card.execute(SELECT_AID)
    assert _sw(card.execute(bytes.fromhex("00B0000004"))) == SW.NO_CURRENT_EF


def test_unknown_instruction_and_class(card: CardOS) -> None:
    assert _sw(card.execute(bytes.fromhex("00CA010000"))) == SW.INS_NOT_SUPPORTED
    assert _sw(card.execute(bytes.fromhex("80A4040C07A0000002471001"))) == SW.CLA_NOT_SUPPORTED


@pytest.mark.parametrize("apdu", ["00A4", "00A4040C05A000", "0084000000"[:-2] + "0000FF"])
def test_malformed_apdus_answer_wrong_length(card: CardOS, apdu: str) -> None:
    assert _sw(card.execute(bytes.fromhex(apdu))) == SW.WRONG_LENGTH


def test_get_challenge_checks_le_and_parameters(card: CardOS) -> None:
    assert _sw(card.execute(bytes.fromhex("0084000004"))) == SW.WRONG_LENGTH
    assert _sw(card.execute(bytes.fromhex("0084010008"))) == SW.WRONG_P1P2
    answer = card.execute(bytes.fromhex("0084000008"))
    assert len(answer) == 10
    assert _sw(answer) == SW.OK


def test_external_authenticate_needs_a_challenge(card: CardOS) -> None:
    apdu = b"\x00\x82\x00\x00\x28" + bytes(40) + b"\x28"
    assert _sw(card.execute(apdu)) == SW.CONDITIONS_NOT_SATISFIED


def test_external_authenticate_with_wrong_keys_fails(card: CardOS, card_build: CardBuild) -> None:
    wrong = BacClient(card.execute, "L898902C<369080619406236")
    with pytest.raises(AssertionError, match="0x6300"):
        wrong.authenticate()
    assert not card.authenticated


def test_external_authenticate_with_wrong_length(card: CardOS) -> None:
    card.execute(bytes.fromhex("0084000008"))
    assert _sw(card.execute(b"\x00\x82\x00\x00\x20" + bytes(32) + b"\x28")) == SW.WRONG_LENGTH


# ------------------------------------------------------------------ secure messaging


def test_ef_com_lists_dg3_dg14_dg15_as_real_cards(bac: BacClient) -> None:
    assert bac.read_file(0x011E).endswith(bytes.fromhex("5C0661 75 63 6D 6E 6F".replace(" ", "")))


def test_every_readable_file_reads_back_exactly(bac: BacClient, card_build: CardBuild) -> None:
    for fid, content in card_build.image.files.items():
        if fid == 0x0103:
            continue
        assert bac.read_file(fid) == content, hex(fid)


def test_dg3_is_never_readable(bac: BacClient) -> None:
    assert bac.select(0x0103).sw == SW.OK
    assert bac.send(0xB0, 0, 0, le=4).sw == SW.SECURITY_NOT_SATISFIED


def test_protected_errors_are_mac_protected(bac: BacClient) -> None:
    answer = bac.select(0x0199)
    assert answer.sw == SW.FILE_NOT_FOUND
    assert bac.select(0x011E).sw == SW.OK  # the session goes on


def test_read_offsets_and_short_file_identifier(bac: BacClient, card_build: CardBuild) -> None:
    dg1 = card_build.image.files[0x0101]
    assert bac.send(0xB0, 0x81, 0x05, le=10).data == dg1[5:15]  # SFI 1, offset 5
    assert bac.send(0xB0, 0x00, 0x50, le=0x20).data == dg1[0x50:0x70]
    assert bac.send(0xB0, 0x00, len(dg1) - 3, le=0x20).data == dg1[-3:]  # short at the end


def test_offset_beyond_the_file(bac: BacClient, card_build: CardBuild) -> None:
    size = len(card_build.image.files[0x0101])
    bac.select(0x0101)
    assert bac.send(0xB0, size >> 8, size & 0xFF, le=4).sw == SW.WRONG_OFFSET


def test_read_with_bad_sfi_bits(bac: BacClient) -> None:
    assert bac.send(0xB0, 0xE1, 0x00, le=4).sw == SW.WRONG_P1P2
    assert bac.send(0xB0, 0x85, 0x00, le=4).sw == SW.FILE_NOT_FOUND  # no file with SFI 5


def test_read_more_than_max_read_is_wrong_length(bac: BacClient) -> None:
    bac.select(0x0102)
    assert bac.send(0xB0, 0, 0, le=0x401).sw == SW.WRONG_LENGTH
    assert len(bac.send(0xB0, 0, 0, le=0x400).data) == 0x400  # extended-length APDU


def test_le_zero_is_capped_at_max_read(card_build: CardBuild) -> None:
    image = CardImage(card_build.image.files, card_build.image.mrz_information, max_read=0x80)
    card = CardOS(image, ScriptedRandom())
    bac = BacClient(card.execute, image.mrz_information)
    bac.authenticate()
    bac.select(0x0102)
    assert len(bac.send(0xB0, 0, 0, le=256).data) == 0x80


def test_short_only_card_refuses_extended_apdus(card_build: CardBuild) -> None:
    image = CardImage(
        card_build.image.files, card_build.image.mrz_information, extended_length=False, max_read=0xDF
    )
    card = CardOS(image, ScriptedRandom())
    assert card.atr == atr_for(False)
    bac = BacClient(card.execute, image.mrz_information)
    bac.authenticate()
    bac.select(0x0102)
    assert card.execute(bac.wrap(0xB0, 0, 0, le=0x300)) == b"\x67\x00"  # plain: refused before SM
    bac.authenticate(select=False)
    assert bac.read_file(0x0102, chunk=0xDF) == card_build.image.files[0x0102]


def test_short_response_that_would_not_fit_is_wrong_length(bac: BacClient) -> None:
    bac.select(0x0102)
    assert bac.send(0xB0, 0, 0, le=0xF0).sw == SW.WRONG_LENGTH  # 240 bytes + SM > 256


def test_bad_mac_ends_the_session_with_6988(bac: BacClient, card: CardOS) -> None:
    apdu = bytearray(bac.wrap(0xA4, 0x02, 0x0C, b"\x01\x1e"))
    apdu[-3] ^= 0x01  # inside DO8E
    assert card.execute(bytes(apdu)) == b"\x69\x88"
    assert not card.authenticated
    assert _sw(card.execute(bytes.fromhex("00B0000004"))) == SW.NO_CURRENT_EF


def test_protected_command_without_mac_is_6987(bac: BacClient, card: CardOS) -> None:
    assert card.execute(bytes.fromhex("0CA4020C0B8709016375432908C044F600")) == b"\x69\x87"


def test_plain_command_after_bac_is_refused_and_ends_the_session(bac: BacClient, card: CardOS) -> None:
    assert card.execute(bytes.fromhex("00A4020C02011E")) == b"\x69\x87"
    assert not card.authenticated


def test_protected_command_without_a_session_is_6988(card: CardOS) -> None:
    assert (
        card.execute(bytes.fromhex("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")) == b"\x69\x88"
    )


def test_a_fresh_bac_after_a_session(bac: BacClient, card: CardOS, card_build: CardBuild) -> None:
    again = BacClient(card.execute, card_build.image.mrz_information, rnd_ifd=bytes(range(8)))
    again.authenticate(select=False)
    assert again.read_file(0x0101) == card_build.image.files[0x0101]


def test_reset_forgets_the_session(bac: BacClient, card: CardOS) -> None:
    card.reset()
    assert card.execute(bac.wrap(0xA4, 0x02, 0x0C, b"\x01\x1e")) == b"\x69\x88"


def test_ef_atr_info_announces_extended_length(card: CardOS) -> None:
    assert card.execute(bytes.fromhex("00A4020C022F01")) == b"\x90\x00"
    answer = card.execute(bytes.fromhex("00B0000000"))
    assert answer[:2] == b"\x7f\x66"
    assert answer[-2:] == b"\x90\x00"


def test_atr_says_extended_length_in_card_capabilities() -> None:
    assert atr_for(True)[-2] & 0x40
    assert not atr_for(False)[-2] & 0x40
    for atr in (atr_for(True), atr_for(False)):
        check = 0
        for b in atr[1:]:
            check ^= b
        assert check == 0  # TCK makes the XOR of T0..TCK zero


# ------------------------------------------------------------------ APDU parsing


@pytest.mark.parametrize(
    ("raw", "data", "le", "extended"),
    [
        ("00B00000", "", None, False),
        ("00B0000000", "", 256, False),
        ("00B00000000000", "", 65536, True),
        ("00B00000000400", "", 1024, True),
        ("00A4020C02011E", "011E", None, False),
        ("00A4020C02011E00", "011E", 256, False),
        ("00A4020C000002011E0000", "011E", 65536, True),
    ],
)
def test_apdu_cases(raw: str, data: str, le: int | None, extended: bool) -> None:
    cmd = CommandApdu.parse(bytes.fromhex(raw))
    assert (cmd.data.hex().upper(), cmd.le, cmd.extended) == (data, le, extended)


@pytest.mark.parametrize("raw", ["00B000", "00A4020C03011E", "00A4020C00000301", "00A4020C0000"])
def test_apdu_parse_errors(raw: str) -> None:
    with pytest.raises(ApduError):
        CommandApdu.parse(bytes.fromhex(raw))
