"""One resident's visit as a state machine, without Qt.

The UI shows whatever :attr:`VisitSession.step` says and calls the transition methods; a
transition that is not allowed from the current step raises :class:`StepError` (a bug in the
caller, not something a resident can cause). :meth:`VisitSession.wipe` forgets every personal
value; the idle timer, the "finish" button and a crash all end in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from kiosk.backend.api import Satisfaction
from kiosk.card.api import CardReadResult
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.dossier import Dossier, SubmitOutcome
from kiosk.domain.form import FieldSpec
from kiosk.domain.known import VisitFacts, known_answers
from kiosk.domain.pages import form_pages
from kiosk.domain.prefill import default_answers
from kiosk.domain.procedure import Procedure
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.domain.preparation import Preparation


class Step(StrEnum):
    HOME = "home"
    PROCEDURE = "procedure"
    CONSENT = "consent"
    IDENTIFY = "identify"
    FORM = "form"
    REVIEW = "review"
    SUBMITTING = "submitting"
    RECEIPT = "receipt"
    RATING = "rating"
    END = "end"
    TRACK = "track"


#: the numbered steps a resident sees as "Bước n/6"
NUMBERED_STEPS: tuple[Step, ...] = (
    Step.PROCEDURE,
    Step.CONSENT,
    Step.IDENTIFY,
    Step.FORM,
    Step.REVIEW,
    Step.RECEIPT,
)

_BACK: dict[Step, Step] = {
    Step.PROCEDURE: Step.HOME,
    Step.CONSENT: Step.PROCEDURE,
    Step.IDENTIFY: Step.CONSENT,
    Step.FORM: Step.IDENTIFY,
    Step.REVIEW: Step.FORM,
    Step.TRACK: Step.HOME,
}


#: an answer the resident emptied (so no default fills it again)
_EMPTIED = object()


class StepError(RuntimeError):
    """A transition the current step does not allow (a programming error)."""


#: no dossier is filed before this moment: a clock showing an earlier time is wrong (a dead
#: clock battery before time sync has run), and would date the slip, the code and the due date
CLOCK_FLOOR = datetime(2026, 1, 1)


class ClockError(KioskError):
    """The kiosk's clock is obviously wrong: filing waits until time sync has set it."""

    code = "kiosk.clock"
    message_vi = (
        "Đồng hồ của máy đang sai nên chưa thể nộp hồ sơ. Vui lòng báo cán bộ hỗ trợ; "
        "các thông tin bạn đã nhập vẫn được giữ."
    )
    message_en = (
        "The kiosk's clock is wrong, so the dossier cannot be filed yet. Please ask the staff "
        "for help; what you entered is kept."
    )


@dataclass(frozen=True)
class Prefilled:
    """An answer the kiosk knew (see :mod:`kiosk.domain.known`)."""

    value: Any
    editable: bool
    #: shown with the "from your ID card" marker
    from_card: bool = True
    #: False: answered by the kiosk alone, not shown on the form
    asked: bool = True


