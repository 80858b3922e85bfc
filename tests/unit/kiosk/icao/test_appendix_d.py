"""ICAO Doc 9303-11 Appendix D, every intermediate value (icao9303-bac-vectors.md)."""

from __future__ import annotations

import hashlib

import pytest

from reference_kiosk.devices.icao import bac, crypto, tlv
from reference_kiosk.devices.icao.apdu import CommandApdu, ResponseApdu
from reference_kiosk.devices.icao.errors import AccessDeniedError, ResponseMacError
from reference_kiosk.devices.icao.sm import SecureChannel

H = bytes.fromhex
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C<3UTO6908061F9406236ZE184226B<<<<<14"
RND_IC = H("4608F91988702212")
RND_IFD = H("781723860C06C226")
K_IFD = H("0B795240CB7049B01C19B33E32804F0B")
E_IFD = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
M_IFD = H("5F1448EEA8AD90A7")
RESP = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449")
K_ENC = H("AB94FDECF2674FDFB9B391F85D7F76F2")
K_MAC = H("7962D9ECE03D1ACD4C76089DCE131543")
KS_ENC = H("979EC13B1CBFE9DCD01AB0FED307EAE5")
KS_MAC = H("F1CB1F1FB5ADF208806B89DC579DC1F8")
SSC0 = 0x887022120C06C226


def _key() -> bac.BacKey:
    return bac.BacKey("L898902C", "690806", "940623")


def test_check_digits() -> None:
    assert crypto.check_digit("L898902C<") == 3
    assert crypto.check_digit("690806") == 1
    assert crypto.check_digit("940623") == 6


def test_key_derivation_d2() -> None:
    key = _key()
    assert key.mrz_information() == "L898902C<369080619406236"
    assert hashlib.sha1(key.mrz_information().encode()).hexdigest().upper() == (
        "239AB9CB282DAF66231DC5A4DF6BFBAEDF477565"
    )
    assert key.key_seed() == H("239AB9CB282DAF66231DC5A4DF6BFBAE")
    keys = bac.BacKeys.from_seed(key.key_seed())
    assert keys.k_enc == K_ENC
    assert keys.k_mac == K_MAC


def test_key_from_td3_mrz_matches_the_fields() -> None:
    assert bac.BacKey.from_mrz(TD3).mrz_information() == "L898902C<369080619406236"


def test_second_key_seed_vector_long_document_number() -> None:
    mrz = "I<UTOD23145890<7349<<<<<<<<<<<3407127M9507122UTO<<<<<<<<<<<2STEVENSON<<PETER<JOHN<<<<<<<<<"
    key = bac.BacKey.from_mrz(mrz)
    assert key.mrz_information() == "D23145890734934071279507122"
    assert key.key_seed() == H("B366AD857DDCA2B08C0E299811714730")


def test_mutual_authentication_d3() -> None:
    assert CommandApdu(0x00, 0x84, 0x00, 0x00, le=8).encode() == H("0084000008")
    assert ResponseApdu.decode(H("4608F919887022129000")) == ResponseApdu(RND_IC, 0x9000)
    keys = bac.BacKeys(K_ENC, K_MAC)
    s = RND_IFD + RND_IC + K_IFD
    assert s == H("781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B")
    assert crypto.des3_encrypt(K_ENC, s) == E_IFD
    assert crypto.retail_mac(K_MAC, E_IFD) == M_IFD
    data = bac.external_authenticate_data(keys, RND_IC, RND_IFD, K_IFD)
    command = CommandApdu(0x00, 0x82, 0x00, 0x00, data, 0x28).encode()
    assert command == H(
        "008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728"
    )
    e_ic, m_ic = RESP[:32], RESP[32:]
    assert e_ic == H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F")
    assert m_ic == H("2F2D235D074D7449")
    r = crypto.des3_decrypt(K_ENC, e_ic)
    assert r == H("4608F91988702212781723860C06C2260B4F80323EB3191CB04970CB4052790B")
    k_ic = r[16:]
    assert k_ic == H("0B4F80323EB3191CB04970CB4052790B")
    assert bytes(a ^ b for a, b in zip(K_IFD, k_ic, strict=True)) == H("0036D272F5C350ACAC50C3F572D23600")
    channel = bac.open_session(keys, RND_IC, RND_IFD, K_IFD, RESP)
    assert channel.ks_enc == KS_ENC
    assert channel.ks_mac == KS_MAC
    assert channel.ssc == SSC0


