"""The curve arithmetic against ``cryptography``, and AES secure messaging against published
exchanges of a real passport (the AES vectors of gmrtd's secure-messaging tests)."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import ec as crypto_ec
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.card.crypto import ec
from kiosk.card.crypto.sm_cipher import AesCipher
from kiosk.card.errors import IntegrityError
from kiosk.card.transport.apdu import Command, Response, read_binary
from kiosk.card.transport.secure_messaging import SecureChannel, max_short_read

H = bytes.fromhex
CURVES = list(ec.STANDARDIZED.values())


def _public(curve: ec.Curve, k: int) -> tuple[int, int]:
    factory = curve.cryptography_curve()
    assert factory is not None
    numbers = crypto_ec.derive_private_key(k, factory).public_key().public_numbers()
    return (numbers.x, numbers.y)


@pytest.mark.parametrize("curve", CURVES, ids=lambda c: c.name)
def test_generator_is_on_the_curve_and_has_order_n(curve: ec.Curve) -> None:
    assert curve.contains(curve.g)
    assert curve.multiply(curve.n, curve.g) is None
    assert curve.multiply(curve.n - 1, curve.g) == curve.negate(curve.g)
    assert curve.multiply(2, curve.g) == curve.add(curve.g, curve.g)


@settings(max_examples=15, deadline=None)
@given(
    curve=st.sampled_from(CURVES),
    a=st.integers(min_value=1, max_value=2**255),
    b=st.integers(min_value=1, max_value=2**255),
)
def test_multiplication_and_addition_agree_with_cryptography(
    curve: ec.Curve, a: int, b: int
) -> None:
    a, b = a % (curve.n - 1) + 1, b % (curve.n - 1) + 1
    pa, pb = curve.multiply(a, curve.g), curve.multiply(b, curve.g)
    assert pa == _public(curve, a)
    total = (a + b) % curve.n
    assert curve.add(pa, pb) == (_public(curve, total) if total else None)


def test_point_encoding_round_trip_and_refusals() -> None:
    curve = ec.NIST_P256
    point = curve.multiply(12345, curve.g)
    assert point is not None
    encoded = curve.encode_point(point)
    assert len(encoded) == 65
    assert curve.decode_point(encoded) == point
    with pytest.raises(ValueError, match="not on the curve"):
        curve.decode_point(encoded[:-1] + bytes([encoded[-1] ^ 1]))
    with pytest.raises(ValueError, match="uncompressed"):
        curve.decode_point(b"\x02" + encoded[1:33])
    assert curve.add(point, curve.negate(point)) is None
    assert curve.add(None, point) == point


def test_explicit_parameters_are_recognised_as_the_named_curve() -> None:
    c = ec.BRAINPOOL_P256R1
    explicit = ec.Curve("explicit", c.p, c.a, c.b, c.gx, c.gy, c.n)
    assert ec.known_curve(explicit) is c
    other = ec.Curve("explicit", c.p, c.a, c.b, c.gx, c.gy, c.n - 2)
    assert ec.known_curve(other) is other


def test_aes_protected_command() -> None:
    cipher = AesCipher(H("cc86415f2ed7e8fd663b754265695ae1"), H("581e84b8ee06c4d3eee30461498d7fb3"))
    ch = SecureChannel.of(cipher, 0xBA)
    mse = Command(0x00, 0x22, 0x41, 0xA4, H("800a04007f000702020302028401c3"))
    assert ch.wrap(mse).encode() == H(
        "0c2241a41d871101980953d37f67558690045d78a853b18a8e08929767a2cef172e200"
    )
    assert ch.ssc == 0xBB


RESPONSE = H(
    "8781e1012fabf9e0655d7e987fd28a8aeb19c9cadd990d49399799ed1fe465bcea56da9ba3024291d40d23d7f1e0"
    "0485d71faddc6d8c1382e8028dd22efdcc72ed47663d56d20dd6c4b867956fe0507313083ae7fc54fb46133f184f"
    "ebbe13ad6fd3e2616a1f4a829e75ada1a0e443ca738288f6014be8a7745d8259b089e6bee35bcc4bf5b63db5fdd8"
    "4244f67eca099213b70a861b4487225aa68af684278fceb4cb809de42be3ee95b0e0d72bcdb0ed47cb56efc264e0"
    "4a9397a90e81ad1d81efa2d14b2ca8ec7bd997f4b1c1fd344d5dee8589c38b227ca4cb35810060a7cc76403e9902"
    "90008e083eb47ef4fa82afc99000"
)
PLAIN = H(
    "a729901d1a71874700133107ec53306404307bc382c63d8c150c3c72080ace05afa0c2bea28e4fb22787139165ef"
    "ba91f90f8aa5814a503ad4eb04a8c7dd22ce2826043004a8c7dd22ce28268b39b55416f0447c2fb77de107dcd2a6"
    "2e880ea53eeb62d57cb4390295dbc9943ab78696fa504c110461041d1c64f068cf45ffa2a63a81b7c13f6b8847a3"
    "e77ef14fe3db7fcafe0cbd10e8e826e03436d646aaef87b2e247d4af1e8abe1d7520f9c2a45cb1eb8e95cfd55262"
    "b70b29feec5864e19c054ff99129280e4646217791811142820341263c53150231008cb91e82a3"
)


def test_aes_protected_response_of_a_full_short_read() -> None:
    cipher = AesCipher(H("a8e85e938514ec67ae33cda3d43d3c48"), H("27f1adeb705a049a305b0c619b14b9b3"))
    ch = SecureChannel.of(cipher, 0x0B)
    resp = ch.unwrap(Response.decode(RESPONSE))
    assert ch.ssc == 0x0C
    assert resp == Response(PLAIN, 0x9000)
    # a real chip's largest short answer is the limit the engine computes for AES
    assert len(PLAIN) == max_short_read(16) == 0xDF
    assert max_short_read(8) == 0xE7
    bad = SecureChannel.of(cipher, 0x0B)
    with pytest.raises(IntegrityError):
        bad.unwrap(Response.decode(RESPONSE[:-3] + bytes([RESPONSE[-3] ^ 1]) + RESPONSE[-2:]))


def test_aes_wrap_unwrap_round_trip_with_extended_le() -> None:
    cipher = AesCipher(bytes(range(16)), bytes(range(16, 32)))
    terminal, card = SecureChannel.of(cipher), SecureChannel.of(cipher)
    cmd = terminal.wrap(read_binary(0, 0x800), extended=True)
    raw = cmd.encode(force_extended=True)
    assert raw[4] == 0x00  # extended Lc
    assert b"\x97\x02\x08\x00" in raw
    card.ssc += 2  # the card counted the command and its answer
    body = H("9902") + b"\x90\x00"
    mac = cipher.mac(card._pad(card.ssc.to_bytes(16, "big") + body))
    resp = terminal.unwrap(Response(body + H("8e08") + mac, 0x9000))
    assert resp == Response(b"", 0x9000)


@pytest.mark.parametrize("curve", CURVES, ids=lambda c: c.name)
def test_the_fast_paths_agree_with_the_plain_arithmetic(curve: ec.Curve) -> None:
    import dataclasses

    k, j = 0x1234567890ABCDEF, 0xFEDCBA0987654321
    assert curve.multiply_g(k) == curve.multiply(k, curve.g)
    other = curve.multiply(j, curve.g)
    assert other is not None
    product = curve.multiply(k, other)
    assert product is not None
    assert curve.ecdh_x(k, other) == product[0].to_bytes(curve.size, "big")
    # a mapped domain (another generator): k*G' must not take the named curve's G
    mapped = dataclasses.replace(curve, gx=other[0], gy=other[1], mapped=True)
    assert mapped.multiply_g(k) == product
    assert mapped.ecdh_x(k, other) == product[0].to_bytes(curve.size, "big")
