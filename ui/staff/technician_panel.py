"""What a technician can do: edit the settings, run diagnostics, quit the app.

Quitting is the only way out of the kiosk; it asks for a second touch to confirm.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.settings_store import SettingsStore
from kiosk.staff.pins import StaffMember
from ui.context import UiContext
from ui.screens.base import label
from ui.staff.diagnostics_view import DiagnosticsView, MountFinder, ProbeFactory
from ui.staff.enrolment_view import EnrolmentView
from ui.staff.settings_editor import SettingsEditor
from ui.staff.strings import tr


class TechnicianPanel(QWidget):
    closeRequested = Signal()  # noqa: N815 - Qt naming
    quitRequested = Signal()  # noqa: N815 - Qt naming

    def __init__(
        self,
        ctx: UiContext,
        settings_store: SettingsStore | None,
        probes: ProbeFactory,
        mounts: MountFinder,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("TechnicianPanel")
        self.ctx = ctx
        self.member: StaffMember | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(12)
        top = QHBoxLayout()
        titles = QVBoxLayout()
        self.heading = label(name="H1")
        self.who = label(name="Muted")
        titles.addWidget(self.heading)
        titles.addWidget(self.who)
        top.addLayout(titles, 1)
        self.settings_tab = QPushButton()
        self.settings_tab.setObjectName("tech_settings")
        self.diagnostics_tab = QPushButton()
        self.diagnostics_tab.setObjectName("tech_diagnostics")
        self.enrolment_tab = QPushButton()
        self.enrolment_tab.setObjectName("tech_enrolment")
        for b in (self.settings_tab, self.diagnostics_tab, self.enrolment_tab):
            b.setCheckable(True)
            b.setAutoExclusive(True)
            top.addWidget(b)
        outer.addLayout(top)

        self.pages = QStackedWidget()
        self.settings = SettingsEditor(ctx, settings_store)
        self.diagnostics = DiagnosticsView(ctx, probes, mounts)
        self.pages.addWidget(self.settings)
        self.pages.addWidget(self.diagnostics)
        self.enrolment = EnrolmentView(ctx)
        self.pages.addWidget(self.enrolment)
        outer.addWidget(self.pages, 1)
        self.settings_tab.clicked.connect(lambda: self.pages.setCurrentWidget(self.settings))
        self.diagnostics_tab.clicked.connect(lambda: self.pages.setCurrentWidget(self.diagnostics))
        self.enrolment_tab.clicked.connect(lambda: self.pages.setCurrentWidget(self.enrolment))

        bottom = QHBoxLayout()
        self.quit_button = QPushButton()
        self.quit_button.setObjectName("tech_quit")
        self.quit_button.clicked.connect(self._ask_quit)
        self.quit_confirm = QPushButton()
        self.quit_confirm.setObjectName("tech_quit_confirm")
        self.quit_confirm.clicked.connect(self.quitRequested)
        self.close_button = QPushButton()
        self.close_button.setObjectName("Primary")
        self.close_button.setProperty("role", "tech_close")
        self.close_button.clicked.connect(self.closeRequested)
        bottom.addWidget(self.quit_button)
        bottom.addWidget(self.quit_confirm)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        outer.addLayout(bottom)
        self.retranslate()

    def enter(self, member: StaffMember) -> None:
        self.member = member
        self.quit_confirm.hide()
        self.settings_tab.setChecked(True)
        self.pages.setCurrentWidget(self.settings)
        self.retranslate()
        self.settings.load()

    def leave(self) -> None:
        self.member = None
        self.quit_confirm.hide()

    def abandon(self) -> None:
        """Worker answers were dropped (the visit was wiped): unblock the buttons."""
        self.settings.abandon()
        self.diagnostics.abandon()
        self.enrolment.abandon()

    def _ask_quit(self) -> None:
        self.quit_confirm.show()

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.heading.setText(tr("tech.heading", lang))
        self.who.setText(tr("tech.who", lang, label=self.member.label) if self.member else "")
        self.settings_tab.setText(tr("tech.settings", lang))
        self.diagnostics_tab.setText(tr("tech.diagnostics", lang))
        self.enrolment_tab.setText(tr("tech.enrolment", lang))
        self.quit_button.setText(tr("tech.quit", lang))
        self.quit_confirm.setText(tr("tech.quit_confirm", lang))
        self.close_button.setText(tr("tech.close", lang))
        self.settings.retranslate()
        self.diagnostics.retranslate()
        self.enrolment.retranslate()
