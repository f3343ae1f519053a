"""ICAO Doc 9303-11 Appendix D: the BAC and secure-messaging worked example, value by value."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest

from kiosk.card.access.bac import BacKeys, BacSession, authenticate
from kiosk.card.crypto import bac_crypto
from kiosk.card.encoding.mrz import check_digit, mrz_information
from kiosk.card.encoding.tlv import total_length
from kiosk.card.transport.apdu import Command, Response, read_binary, select_ef
from kiosk.card.transport.secure_messaging import SecureChannel

H = bytes.fromhex

MRZ_INFO = "L898902C<369080619406236"
RND_IC = H("4608F91988702212")
RND_IFD = H("781723860C06C226")
K_IFD = H("0B795240CB7049B01C19B33E32804F0B")
E_IFD = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
M_IFD = H("5F1448EEA8AD90A7")
RESP_DATA = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449")
K_IC = H("0B4F80323EB3191CB04970CB4052790B")
KS_ENC = H("979EC13B1CBFE9DCD01AB0FED307EAE5")
KS_MAC = H("F1CB1F1FB5ADF208806B89DC579DC1F8")
SSC = 0x887022120C06C226


def test_check_digits_of_the_mrz_fields() -> None:
    assert check_digit("L898902C<") == "3"
    assert check_digit("690806") == "1"
    assert check_digit("940623") == "6"
    assert mrz_information("L898902C", "690806", "940623") == MRZ_INFO


def test_key_seed_from_the_mrz_information() -> None:
    assert hashlib.sha1(MRZ_INFO.encode()).digest() == H("239AB9CB282DAF66231DC5A4DF6BFBAEDF477565")
    assert bac_crypto.key_seed(MRZ_INFO) == H("239AB9CB282DAF66231DC5A4DF6BFBAE")


def test_derived_basic_access_keys_before_and_after_parity() -> None:
    seed = bac_crypto.key_seed(MRZ_INFO)
    d_enc = hashlib.sha1(seed + b"\x00\x00\x00\x01").digest()
    assert d_enc == H("AB94FCEDF2664EDFB9B291F85D7F77F27F2F4A9D")
    d_mac = hashlib.sha1(seed + b"\x00\x00\x00\x02").digest()
    assert d_mac == H("7862D9ECE03C1BCD4D77089DCF131442814EA70A")
    keys = BacKeys.from_mrz_information(MRZ_INFO)
    assert keys.k_enc == H("AB94FDECF2674FDFB9B391F85D7F76F2")
    assert keys.k_mac == H("7962D9ECE03D1ACD4C76089DCE131543")


def test_encryption_and_mac_of_the_terminal_cryptogram() -> None:
    keys = BacKeys.from_mrz_information(MRZ_INFO)
    s = RND_IFD + RND_IC + K_IFD
    assert s == H("781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B")
    assert bac_crypto.encrypt(keys.k_enc, s) == E_IFD
    assert bac_crypto.retail_mac(keys.k_mac, bac_crypto.pad(E_IFD)) == M_IFD


class _ScriptedCard:
    """Answers the two BAC commands with the Appendix D values and records the commands."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def __call__(self, cmd: Command) -> Response:
        self.sent.append(cmd.encode())
        if cmd.ins == 0x84:
            return Response(RND_IC, 0x9000)
        return Response(RESP_DATA, 0x9000)


def _random() -> Iterator[bytes]:
    yield RND_IFD
    yield K_IFD


@pytest.fixture
def session() -> tuple[BacSession, _ScriptedCard]:
    card = _ScriptedCard()
    values = _random()
    result = authenticate(card, BacKeys.from_mrz_information(MRZ_INFO), lambda n: next(values))
    return result, card


def test_mutual_authentication_commands(session: tuple[BacSession, _ScriptedCard]) -> None:
    _, card = session
    assert card.sent[0] == H("0084000008")
    assert card.sent[1] == H("0082000028") + E_IFD + M_IFD + H("28")