def test_mutual_authentication_rejects_a_tampered_card_answer() -> None:
    keys = bac.BacKeys(K_ENC, K_MAC)
    with pytest.raises(AccessDeniedError):
        bac.open_session(keys, RND_IC, RND_IFD, K_IFD, RESP[:-1] + b"\x00")
    with pytest.raises(AccessDeniedError):  # the card must echo our RND.IFD
        bac.open_session(keys, RND_IC, bytes(8), K_IFD, RESP)


def _channel() -> SecureChannel:
    return SecureChannel(KS_ENC, KS_MAC, SSC0)


def test_select_ef_com_d41() -> None:
    channel = _channel()
    assert crypto.pad(H("011E")) == H("011E800000000000")
    assert crypto.des3_encrypt(KS_ENC, crypto.pad(H("011E"))) == H("6375432908C044F6")
    do87 = tlv.encode(0x87, b"\x01" + H("6375432908C044F6"))
    assert do87 == H("8709016375432908C044F6")
    m = crypto.pad(H("0CA4020C")) + do87
    assert m == H("0CA4020C800000008709016375432908C044F6")
    n = H("887022120C06C2270CA4020C800000008709016375432908C044F68000000000")
    assert (SSC0 + 1).to_bytes(8, "big") + crypto.pad(m) == n
    assert crypto.retail_mac(KS_MAC, n, padded=True) == H("BF8B92D635FF24F8")
    assert tlv.encode(0x8E, H("BF8B92D635FF24F8")) == H("8E08BF8B92D635FF24F8")
    protected = channel.wrap(CommandApdu(0x00, 0xA4, 0x02, 0x0C, H("011E")))
    assert protected.encode() == H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")
    k = H("887022120C06C2289902900080000000")
    assert crypto.retail_mac(KS_MAC, k, padded=True) == H("FA855A5D4C50A8ED")
    plain = channel.unwrap(ResponseApdu.decode(H("990290008E08FA855A5D4C50A8ED9000")))
    assert plain == ResponseApdu(b"", 0x9000)
    assert channel.ssc == 0x887022120C06C228


def test_read_binary_d42_d43() -> None:
    channel = _channel()
    channel.ssc = 0x887022120C06C228
    protected = channel.wrap(CommandApdu(0x00, 0xB0, 0x00, 0x00, le=4))
    assert protected.encode() == H("0CB000000D9701048E08ED6705417E96BA5500")
    do97 = tlv.encode(0x97, b"\x04")
    assert do97 == H("970104")
    assert crypto.pad(H("0CB00000")) + do97 == H("0CB0000080000000970104")
    n = H("887022120C06C2290CB00000800000009701048000000000")
    assert H("887022120C06C229") + crypto.pad(H("0CB0000080000000970104")) == n
    assert crypto.retail_mac(KS_MAC, n, padded=True) == H("ED6705417E96BA55")
    resp = H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")
    k = H("887022120C06C22A8709019FF0EC34F99226519902900080")
    assert crypto.retail_mac(KS_MAC, k, padded=True) == H("AD55CC17140B2DED")
    assert channel.unwrap(ResponseApdu.decode(resp)) == ResponseApdu(H("60145F01"), 0x9000)

    protected = channel.wrap(CommandApdu(0x00, 0xB0, 0x00, 0x04, le=0x12))
    assert protected.encode() == H("0CB000040D9701128E082EA28A70F3C7B53500")
    assert crypto.pad(H("0CB00004")) + tlv.encode(0x97, b"\x12") == H("0CB0000480000000970112")
    n = H("887022120C06C22B0CB00004800000009701128000000000")
    assert crypto.retail_mac(KS_MAC, n, padded=True) == H("2EA28A70F3C7B535")
    resp = H("871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000")
    k = H("887022120C06C22C871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A9902900080")
    assert crypto.retail_mac(KS_MAC, k, padded=True) == H("C8B2787EAEA07D74")
    plain = channel.unwrap(ResponseApdu.decode(resp))
    assert plain.data == H("04303130365F36063034303030305C026175")
    assert channel.ssc == 0x887022120C06C22C
    assert H("60145F01") + plain.data == H("60145F0104303130365F36063034303030305C026175")


def test_a_flipped_response_bit_fails_the_mac() -> None:
    channel = _channel()
    channel.ssc = 0x887022120C06C229
    resp = bytearray(H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"))
    resp[5] ^= 0x01
    with pytest.raises(ResponseMacError):
        channel.unwrap(ResponseApdu.decode(bytes(resp)))
