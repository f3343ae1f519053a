"""CSCA trust anchors for passive authentication, loaded from what the technician configures.

``card.trust_store`` names a folder (or one file). Certificates are read from ``*.pem``,
``*.crt``, ``*.cer`` and ``*.der`` files; CSCA master lists (ICAO 9303-12 §9, CMS SignedData
of ``id-icao-cscaMasterList``) from ``*.ml`` / ``*.ldif``-free ``*.bin`` files or any file
that parses as one. The master list's own signature is not verified here: the technician who
puts the file in the folder is the trust decision. A file that cannot be read is logged and
skipped, never fatal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import cms, core
from asn1crypto import x509 as asn1_x509
from cryptography import x509

from kiosk.card.errors import TrustStoreError

log = logging.getLogger(__name__)

OID_CSCA_MASTER_LIST = "2.23.136.1.1.2"
_CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}
_MASTER_LIST_SUFFIXES = {".ml", ".bin", ".p7", ".p7b", ".cms"}


class CertificateSet(core.SetOf):
    _child_spec = asn1_x509.Certificate


class CscaMasterList(core.Sequence):
    _fields = [("version", core.Integer), ("cert_list", CertificateSet)]  # noqa: RUF012


@dataclass
class TrustStore:
    """A set of CSCA certificates, looked up by subject name."""

    certificates: list[x509.Certificate] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.certificates)

    def issuers_of(self, cert: x509.Certificate) -> list[x509.Certificate]:
        """CSCAs whose subject is ``cert``'s issuer (key identifiers narrow it when present)."""
        out = [c for c in self.certificates if c.subject == cert.issuer]
        aki = _authority_key_id(cert)
        if aki is not None:
            narrowed = [c for c in out if _subject_key_id(c) in (aki, None)]
            out = narrowed or out
        return out

    def add_der(self, der: bytes, source: str) -> None:
        self.certificates.append(x509.load_der_x509_certificate(der))
        self.sources.append(source)

    @classmethod
    def load(cls, location: str | Path) -> TrustStore:
        """Read a folder or a file. An empty location gives an empty store."""
        store = cls()
        if not str(location):
            return store
        path = Path(location).expanduser()
        if not path.exists():
            raise TrustStoreError(f"trust store {path} does not exist")
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            try:
                store._load_file(file)
            except Exception as exc:  # one bad file must not disable the others
                log.warning("trust store: skipped %s (%s)", file.name, type(exc).__name__)
        log.info("trust store: %d CSCA certificates from %s", len(store), path)
        return store

    def _load_file(self, file: Path) -> None:
        data = file.read_bytes()
        suffix = file.suffix.lower()
        if b"-----BEGIN CERTIFICATE-----" in data:
            for cert in x509.load_pem_x509_certificates(data):
                self.certificates.append(cert)
                self.sources.append(file.name)
            return
        if suffix in _CERT_SUFFIXES:
            try:
                self.add_der(data, file.name)
                return
            except ValueError:
                pass  # maybe a master list with a certificate-like name
        if suffix in _MASTER_LIST_SUFFIXES or suffix in _CERT_SUFFIXES:
            for der in master_list_certificates(data):
                self.add_der(der, file.name)


def master_list_certificates(data: bytes) -> list[bytes]:
    """The DER certificates inside a CSCA master list (CMS SignedData)."""
    info = cms.ContentInfo.load(data)
    sd = info["content"]
    encap = sd["encap_content_info"]
    if encap["content_type"].dotted != OID_CSCA_MASTER_LIST:
        raise ValueError("not a CSCA master list")
    ml = CscaMasterList.load(bytes(encap["content"]))
    return [c.dump() for c in ml["cert_list"]]


def _authority_key_id(cert: x509.Certificate) -> bytes | None:
    try:
        ext = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier)
    except x509.ExtensionNotFound:
        return None
    return ext.value.key_identifier


def _subject_key_id(cert: x509.Certificate) -> bytes | None:
    try:
        return cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    except x509.ExtensionNotFound:
        return None
