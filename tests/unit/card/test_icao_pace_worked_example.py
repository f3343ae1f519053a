"""ICAO Doc 9303-11 Appendix G.1: PACE, ECDH generic mapping on brainpoolP256r1, AES-128,
value by value - both the terminal (kiosk.card.access.pace) and the virtual card's side."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest

from kiosk.card.access.pace import PacePassword, PaceSession, authenticate, mse_set_at
from kiosk.card.crypto import ec, pace_crypto
from kiosk.card.crypto.sm_cipher import make_cipher
from kiosk.card.encoding.mrz import mrz_information
from kiosk.card.lds.security_infos import parse_security_infos
from kiosk.card.transport.apdu import Command, Response

H = bytes.fromhex
CURVE = ec.BRAINPOOL_P256R1
PROTOCOL = "0.4.0.127.0.7.2.2.4.2.2"  # id-PACE-ECDH-GM-AES-CBC-CMAC-128
CARD_ACCESS = H("31143012060A04007F0007020204020202010202010D")
MRZ_INFO = "T22000129364081251010318"

K_PI = H("89DED1B26624EC1E634C1989302849DD")
Z = H("95A3A016522EE98D01E76CB6B98B42C3")
S = H("3F00C4D39D153F2B2A214A078D899B22")
SK_MAP_PCD = 0x7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99
PK_MAP_PCD = (
    0x7ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E,
    0x544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D,
)
SK_MAP_PICC = 0x498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560
PK_MAP_PICC = (
    0x824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57,
    0x30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54,
)
H_POINT = (
    0x60332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD5,
    0x0840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181,
)
G_MAPPED = (
    0x8CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2,
    0x8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522,
)
SK_PCD = 0xA73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595
PK_PCD = (
    0x2DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C,
    0x3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462,
)
SK_PICC = 0x107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A
PK_PICC = (
    0x9E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB,
    0x7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094,
)
SHARED = H("28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925")
KS_ENC = H("F5F0E35C0D7161EE6724EE513A0D9A7F")
KS_MAC = H("FE251C7858B356B24514B3BD5F4297D1")
T_PCD = H("C2B0BD78D94BA866")
T_PICC = H("3ABB9674BCE93C08")

#: the command and response APDUs of the example
EXCHANGE = [
    ("0022C1A40F800A04007F00070202040202830101", "9000"),
    ("10860000027C0000", "7C12801095A3A016522EE98D01E76CB6B98B42C39000"),
    (
        "10860000457C438141047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
        "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D00",
        "7C43824104824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9"
        "C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C549000",
    ),
    (
        "10860000457C438341042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C"
        "3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB3646200",
        "7C438441049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2"
        "EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F0949000",
    ),
    ("008600000C7C0A8508C2B0BD78D94BA86600", "7C0A86083ABB9674BCE93C089000"),
]


def test_card_access_names_generic_mapping_aes128_on_brainpool_p256() -> None:
    info = parse_security_infos(CARD_ACCESS).pace[0]
    assert info.protocol == PROTOCOL
    assert info.version == 2
    assert info.parameter_id == 13
    assert info.curve is CURVE
    assert info.cipher == ("AES", 128)
    assert info.supported


def test_password_key_and_nonce() -> None:
    assert mrz_information("T22000129", "640812", "101031") == MRZ_INFO
    assert hashlib.sha1(MRZ_INFO.encode()).digest() == H("7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD")
    k_pi = pace_crypto.password_key("mrz", MRZ_INFO, "AES", 128)
    assert k_pi == K_PI
    assert pace_crypto.decrypt_nonce(k_pi, Z, "AES") == S
    assert pace_crypto.encrypt_nonce(k_pi, S, "AES") == Z


def test_mapping_keys_h_and_the_mapped_generator() -> None:
    assert CURVE.multiply(SK_MAP_PCD, CURVE.g) == PK_MAP_PCD
    assert CURVE.multiply(SK_MAP_PICC, CURVE.g) == PK_MAP_PICC
    assert CURVE.multiply(SK_MAP_PCD, PK_MAP_PICC) == H_POINT
    assert CURVE.multiply(SK_MAP_PICC, PK_MAP_PCD) == H_POINT
    mapped = pace_crypto.map_generator(CURVE, S, H_POINT)
    assert mapped.g == G_MAPPED
    assert mapped.contains(G_MAPPED)


def test_ephemeral_keys_shared_secret_and_session_keys() -> None:
    mapped = pace_crypto.map_generator(CURVE, S, H_POINT)
    assert mapped.multiply(SK_PCD, mapped.g) == PK_PCD
    assert mapped.multiply(SK_PICC, mapped.g) == PK_PICC
    assert pace_crypto.shared_x(mapped, SK_PCD, PK_PICC) == SHARED
    assert pace_crypto.shared_x(mapped, SK_PICC, PK_PCD) == SHARED
    cipher = make_cipher("AES", SHARED)
    assert cipher.ks_enc == KS_ENC
    assert cipher.ks_mac == KS_MAC


def test_authentication_tokens() -> None:
    mapped = pace_crypto.map_generator(CURVE, S, H_POINT)
    assert pace_crypto.public_key_object(PROTOCOL, mapped, PK_PICC) == H(
        "7F494F060A04007F000702020402028641049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D2"
        "8C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094"
    )
    assert pace_crypto.auth_token("AES", KS_MAC, PROTOCOL, mapped, PK_PICC) == T_PCD
    assert pace_crypto.auth_token("AES", KS_MAC, PROTOCOL, mapped, PK_PCD) == T_PICC


class _ScriptedChip:
    """Answers with the example's responses and checks each command byte for byte."""

    def __init__(self) -> None:
        self.exchange = iter(EXCHANGE)
        self.sent: list[str] = []

    def __call__(self, cmd: Command) -> Response:
        expected, answer = next(self.exchange)
        self.sent.append(cmd.encode().hex().upper())
        assert self.sent[-1] == expected
        return Response.decode(H(answer))