class VisitSession:
    """Everything the kiosk knows about the current resident, and nothing after wipe()."""

    def __init__(
        self, *, clock: Callable[[], datetime] = datetime.now, ward_code: str = ""
    ) -> None:
        self._clock = clock
        #: commune code of the kiosk's ward, where dossiers are filed (None: not configured)
        self.filing_ward = int(ward_code) if ward_code.strip().isdigit() else None
        self._listeners: list[Callable[[Step], None]] = []
        self.step = Step.HOME
        self.procedure: Procedure | None = None
        self.consented = False
        self.card: CardReadResult | None = None
        self.identity: CitizenIdentity | None = None
        self.answers: dict[str, Any] = {}
        self.prefilled: dict[str, Prefilled] = {}
        #: the answers the resident gave (or emptied) themselves; ``answers`` is worked out
        #: from them and what the kiosk knows (:meth:`refresh_known`)
        self._own: dict[str, Any] = {}
        self.form_page = 0
        self.dossier: Dossier | None = None
        self.outcome: SubmitOutcome | None = None
        self.satisfaction: Satisfaction | None = None
        self.rating_reasons: tuple[str, ...] = ()
        self.tracking_query = ""
        self.started_at: datetime | None = None

    # --- observers ------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[Step], None]) -> None:
        self._listeners.append(listener)

    def _go(self, step: Step) -> None:
        self.step = step
        for listener in list(self._listeners):
            listener(step)

    def _require(self, *steps: Step) -> None:
        if self.step not in steps:
            allowed = ", ".join(s.value for s in steps)
            raise StepError(f"not allowed from {self.step.value} (needs {allowed})")

    # --- transitions ----------------------------------------------------------------------
    def choose_procedure(self, procedure: Procedure) -> None:
        self._require(Step.HOME, Step.PROCEDURE)
        self.procedure = procedure
        self.started_at = self._clock()
        self._go(Step.PROCEDURE)

    def start_tracking(self) -> None:
        self._require(Step.HOME)
        self._go(Step.TRACK)

    def to_consent(self) -> None:
        self._require(Step.PROCEDURE)
        self._go(Step.CONSENT)

    def give_consent(self) -> None:
        self._require(Step.CONSENT)
        self.consented = True
        self._go(Step.IDENTIFY)

    def identified(self, result: CardReadResult) -> None:
        """The card was read (or staff typed the identity); pre-fill the form."""
        self._require(Step.IDENTIFY)
        if not self.consented:
            raise StepError("identity before consent")
        self.card = result
        self.identity = result.identity
        self.prefilled.clear()
        self.refresh_known()
        self.form_page = 0
        self._go(Step.FORM)

    def refresh_known(self) -> None:
        """Work the answers out again from the resident's own and what the kiosk knows
        (:func:`kiosk.domain.known.known_answers`).

        A locked or unasked value always wins, and the resident's own answer waits behind it
        (it is back if the lock goes: "Mẹ", then "Cha" again); an editable default fills only
        what the resident did not answer or empty; a known value whose reason went away (no
        longer "the father") is simply not there any more.
        """
        if self.procedure is None or self.identity is None:
            return
        own = {k: v for k, v in self._own.items() if v is not _EMPTIED}
        known = known_answers(self.procedure.form, own, VisitFacts(self.identity, self.filing_ward))
        answers = dict(own)
        for key, k in known.items():
            if not k.editable or not k.asked or key not in self._own:
                answers[key] = k.value
        # today's rules' proposals (delivery by post to the card's residence, or the counter
        # where a procedure says so): editable, and only where the resident said nothing
        for key, value in default_answers(self.procedure, self.identity).items():
            if key not in self._own:
                answers[key] = value
        self.answers = answers
        self.prefilled = {
            key: Prefilled(k.value, k.editable, k.from_card, k.asked) for key, k in known.items()
        }

    def set_answer(self, key: str, value: Any) -> None:
        self._require(Step.FORM, Step.REVIEW)
        pre = self.prefilled.get(key)
        if pre is not None and not pre.editable and value != pre.value:
            raise StepError(f"field {key} comes from the card and cannot be changed")
        if pre is None or value != pre.value or key in self._own:
            self._own[key] = value
        self.answers[key] = value
        self.refresh_known()

    def clear_answer(self, key: str) -> None:
        """The resident emptied a field (a default they emptied stays empty)."""
        self._require(Step.FORM, Step.REVIEW)
        pre = self.prefilled.get(key)
        if pre is not None and not pre.editable:
            return
        self._own[key] = _EMPTIED
        self.answers.pop(key, None)
        self.refresh_known()

    # --- form pages -----------------------------------------------------------------------
    def form_pages(self) -> list[list[FieldSpec]]:
        """The form's pages, the same all visit long (see :mod:`kiosk.domain.pages`)."""
        if self.procedure is None:
            return []
        return form_pages(self.procedure.form, ask_agency=self.filing_ward is None)

    def is_shown(self, spec: FieldSpec) -> bool:
        """Whether the form shows ``spec`` now: its ``show_if`` holds and the kiosk does not
        answer it alone."""
        if spec.show_if is not None and not spec.show_if.holds(self.answers):
            return False
        pre = self.prefilled.get(spec.key)
        return pre is None or pre.asked

    def to_review(self) -> None:
        self._require(Step.FORM)
        self._go(Step.REVIEW)

    def change_answer(self, page: int) -> None:
        """From the review page back to one form page ("Change")."""
        self._require(Step.REVIEW)
        self.form_page = page
        self._go(Step.FORM)

    def start_submit(
        self,
        *,
        kiosk_id: str,
        ward_code: str,
        fee_vnd: int | None = None,
        due_date: date | None = None,
        prepared: Preparation | None = None,
    ) -> Dossier:
        """Freeze the answers into a dossier. Resubmitting after an error reuses the same one,
        so the outbox's idempotency key (the dossier UUID) stays the same.

        With ``prepared`` (:func:`kiosk.domain.preparation.prepare_dossier`), the fee due, the
        rule applied, the due date, the competent ward and the unit list come from it."""
        self._require(Step.REVIEW, Step.SUBMITTING)
        if self.procedure is None or self.identity is None:
            raise StepError("submit without procedure or identity")
        if self.dossier is None:
            filed_at = prepared.filed_at if prepared is not None else self._clock()
            if filed_at.replace(tzinfo=None) < CLOCK_FLOOR:
                raise ClockError(f"the clock shows {filed_at.year}")  # no personal data
            self.dossier = Dossier(
                procedure_code=self.procedure.code,
                applicant=self.identity,
                answers=dict(self.answers),
                kiosk_id=kiosk_id,
                ward_code=ward_code,
                # one moment for everything: the fee, due date and code day follow it
                filed_at=filed_at,
                fee_vnd=prepared.fee.due if prepared is not None else fee_vnd,
                due_date=prepared.due_date if prepared is not None else due_date,
                fee_rule=prepared.fee_rule_ref if prepared is not None else "",
                competent_ward_code=_code(prepared.competent.ward_code) if prepared else "",
                units_version=prepared.units_version if prepared is not None else "",
            )
        self._go(Step.SUBMITTING)
        return self.dossier

    def submitted(self, outcome: SubmitOutcome) -> None:
        self._require(Step.SUBMITTING)
        self.outcome = outcome
        self._go(Step.RECEIPT)

    def submit_failed(self) -> None:
        """Back to the review page; every answer is kept."""
        self._require(Step.SUBMITTING)
        self._go(Step.REVIEW)

    def to_rating(self) -> None:
        self._require(Step.RECEIPT)
        self._go(Step.RATING)

    def rate(self, satisfaction: Satisfaction, reasons: tuple[str, ...] = ()) -> None:
        self._require(Step.RATING)
        self.satisfaction = satisfaction
        self.rating_reasons = reasons
        self._forget()
        self._go(Step.END)

    def finish(self) -> None:
        """End of the visit from any step: forget everything and go home."""
        self.wipe()

    def back(self) -> None:
        target = _BACK.get(self.step)
        if target is None:
            raise StepError(f"no way back from {self.step.value}")
        if target is Step.HOME:
            self.wipe()
            return
        self._go(target)

    # --- progress -------------------------------------------------------------------------
    def progress(self) -> tuple[int, int] | None:
        """(n, total) for "Bước n/total", or None where no number is shown."""
        step = Step.RECEIPT if self.step is Step.SUBMITTING else self.step
        if step not in NUMBERED_STEPS:
            return None
        return NUMBERED_STEPS.index(step) + 1, len(NUMBERED_STEPS)

    # --- personal data --------------------------------------------------------------------
    def personal_values(self) -> list[str]:
        """Every personal value the session holds, as text (for redaction and wipe tests)."""
        values: list[str] = []
        if self.identity is not None:
            values.extend(self.identity.personal_values())
        for v in [*self.answers.values(), *self._own.values()]:  # own: also those set aside
            if v is not _EMPTIED:
                values.extend(_flatten_text(v))
        if self.tracking_query:
            values.append(self.tracking_query)
        return [v for v in values if v]

    def wipe(self) -> None:
        """Forget every personal value and return home."""
        self._forget()
        self._go(Step.HOME)

    def _forget(self) -> None:
        self.procedure = None
        self.consented = False
        self.card = None
        self.identity = None
        self.answers = {}
        self.prefilled = {}
        self._own = {}
        self.form_page = 0
        self.dossier = None
        self.outcome = None
        self.satisfaction = None
        self.rating_reasons = ()
        self.tracking_query = ""
        self.started_at = None

    @property
    def is_blank(self) -> bool:
        return (
            self.step is Step.HOME
            and self.identity is None
            and not self.answers
            and self.dossier is None
            and self.outcome is None
            and not self.tracking_query
        )


def _flatten_text(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dict):
        return [t for v in value.values() for t in _flatten_text(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _flatten_text(v)]
    if isinstance(value, date):
        return [value.strftime("%d/%m/%Y"), value.isoformat()]
    text = str(value)
    return [text] if text and not isinstance(value, bool) else []


def _code(ward_code: int | None) -> str:
    return "" if ward_code is None else str(ward_code)
