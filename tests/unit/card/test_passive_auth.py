"""Passive authentication steps and the trust store (folder of certificates, master list)."""

from __future__ import annotations

from pathlib import Path

import pytest
from asn1crypto import cms, core
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization

from kiosk.card.api import CheckOutcome
from kiosk.card.errors import TrustStoreError
from kiosk.card.lds.files import Fid
from kiosk.card.lds.sod import parse_sod
from kiosk.card.verification.passive_auth import passive_authentication
from kiosk.card.verification.trust_store import OID_CSCA_MASTER_LIST, CscaMasterList, TrustStore
from kiosk.simulators.virtual_card.pki import CardPki, generate


def _dgs(files: dict[int, bytes]) -> dict[int, bytes]:
    return {1: files[Fid.DG1], 13: files[Fid.DG13], 2: files[Fid.DG2]}


def master_list(certs: list[bytes]) -> bytes:
    """A CSCA master list (CMS SignedData, unsigned: the store does not check its signature)."""
    ml = CscaMasterList(
        {"version": 0, "cert_list": [asn1_x509.Certificate.load(der) for der in certs]}
    )
    sd = cms.SignedData(
        {
            "version": "v3",
            "digest_algorithms": [],
            "encap_content_info": {
                "content_type": OID_CSCA_MASTER_LIST,
                "content": core.ParsableOctetString(ml.dump()),
            },
            "signer_infos": [],
        }
    )
    encoded: bytes = cms.ContentInfo({"content_type": "signed_data", "content": sd}).dump()
    return encoded


def test_all_steps_valid_with_the_csca_in_a_folder(
    sample_files: dict[int, bytes], csca_dir: Path
) -> None:
    result = passive_authentication(
        parse_sod(sample_files[Fid.SOD]), _dgs(sample_files), TrustStore.load(csca_dir)
    )
    assert result.fully_verified
    assert result.detail == ""


def test_no_trust_store_leaves_the_chain_not_checked(sample_files: dict[int, bytes]) -> None:
    result = passive_authentication(parse_sod(sample_files[Fid.SOD]), _dgs(sample_files), None)
    assert result.data_group_hashes is CheckOutcome.VALID
    assert result.sod_signature is CheckOutcome.VALID
    assert result.certificate_chain is CheckOutcome.NOT_CHECKED
    assert not result.fully_verified


def test_a_tampered_data_group_fails_its_hash(sample_files: dict[int, bytes]) -> None:
    dgs = _dgs(sample_files)
    dgs[13] = dgs[13].replace("Văn".encode(), "Vân".encode(), 1)
    result = passive_authentication(parse_sod(sample_files[Fid.SOD]), dgs, None)
    assert result.data_group_hashes is CheckOutcome.INVALID
    assert "DG13" in result.detail


def test_a_csca_of_another_pki_with_the_same_name_makes_the_chain_invalid(
    sample_files: dict[int, bytes], tmp_path: Path
) -> None:
    other = generate()  # same subject name, different key
    (tmp_path / "other.pem").write_bytes(other.csca_pem)
    result = passive_authentication(
        parse_sod(sample_files[Fid.SOD]), _dgs(sample_files), TrustStore.load(tmp_path)
    )
    assert result.certificate_chain is CheckOutcome.INVALID


def test_a_csca_with_another_name_means_no_anchor(
    sample_files: dict[int, bytes], tmp_path: Path
) -> None:
    from kiosk.simulators.virtual_card import pki as pki_module

    other = pki_module.generate("Some other CSCA")
    (tmp_path / "other.pem").write_bytes(other.csca_pem)
    result = passive_authentication(
        parse_sod(sample_files[Fid.SOD]), _dgs(sample_files), TrustStore.load(tmp_path)
    )
    assert result.certificate_chain is CheckOutcome.NOT_CHECKED


def test_a_signature_by_another_dsc_is_invalid(pki: CardPki) -> None:
    from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN, SAMPLE_FACE_JPEG
    from kiosk.simulators.virtual_card.file_tree import build_files

    files = build_files(SAMPLE_CITIZEN, SAMPLE_FACE_JPEG, pki)
    other = generate()
    sod = parse_sod(files[Fid.SOD])
    # keep the content, swap the DSC for one whose key did not sign it
    forged = type(sod)(**{**sod.__dict__, "certificates": (
        other.dsc.public_bytes(serialization.Encoding.DER),)})  # fmt: skip
    result = passive_authentication(forged, _dgs(files), None)
    assert result.sod_signature is CheckOutcome.INVALID


@pytest.mark.expect_log("WARNING", "kiosk.card.verification.trust_store", r"trust store")
def test_trust_store_reads_der_pem_and_master_lists(tmp_path: Path, pki: CardPki) -> None:
    others = [generate("CSCA A"), generate("CSCA B")]
    (tmp_path / "a.der").write_bytes(others[0].csca.public_bytes(serialization.Encoding.DER))
    (tmp_path / "b.pem").write_bytes(others[1].csca_pem)
    der = pki.csca.public_bytes(serialization.Encoding.DER)
    (tmp_path / "list.ml").write_bytes(master_list([der]))
    (tmp_path / "junk.cer").write_bytes(b"not a certificate")
    store = TrustStore.load(tmp_path)
    assert len(store) == 3
    assert sorted(store.sources) == ["a.der", "b.pem", "list.ml"]
    assert store.issuers_of(pki.dsc) == [pki.csca]


def test_trust_store_empty_location_and_missing_folder(tmp_path: Path) -> None:
    assert len(TrustStore.load("")) == 0
    with pytest.raises(TrustStoreError):
        TrustStore.load(tmp_path / "nope")
