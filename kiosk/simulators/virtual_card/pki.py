"""A test CSCA -> DSC chain for the virtual card, made with ``cryptography``.

Generated once and cached as PEM files in a directory (the kiosk data dir in demo mode, a tmp
dir in tests) so that a technician can point ``card.trust_store`` at ``csca.pem``. Nothing here
is a real Vietnamese certificate: the names say TEST.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CSCA_FILE = "csca.pem"
DSC_FILE = "dsc.pem"
DSC_KEY_FILE = "dsc-key.pem"


@dataclass(frozen=True)
class CardPki:
    csca: x509.Certificate
    dsc: x509.Certificate
    dsc_key: ec.EllipticCurvePrivateKey

    @property
    def csca_pem(self) -> bytes:
        return self.csca.public_bytes(serialization.Encoding.PEM)


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def generate(csca_name: str = "TEST CSCA VN kiosk") -> CardPki:
    """A fresh CSCA and DSC (both P-256), valid 2020-2049.

    Kept compact (short names, small serials, no optional extensions on the DSC) so the SOD
    stays near 900 bytes - the size the round-trip targets of docs/card.md are measured with.
    """
    not_before = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    not_after = dt.datetime(2049, 12, 31, tzinfo=dt.UTC)  # UTCTime: still two-digit years
    csca_key = ec.generate_private_key(ec.SECP256R1())
    csca_subject = _name(csca_name)
    csca_ski = x509.SubjectKeyIdentifier.from_public_key(csca_key.public_key())
    csca = (
        x509.CertificateBuilder()
        .subject_name(csca_subject)
        .issuer_name(csca_subject)
        .public_key(csca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(csca_ski, critical=False)
        .sign(csca_key, hashes.SHA256())
    )
    dsc_key = ec.generate_private_key(ec.SECP256R1())
    dsc = (
        x509.CertificateBuilder()
        .subject_name(_name("TEST DSC CCCD"))
        .issuer_name(csca_subject)
        .public_key(dsc_key.public_key())
        .serial_number(int.from_bytes(os.urandom(3), "big") | 0x100000)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(csca_key, hashes.SHA256())
    )
    return CardPki(csca, dsc, dsc_key)


def load_or_create(directory: Path) -> CardPki:
    """The PKI cached in ``directory`` (created 0700), generated on first use."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    files = [directory / n for n in (CSCA_FILE, DSC_FILE, DSC_KEY_FILE)]
    if all(f.exists() for f in files):
        key = serialization.load_pem_private_key(files[2].read_bytes(), password=None)
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return CardPki(
                x509.load_pem_x509_certificate(files[0].read_bytes()),
                x509.load_pem_x509_certificate(files[1].read_bytes()),
                key,
            )
    pki = generate()
    files[0].write_bytes(pki.csca_pem)
    files[1].write_bytes(pki.dsc.public_bytes(serialization.Encoding.PEM))
    key_pem = pki.dsc_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    files[2].touch(mode=0o600)
    files[2].write_bytes(key_pem)
    return pki
