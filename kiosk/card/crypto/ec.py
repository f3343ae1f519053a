"""Elliptic-curve arithmetic over prime fields, for PACE's generic mapping and chip keys.

``cryptography`` does ECDH and ECDSA but has no public point addition, and PACE's generic
mapping needs ``G' = s*G + H`` on the card's curve. This module is small, plain affine/Jacobian
arithmetic on short Weierstrass curves ``y^2 = x^3 + a*x + b (mod p)``. It is not constant time:
it is used with ephemeral keys of one session, and the tests check it against ``cryptography``.

Curves: the standardized domain parameters of ICAO 9303-11 (table 6) that Vietnamese cards and
other eMRTDs use (brainpoolP256r1, NIST P-256, brainpoolP384r1, NIST P-384); any other prime
curve can be built from explicit parameters (as DG14 and DG15 sometimes carry them).
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec as crypto_ec

#: a point in affine coordinates; None is the point at infinity
Point = tuple[int, int] | None
_Jacobian = tuple[int, int, int]  # (X, Y, Z) with x = X/Z^2, y = Y/Z^3; Z = 0 at infinity


@dataclass(frozen=True)
class Curve:
    name: str
    p: int
    a: int
    b: int
    gx: int
    gy: int
    n: int  # order of G
    h: int = 1
    #: True for PACE's ephemeral domain (same curve, generator G'): ``cryptography`` can still
    #: do ECDH on it, but not k*G
    mapped: bool = False

    @property
    def g(self) -> tuple[int, int]:
        return (self.gx, self.gy)

    @property
    def size(self) -> int:
        """Bytes of one coordinate."""
        return (self.p.bit_length() + 7) // 8

    def contains(self, point: Point) -> bool:
        if point is None:
            return True
        x, y = point
        if not (0 <= x < self.p and 0 <= y < self.p):
            return False
        return (y * y - (x * x * x + self.a * x + self.b)) % self.p == 0

    # -- group law -----------------------------------------------------------------------

    def _to_jacobian(self, point: Point) -> _Jacobian:
        return (1, 1, 0) if point is None else (point[0], point[1], 1)

    def _to_affine(self, j: _Jacobian) -> Point:
        x, y, z = j
        if z == 0:
            return None
        zi = pow(z, -1, self.p)
        zi2 = zi * zi % self.p
        return (x * zi2 % self.p, y * zi2 * zi % self.p)

    def _double(self, j: _Jacobian) -> _Jacobian:
        x, y, z = j
        p = self.p
        if z == 0 or y == 0:
            return (1, 1, 0)
        yy = y * y % p
        s = 4 * x * yy % p
        zz = z * z % p
        m = (3 * x * x + self.a * zz * zz) % p
        x3 = (m * m - 2 * s) % p
        y3 = (m * (s - x3) - 8 * yy * yy) % p
        z3 = 2 * y * z % p
        return (x3, y3, z3)

    def _add(self, j1: _Jacobian, j2: _Jacobian) -> _Jacobian:
        x1, y1, z1 = j1
        x2, y2, z2 = j2
        p = self.p
        if z1 == 0:
            return j2
        if z2 == 0:
            return j1
        z1z1 = z1 * z1 % p
        z2z2 = z2 * z2 % p
        u1 = x1 * z2z2 % p
        u2 = x2 * z1z1 % p
        s1 = y1 * z2 * z2z2 % p
        s2 = y2 * z1 * z1z1 % p
        if u1 == u2:
            return self._double(j1) if s1 == s2 else (1, 1, 0)
        h = (u2 - u1) % p
        r = (s2 - s1) % p
        hh = h * h % p
        hhh = h * hh % p
        v = u1 * hh % p
        x3 = (r * r - hhh - 2 * v) % p
        y3 = (r * (v - x3) - s1 * hhh) % p
        z3 = h * z1 * z2 % p
        return (x3, y3, z3)

    def add(self, p1: Point, p2: Point) -> Point:
        return self._to_affine(self._add(self._to_jacobian(p1), self._to_jacobian(p2)))

    def negate(self, point: Point) -> Point:
        return None if point is None else (point[0], (-point[1]) % self.p)

    def multiply(self, k: int, point: Point) -> Point:
        """``k * point`` (double-and-add, most significant bit first)."""
        if point is None or k % self.n == 0:
            return None
        if k < 0:
            return self.multiply(-k, self.negate(point))
        base = self._to_jacobian(point)
        acc: _Jacobian = (1, 1, 0)
        for bit in bin(k)[2:]:
            acc = self._double(acc)
            if bit == "1":
                acc = self._add(acc, base)
        return self._to_affine(acc)

    # -- encodings (BSI TR-03111 / SEC 1, uncompressed) ----------------------------------

    def encode_point(self, point: Point) -> bytes:
        if point is None:
            raise ValueError("the point at infinity has no uncompressed encoding")
        return b"\x04" + point[0].to_bytes(self.size, "big") + point[1].to_bytes(self.size, "big")

    def decode_point(self, data: bytes) -> tuple[int, int]:
        """An uncompressed point that lies on the curve; ValueError otherwise."""
        if len(data) != 1 + 2 * self.size or data[0] != 0x04:
            raise ValueError("not an uncompressed point of this curve")
        point = (
            int.from_bytes(data[1 : 1 + self.size], "big"),
            int.from_bytes(data[1 + self.size :], "big"),
        )
        if not self.contains(point):
            raise ValueError("point is not on the curve")
        return point

    def multiply_g(self, k: int) -> Point:
        """``k * G``; by ``cryptography`` (fast, constant time) on a named, unmapped curve."""
        named = None if self.mapped else self.cryptography_curve()
        if named is None or not 0 < k < self.n:
            return self.multiply(k, self.g)
        numbers = crypto_ec.derive_private_key(k, named).public_key().public_numbers()
        return (numbers.x, numbers.y)

    def ecdh_x(self, k: int, point: tuple[int, int]) -> bytes:
        """The x coordinate of ``k * point`` (an ECDH secret), as many bytes as a coordinate.

        The generator plays no part, so ``cryptography`` does it on mapped domains too.
        """
        named = self.cryptography_curve()
        if named is not None and 0 < k < self.n:
            private = crypto_ec.derive_private_key(k, named)
            public = crypto_ec.EllipticCurvePublicKey.from_encoded_point(
                named, self.encode_point(point)
            )
            return private.exchange(crypto_ec.ECDH(), public)
        result = self.multiply(k, point)
        if result is None:
            raise ValueError("ECDH gave the point at infinity")
        return result[0].to_bytes(self.size, "big")

    def cryptography_curve(self) -> crypto_ec.EllipticCurve | None:
        """The same curve in ``cryptography`` (for ECDSA), when it is a named one."""
        factory = _CRYPTOGRAPHY_CURVES.get(self.name)
        return factory() if factory else None


BRAINPOOL_P256R1 = Curve(
    "brainpoolP256r1",
    p=0xA9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377,
    a=0x7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9,
    b=0x26DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6,
    gx=0x8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262,
    gy=0x547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997,
    n=0xA9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7,
)
NIST_P256 = Curve(
    "secp256r1",
    p=0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF,
    a=0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC,
    b=0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
    gx=0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
    gy=0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
    n=0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
)
BRAINPOOL_P384R1 = Curve(
    "brainpoolP384r1",
    p=int(
        "8CB91E82A3386D280F5D6F7E50E641DF152F7109ED5456B412B1DA197FB71123"
        "ACD3A729901D1A71874700133107EC53", 16
    ),
    a=int(
        "7BC382C63D8C150C3C72080ACE05AFA0C2BEA28E4FB22787139165EFBA91F90F"
        "8AA5814A503AD4EB04A8C7DD22CE2826", 16
    ),
    b=int(
        "04A8C7DD22CE28268B39B55416F0447C2FB77DE107DCD2A62E880EA53EEB62D5"
        "7CB4390295DBC9943AB78696FA504C11", 16
    ),
    gx=int(
        "1D1C64F068CF45FFA2A63A81B7C13F6B8847A3E77EF14FE3DB7FCAFE0CBD10E8"
        "E826E03436D646AAEF87B2E247D4AF1E", 16
    ),
    gy=int(
        "8ABE1D7520F9C2A45CB1EB8E95CFD55262B70B29FEEC5864E19C054FF9912928"
        "0E4646217791811142820341263C5315", 16
    ),
    n=int(
        "8CB91E82A3386D280F5D6F7E50E641DF152F7109ED5456B31F166E6CAC0425A7"
        "CF3AB6AF6B7FC3103B883202E9046565", 16
    ),
)  # fmt: skip
NIST_P384 = Curve(
    "secp384r1",
    p=2**384 - 2**128 - 2**96 + 2**32 - 1,
    a=2**384 - 2**128 - 2**96 + 2**32 - 4,
    b=int(
        "B3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875A"
        "C656398D8A2ED19D2A85C8EDD3EC2AEF", 16
    ),
    gx=int(
        "AA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A38"
        "5502F25DBF55296C3A545E3872760AB7", 16
    ),
    gy=int(
        "3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C0"
        "0A60B1CE1D7E819D7A431D7C90EA0E5F", 16
    ),
    n=int(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF"
        "581A0DB248B0A77AECEC196ACCC52973", 16
    ),
)  # fmt: skip

#: ICAO 9303-11 standardized domain parameters (parameterId) that are prime curves
STANDARDIZED: dict[int, Curve] = {
    12: NIST_P256,
    13: BRAINPOOL_P256R1,
    15: NIST_P384,
    16: BRAINPOOL_P384R1,
}

#: named-curve OIDs as SubjectPublicKeyInfo carries them
BY_OID: dict[str, Curve] = {
    "1.2.840.10045.3.1.7": NIST_P256,
    "1.3.36.3.3.2.8.1.1.7": BRAINPOOL_P256R1,
    "1.3.132.0.34": NIST_P384,
    "1.3.36.3.3.2.8.1.1.11": BRAINPOOL_P384R1,
}

_CRYPTOGRAPHY_CURVES: dict[str, type[crypto_ec.EllipticCurve]] = {
    "secp256r1": crypto_ec.SECP256R1,
    "brainpoolP256r1": crypto_ec.BrainpoolP256R1,
    "secp384r1": crypto_ec.SECP384R1,
    "brainpoolP384r1": crypto_ec.BrainpoolP384R1,
}


def known_curve(explicit: Curve) -> Curve:
    """The named curve with the same parameters as ``explicit``, else ``explicit`` itself."""
    for curve in STANDARDIZED.values():
        if (curve.p, curve.a % curve.p, curve.b, curve.g, curve.n) == (
            explicit.p, explicit.a % explicit.p, explicit.b, explicit.g, explicit.n,
        ):  # fmt: skip
            return curve
    return explicit
