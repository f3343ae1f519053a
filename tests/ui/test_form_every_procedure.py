"""Every bundled procedure can be answered on screen, and its page count never changes."""

from __future__ import annotations

import re

import pytest
from pytestqt.qtbot import QtBot

from kiosk.visit.session import Step
from tests.factories import catalog
from tests.ui.driving import fill_field, press_continue, visit_until_form
from ui.window.main_window import MainWindow

CODES = sorted(p.code for p in catalog().procedures)
#: what the form asks of the card holder at most (pages): short forms stay short
MOST_PAGES = 4


@pytest.mark.parametrize("code", CODES)
def test_every_form_is_finished_with_a_stable_page_count(
    qtbot: QtBot, window: MainWindow, code: str
) -> None:
    w = window
    form = visit_until_form(qtbot, w, code)
    seen: list[tuple[int, int]] = []
    for _ in range(20):
        m = re.fullmatch(r"Trang (\d+)/(\d+)", form.page_label.text())
        assert m is not None, form.page_label.text()
        seen.append((int(m[1]), int(m[2])))
        for f in list(form.widgets):
            fill_field(qtbot, f)
        press_continue(qtbot, w)
        if w.ctx.session.step is not Step.FORM:
            break
    assert w.ctx.session.step is Step.REVIEW, [(f.spec.key, f.error.text()) for f in form.widgets]
    totals = {total for _n, total in seen}
    assert len(totals) == 1, seen  # "Trang x/N" keeps its N
    numbers = [n for n, _total in seen]
    assert numbers == sorted(set(numbers)), seen  # forward, one page at a time or skipping
    assert totals.pop() <= MOST_PAGES
