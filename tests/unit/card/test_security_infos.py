"""EF.CardAccess / DG14 / DG15 parsing, and the chip- and active-authentication commands."""

from __future__ import annotations

import os

import pytest
from asn1crypto import keys as asn1_keys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec as crypto_ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from kiosk.card.crypto import ec
from kiosk.card.crypto.sm_cipher import kdf
from kiosk.card.encoding.tlv import encode_tlv, iter_tlv, read_tlv
from kiosk.card.errors import ChipNotGenuineError, CorruptDataError
from kiosk.card.lds.security_infos import (
    ID_PK_ECDH,
    ChipAuthInfo,
    ChipAuthPublicKey,
    ec_public_key,
    parse_dg14,
    parse_security_infos,
)
from kiosk.card.transport.apdu import Command, Response
from kiosk.card.verification import active_auth, chip_auth
from kiosk.simulators.virtual_card.chip_keys import ChipKeys, build_dg14, build_dg15
from kiosk.simulators.virtual_card.features import CardFeatures

H = bytes.fromhex


def test_card_access_with_two_pace_infos_prefers_aes() -> None:
    # gmrtd's EF.CardAccess with an integrated-mapping (unsupported here) and a generic one
    der = H("31283012060a04007f000702020402040201020201103012060a04007f00070202040604020102020110")
    infos = parse_security_infos(der)
    assert len(infos.pace) == 2
    best = infos.best_pace()
    assert best is not None
    assert best.protocol == "0.4.0.127.0.7.2.2.4.2.4"  # ECDH-GM-AES-256
    assert best.cipher == ("AES", 256)
    assert best.curve is ec.BRAINPOOL_P384R1


def test_unknown_and_odd_entries_are_skipped() -> None:
    odd = encode_tlv(0x30, encode_tlv(0x06, H("2a0304")) + encode_tlv(0x02, b"\x01"))
    broken = encode_tlv(0x30, encode_tlv(0x02, b"\x01"))
    pace = H("3012060A04007F0007020204020202010202010D")
    infos = parse_security_infos(encode_tlv(0x31, odd + broken + pace))
    assert infos.unknown == ("1.2.3.4",)
    assert [p.parameter_id for p in infos.pace] == [13]
    with pytest.raises(CorruptDataError):
        parse_security_infos(H("300100"))


def test_the_virtual_cards_dg14_names_ca_its_key_and_the_aa_hash() -> None:
    keys = ChipKeys.generate(CardFeatures())
    infos = parse_dg14(build_dg14(keys))
    pair = infos.chip_auth_pair()
    assert pair is not None
    info, key = pair
    assert info.protocol == "0.4.0.127.0.7.2.2.3.2.2"
    assert info.cipher == ("AES", 128)
    assert key.protocol == ID_PK_ECDH
    curve, point = ec_public_key(key.spki)
    assert curve is ec.BRAINPOOL_P256R1
    assert point == (
        keys.ca.public_key().public_numbers().x,
        keys.ca.public_key().public_numbers().y,
    )
    assert infos.active_auth_hash == "sha256"


def _explicit_spki(key: crypto_ec.EllipticCurvePrivateKey, curve: ec.Curve) -> bytes:
    """The same public key with explicit domain parameters, as many real DG14s carry it."""
    size = curve.size
    params = asn1_keys.SpecifiedECDomain(
        {
            "version": "ecdpVer1",
            "field_id": {"field_type": "prime_field", "parameters": curve.p},
            "curve": {"a": curve.a.to_bytes(size, "big"), "b": curve.b.to_bytes(size, "big")},
            "base": curve.encode_point(curve.g),
            "order": curve.n,
            "cofactor": 1,
        }
    )
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    spki: bytes = asn1_keys.PublicKeyInfo(
        {
            "algorithm": {"algorithm": "ec", "parameters": ("specified", params)},
            "public_key": point,
        }
    ).dump()
    return spki


def test_explicit_domain_parameters_are_the_named_curve() -> None:
    key = crypto_ec.generate_private_key(crypto_ec.BrainpoolP256R1())
    curve, point = ec_public_key(_explicit_spki(key, ec.BRAINPOOL_P256R1))
    assert curve is ec.BRAINPOOL_P256R1
    assert point[0] == key.public_key().public_numbers().x
    with pytest.raises(CorruptDataError):
        ec_public_key(b"\x30\x03\x02\x01\x00")


def test_chip_authentication_3des_sends_mse_set_kat_and_derives_the_keys() -> None:
    chip_key = crypto_ec.generate_private_key(crypto_ec.SECP256R1())
    spki = chip_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    sent: list[Command] = []

    def send(cmd: Command) -> Response:
        sent.append(cmd)
        return Response(b"", 0x9000)

    info = ChipAuthInfo("0.4.0.127.0.7.2.2.3.2.1", 1, 7)
    channel = chip_auth.authenticate(send, info, ChipAuthPublicKey(ID_PK_ECDH, spki, 7), os.urandom)
    assert len(sent) == 1
    mse = sent[0]
    assert (mse.ins, mse.p1, mse.p2) == (0x22, 0x41, 0xA6)
    objects = {o.tag: o.value for o in iter_tlv(mse.data)}
    assert objects[0x84] == b"\x07"
    terminal = crypto_ec.EllipticCurvePublicKey.from_encoded_point(
        crypto_ec.SECP256R1(), objects[0x91]
    )
    secret = chip_key.exchange(crypto_ec.ECDH(), terminal)
    assert channel.ks_enc == kdf(secret, 1, "3DES")
    assert channel.ks_mac == kdf(secret, 2, "3DES")
    assert channel.ssc == 0
    assert channel.cipher.name == "3DES"


def test_chip_authentication_refused_is_not_genuine() -> None:
    keys = ChipKeys.generate(CardFeatures())
    pair = parse_dg14(build_dg14(keys)).chip_auth_pair()
    assert pair is not None
    with pytest.raises(ChipNotGenuineError):
        chip_auth.authenticate(lambda c: Response(b"", 0x6A88), *pair)


def test_active_authentication_ecdsa_and_rsa_signatures() -> None:
    challenge = os.urandom(8)
    ec_keys = ChipKeys.generate(CardFeatures())
    assert isinstance(ec_keys.aa, crypto_ec.EllipticCurvePrivateKey)
    spki = active_auth.dg15_public_key(build_dg15(ec_keys))
    r, s = decode_dss_signature(ec_keys.aa.sign(challenge, crypto_ec.ECDSA(hashes.SHA256())))
    plain = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    assert active_auth.verify(spki, challenge, plain)
    assert not active_auth.verify(spki, bytes(8), plain)
    assert not active_auth.verify(spki, challenge, plain[:-1])
    from kiosk.simulators.virtual_card.card import _iso9796_2_sign

    rsa_keys = ChipKeys.generate(CardFeatures(aa_key="rsa"))
    rsa_spki = active_auth.dg15_public_key(build_dg15(rsa_keys))
    signature = _iso9796_2_sign(rsa_keys.aa, challenge, os.urandom)  # type: ignore[arg-type]
    assert active_auth.verify(rsa_spki, challenge, signature)
    assert not active_auth.verify(rsa_spki, bytes(8), signature)
    with pytest.raises(CorruptDataError):
        active_auth.dg15_public_key(read_tlv(build_dg14(ec_keys)).value)