def _scalars(*values: int) -> Iterator[bytes]:
    for v in values:
        yield v.to_bytes(32, "big")


@pytest.fixture
def session() -> tuple[PaceSession, _ScriptedChip]:
    chip = _ScriptedChip()
    info = parse_security_infos(CARD_ACCESS).pace[0]
    keys = _scalars(SK_MAP_PCD, SK_PCD)
    result = authenticate(chip, info, PacePassword("mrz", MRZ_INFO), lambda n: next(keys))
    return result, chip


def test_terminal_sends_every_command_of_the_example(
    session: tuple[PaceSession, _ScriptedChip],
) -> None:
    result, chip = session
    assert chip.sent == [c for c, _ in EXCHANGE]
    assert result.nonce == S
    assert result.mapped_generator == G_MAPPED
    assert result.shared_secret == SHARED
    assert result.terminal_token == T_PCD
    assert result.chip_token == T_PICC
    assert result.channel.ks_enc == KS_ENC
    assert result.channel.ks_mac == KS_MAC
    assert result.channel.ssc == 0
    assert result.channel.cipher.name == "AES"


def test_mse_set_at_names_the_parameters_only_when_asked() -> None:
    info = parse_security_infos(CARD_ACCESS).pace[0]
    pw = PacePassword("can", "012345")
    assert mse_set_at(info, pw).encode().hex().upper() == "0022C1A40F800A04007F00070202040202830102"
    named = mse_set_at(info, pw, name_parameters=True).encode().hex().upper()
    assert named == "0022C1A412800A04007F0007020204020283010284010D"
    assert "012345" not in repr(pw)


def test_virtual_chip_answers_with_the_example_values() -> None:
    from kiosk.simulators.virtual_card.pace_chip import PaceChip

    chip_random = iter([S, SK_MAP_PICC.to_bytes(32, "big"), SK_PICC.to_bytes(32, "big")])
    chip = PaceChip(
        parse_security_infos(CARD_ACCESS).pace,
        {"mrz": MRZ_INFO, "can": "000000"},
        random=lambda n: next(chip_random),
    )
    answers = [chip.command(Command.decode(H(c))) for c, _ in EXCHANGE]
    assert [a.encode().hex().upper() for a in answers] == [r for _, r in EXCHANGE]
    assert chip.cipher is not None
    assert chip.cipher.ks_enc == KS_ENC
    assert chip.cipher.ks_mac == KS_MAC


def test_a_chip_that_wants_the_parameters_named_gets_a_second_mse() -> None:
    exchange = iter([("0022C1A40F800A04007F00070202040202830101", "6A80"),
                     ("0022C1A412800A04007F0007020204020283010184010D", "9000"),
                     *EXCHANGE[1:]])  # fmt: skip
    sent: list[str] = []

    def chip(cmd: Command) -> Response:
        expected, answer = next(exchange)
        sent.append(cmd.encode().hex().upper())
        assert sent[-1] == expected
        return Response.decode(H(answer))

    info = parse_security_infos(CARD_ACCESS).pace[0]
    keys = _scalars(SK_MAP_PCD, SK_PCD)
    result = authenticate(chip, info, PacePassword("mrz", MRZ_INFO), lambda n: next(keys))
    assert result.channel.ks_enc == KS_ENC
    assert len(sent) == 6
