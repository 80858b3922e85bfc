"""ICAO 9303 Part 11 Appendix D, the card's half: fixed RND.IC and K.IC, every value checked."""

from __future__ import annotations

import pytest

from mocks.card import crypto
from mocks.card.os import AID, CardImage, CardOS
from tests.support.card import ScriptedRandom

MRZ_INFO = "L898902C<369080619406236"
EF_COM = bytes.fromhex("60145F0104303130365F36063034303030305C026175")
RND_IC = bytes.fromhex("4608F91988702212")
K_IC = bytes.fromhex("0B4F80323EB3191CB04970CB4052790B")


def test_key_derivation_d2() -> None:
    seed = crypto.key_seed(MRZ_INFO)
    assert seed.hex().upper() == "239AB9CB282DAF66231DC5A4DF6BFBAE"
    assert crypto.derive_key(seed, 1).hex().upper() == "AB94FDECF2674FDFB9B391F85D7F76F2"
    assert crypto.derive_key(seed, 2).hex().upper() == "7962D9ECE03D1ACD4C76089DCE131543"


def test_second_key_seed_vector_td1() -> None:
    assert crypto.key_seed("D23145890734934071279507122").hex().upper() == "B366AD857DDCA2B08C0E299811714730"


def test_session_keys_d3() -> None:
    seed = bytes.fromhex("0036D272F5C350ACAC50C3F572D23600")
    assert crypto.derive_key(seed, 1).hex().upper() == "979EC13B1CBFE9DCD01AB0FED307EAE5"
    assert crypto.derive_key(seed, 2).hex().upper() == "F1CB1F1FB5ADF208806B89DC579DC1F8"


def test_ifd_cryptogram_and_mac_d3() -> None:
    k_enc, k_mac = (crypto.derive_key(crypto.key_seed(MRZ_INFO), c) for c in (1, 2))
    s = bytes.fromhex("781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B")
    e_ifd = crypto.des3_encrypt(k_enc, s)
    assert e_ifd.hex().upper() == "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"
    assert crypto.retail_mac(k_mac, e_ifd).hex().upper() == "5F1448EEA8AD90A7"


@pytest.mark.parametrize(
    ("data", "padded"),
    [
        (b"", "8000000000000000"),
        (bytes.fromhex("011E"), "011E800000000000"),
        (bytes(8), "0" * 16 + "80" + "0" * 14),
    ],
)
def test_padding_round_trip(data: bytes, padded: str) -> None:
    assert crypto.pad(data).hex().upper() == padded.upper()
    assert crypto.unpad(crypto.pad(data)) == data


def test_unpad_rejects_missing_padding() -> None:
    with pytest.raises(ValueError, match="padding"):
        crypto.unpad(bytes(8))


def _card() -> tuple[CardOS, ScriptedRandom]:
    rnd = ScriptedRandom([RND_IC, K_IC])
    return CardOS(CardImage({0x011E: EF_COM}, MRZ_INFO), rnd), rnd


def _x(card: CardOS, hex_apdu: str) -> str:
    return card.execute(bytes.fromhex(hex_apdu)).hex().upper()


def test_the_card_reproduces_appendix_d_exchange() -> None:
    card, rnd = _card()
    assert card.execute(b"\x00\xa4\x04\x0c\x07" + AID) == b"\x90\x00"
    assert _x(card, "0084000008") == "4608F919887022129000"
    ext_auth = "008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728"
    assert _x(card, ext_auth) == (
        "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D74499000"
    )
    assert rnd.calls == 2  # RND.IC then K.IC, nothing else drawn
    # D.4.1 SELECT EF.COM, D.4.2 READ BINARY 4 bytes, D.4.3 READ BINARY 18 bytes from offset 4
    assert _x(card, "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800") == (
        "990290008E08FA855A5D4C50A8ED9000"
    )
    assert _x(card, "0CB000000D9701048E08ED6705417E96BA5500") == (
        "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"
    )
    assert _x(card, "0CB000040D9701128E082EA28A70F3C7B53500") == (
        "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000"
    )


def test_session_state_after_appendix_d() -> None:
    card, _ = _card()
    card.execute(b"\x00\xa4\x04\x0c\x07" + AID)
    card.execute(bytes.fromhex("0084000008"))
    card.execute(
        bytes.fromhex(
            "008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728"
        )
    )
    assert card.authenticated
    channel = card._channel
    assert channel is not None
    assert channel.ks_enc.hex().upper() == "979EC13B1CBFE9DCD01AB0FED307EAE5"
    assert channel.ks_mac.hex().upper() == "F1CB1F1FB5ADF208806B89DC579DC1F8"
    assert channel.ssc.to_bytes(8, "big").hex().upper() == "887022120C06C226"
    for apdu in (
        "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800",
        "0CB000000D9701048E08ED6705417E96BA5500",
        "0CB000040D9701128E082EA28A70F3C7B53500",
    ):
        card.execute(bytes.fromhex(apdu))
    assert channel.ssc.to_bytes(8, "big").hex().upper() == "887022120C06C22C"  # final SSC of D.4.3
