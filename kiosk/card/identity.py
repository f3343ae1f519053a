"""From parsed DG13 (and DG1) to the kiosk's :class:`CitizenIdentity`."""

from __future__ import annotations

import logging

from kiosk.card.errors import CorruptDataError
from kiosk.card.lds import dg13 as f
from kiosk.card.lds.dg1 import Td1, mrz_birth_date, mrz_expiry_date
from kiosk.card.lds.dg13 import Dg13, parse_card_date
from kiosk.domain.citizen import CitizenIdentity, IdentitySource

log = logging.getLogger(__name__)


def identity_from(dg13: Dg13 | None, td1: Td1 | None) -> CitizenIdentity:
    """DG13 fields first; DG1 fills the ID number, name and dates that DG13 lacks."""
    d = dg13 or Dg13()
    id_number = d.text(f.ID_NUMBER) or (td1.id_number if td1 else "")
    full_name = d.text(f.FULL_NAME) or (td1.name if td1 else "")
    dob = d.date(f.DATE_OF_BIRTH) or (mrz_birth_date(td1.date_of_birth) if td1 else None)
    if not id_number or not full_name or dob is None:
        raise CorruptDataError("neither DG13 nor DG1 gives the ID number, name and birth date")
    expiry_text = d.text(f.EXPIRY_DATE)
    expiry = parse_card_date(expiry_text) if expiry_text else None
    if expiry is None and not expiry_text and td1 is not None:
        expiry = mrz_expiry_date(td1.date_of_expiry)
    parents = d.strings.get(f.PARENTS, [])
    spouse = d.strings.get(f.SPOUSE, [])
    if len(parents) > 2:
        log.info("DG13 field 13 holds %d strings; the first two are used", len(parents))
    return CitizenIdentity(
        id_number=id_number,
        full_name=full_name,
        date_of_birth=dob,
        sex=d.text(f.SEX),
        nationality=d.text(f.NATIONALITY),
        ethnicity=d.text(f.ETHNICITY),
        religion=d.text(f.RELIGION),
        place_of_origin=d.text(f.PLACE_OF_ORIGIN),
        place_of_residence=d.text(f.PLACE_OF_RESIDENCE),
        identifying_marks=d.text(f.IDENTIFYING_MARKS),
        issue_date=d.date(f.ISSUE_DATE),
        expiry_date=expiry,
        expiry_text="" if expiry is not None else expiry_text,
        father_name=parents[0] if parents else "",
        mother_name=parents[1] if len(parents) > 1 else "",
        spouse_name=spouse[0] if spouse else "",
        old_id_number=d.text(f.OLD_ID_NUMBER),
        source=IdentitySource.CARD,
        extra=dict(d.unknown),
    )
