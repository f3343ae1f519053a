import logging
import unicodedata
from pathlib import Path

import pytest

from kiosk.runtime.logsetup import MASK, RedactionFilter, Redactor, configure_logging
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN


@pytest.mark.parametrize(
    "text",
    [
        "id 001089012345 read",
        "old id 012345678",
        "phone 0912345678",
        "phone +84 912 345 678",
        "mail an.nguyen@example.com",
        "born 14/05/1989",
        "born 1989-05-14",
        "qr 14051989",
    ],
)
def test_patterns_are_masked(text: str) -> None:
    out = Redactor().redact(text)
    assert MASK in out
    for token in (
        "001089012345",
        "012345678",
        "0912345678",
        "912 345 678",
        "example.com",
        "14/05/1989",
        "1989-05-14",
        "14051989",
    ):
        assert token not in out


def test_registered_values_are_masked_case_and_normalisation_insensitive() -> None:
    r = Redactor()
    r.add([SAMPLE_CITIZEN.full_name, SAMPLE_CITIZEN.place_of_residence])
    nfd_name = unicodedata.normalize("NFD", SAMPLE_CITIZEN.full_name.upper())
    out = r.redact(f"name={nfd_name} lives {SAMPLE_CITIZEN.place_of_residence}")
    assert SAMPLE_CITIZEN.full_name.casefold() not in out.casefold()
    assert SAMPLE_CITIZEN.place_of_residence not in out
    r.clear()
    assert SAMPLE_CITIZEN.full_name in r.redact(SAMPLE_CITIZEN.full_name)


def test_non_personal_text_is_kept() -> None:
    out = Redactor().redact("dossier 000.00.01.H26-261123-0012 status 4 took 120 ms")
    assert out == "dossier 000.00.01.H26-261123-0012 status 4 took 120 ms"


@pytest.mark.expect_log("ERROR", "test.redaction", r"failed")
def test_file_log_redacts_messages_args_and_tracebacks(tmp_path: Path) -> None:
    redactor = Redactor()
    redactor.add([SAMPLE_CITIZEN.full_name])
    handler = configure_logging(tmp_path, redactor)
    log = logging.getLogger("test.redaction")
    try:
        log.info("hello %s id %s", SAMPLE_CITIZEN.full_name, SAMPLE_CITIZEN.id_number)
        try:
            raise ValueError(f"bad {SAMPLE_CITIZEN.full_name} {SAMPLE_CITIZEN.id_number}")
        except ValueError:
            log.exception("failed")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    text = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert "hello" in text
    assert "ValueError" in text
    assert SAMPLE_CITIZEN.full_name not in text
    assert SAMPLE_CITIZEN.id_number not in text


def test_filter_survives_a_bad_format_string() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%d items", ("many",), None)
    assert RedactionFilter(Redactor()).filter(record)
    assert "unformattable" in record.getMessage()


def test_values_are_masked_as_whole_words_only() -> None:
    r = Redactor()
    r.add(SAMPLE_CITIZEN.identifying_values())
    assert "Nam" not in SAMPLE_CITIZEN.identifying_values()
    assert r.redact("type(value).__name__ at Namespace") == "type(value).__name__ at Namespace"
    assert MASK in r.redact(f"({SAMPLE_CITIZEN.full_name})")