def test_card_response_decrypts_to_the_card_keys(
    session: tuple[BacSession, _ScriptedCard],
) -> None:
    result, _ = session
    keys = BacKeys.from_mrz_information(MRZ_INFO)
    plain = bac_crypto.decrypt(keys.k_enc, RESP_DATA[:32])
    assert plain == H("4608F91988702212781723860C06C2260B4F80323EB3191CB04970CB4052790B")
    assert result.k_ic == K_IC
    assert result.rnd_ic == RND_IC


def test_session_keys_and_send_sequence_counter(
    session: tuple[BacSession, _ScriptedCard],
) -> None:
    result, _ = session
    seed = bytes(a ^ b for a, b in zip(K_IFD, K_IC, strict=True))
    assert seed == H("0036D272F5C350ACAC50C3F572D23600")
    assert result.channel.ks_enc == KS_ENC
    assert result.channel.ks_mac == KS_MAC
    assert result.channel.ssc == SSC


def test_protected_select_ef_com() -> None:
    ch = SecureChannel(KS_ENC, KS_MAC, SSC)
    # the steps: masked header, padded data, DO87, MAC input and checksum
    assert bac_crypto.pad(H("0CA4020C")) == H("0CA4020C80000000")
    assert bac_crypto.pad(H("011E")) == H("011E800000000000")
    assert bac_crypto.encrypt(KS_ENC, H("011E800000000000")) == H("6375432908C044F6")
    n = H("887022120C06C2270CA4020C800000008709016375432908C044F68000000000")
    assert bac_crypto.retail_mac(KS_MAC, n) == H("BF8B92D635FF24F8")
    protected = ch.wrap(select_ef(0x011E)).encode()
    assert protected == H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")
    assert ch.ssc == 0x887022120C06C227
    resp = ch.unwrap(Response.decode(H("990290008E08FA855A5D4C50A8ED9000")))
    assert ch.ssc == 0x887022120C06C228
    assert bac_crypto.retail_mac(KS_MAC, H("887022120C06C2289902900080000000")) == H(
        "FA855A5D4C50A8ED"
    )
    assert resp == Response(b"", 0x9000)


def test_protected_read_binary_of_ef_com_header_then_rest() -> None:
    ch = SecureChannel(KS_ENC, KS_MAC, 0x887022120C06C228)
    first = ch.wrap(read_binary(0, 4)).encode()
    assert ch.ssc == 0x887022120C06C229
    n = H("887022120C06C2290CB00000800000009701048000000000")
    assert bac_crypto.retail_mac(KS_MAC, n) == H("ED6705417E96BA55")
    assert first == H("0CB000000D9701048E08ED6705417E96BA5500")
    resp = ch.unwrap(Response.decode(H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")))
    assert ch.ssc == 0x887022120C06C22A
    k = H("887022120C06C22A8709019FF0EC34F99226519902900080")
    assert bac_crypto.retail_mac(KS_MAC, k) == H("AD55CC17140B2DED")
    assert resp.data == H("60145F01")
    assert total_length(resp.data) == 22
    second = ch.wrap(read_binary(4, 0x12)).encode()
    assert ch.ssc == 0x887022120C06C22B
    n = H("887022120C06C22B0CB00004800000009701128000000000")
    assert bac_crypto.retail_mac(KS_MAC, n) == H("2EA28A70F3C7B535")
    assert second == H("0CB000040D9701128E082EA28A70F3C7B53500")
    rest = ch.unwrap(
        Response.decode(
            H(
                "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08"
                "C8B2787EAEA07D749000"
            )
        )
    )
    assert ch.ssc == 0x887022120C06C22C
    assert rest.data == H("04303130365F36063034303030305C026175")
    # EF.COM of the example: LDS 1.6, Unicode 4.0.0, DG1 and DG2
    assert resp.data + rest.data == H("60145F0104303130365F36063034303030305C026175")


def test_a_wrong_response_mac_is_an_integrity_error() -> None:
    from kiosk.card.errors import IntegrityError

    ch = SecureChannel(KS_ENC, KS_MAC, SSC)
    ch.wrap(select_ef(0x011E))
    with pytest.raises(IntegrityError):
        ch.unwrap(Response.decode(H("990290008E08FA855A5D4C50A8EE9000")))
