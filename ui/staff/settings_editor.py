"""The technician's settings editor, generated from :data:`kiosk.config.OPTIONS`.

One row per option, grouped by section: a check box for true/false, a drop-down for a fixed
list of choices, a line edit otherwise; the option's help under it and its error next to it.
Saving checks every field first (all messages at once), then saves through
:class:`kiosk.settings_store.SettingsStore` on a worker - validated again by the same parser
that loads the file, written atomically. A restart applies the change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import OPTIONS, Config, ConfigError, Option, OptionValue
from kiosk.lang import Lang
from kiosk.settings_store import SettingsStore
from ui.context import UiContext
from ui.screens.base import action_row, label, scroll_area
from ui.staff.strings import tr

log = logging.getLogger(__name__)


@dataclass
class OptionField:
    """The editor of one option and its error line."""

    option: Option
    widget: QLineEdit | QCheckBox | QComboBox
    error: QLabel

    def set_value(self, value: OptionValue) -> None:
        w = self.widget
        if isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findText(str(value))))
        else:
            w.setText(_text(value))

    def value(self, lang: Lang) -> tuple[OptionValue | None, str]:
        """(value, "") or (None, why it is not a value of the option's type)."""
        w = self.widget
        if isinstance(w, QCheckBox):
            return w.isChecked(), ""
        if isinstance(w, QComboBox):
            return w.currentText(), ""
        text = w.text()
        if self.option.type is int:
            try:
                return int(text.strip()), ""
            except ValueError:
                return None, tr("settings.not_integer", lang)
        if self.option.type is float:
            try:
                return float(text.strip().replace(",", ".")), ""
            except ValueError:
                return None, tr("settings.not_number", lang)
        return text, ""


def _text(value: OptionValue) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)


def _keyboard_mode(option: Option) -> str:
    """Whole numbers on the number pad; Telex only for Vietnamese text such as the ward's name
    (its default is not ASCII); URLs, IDs, paths and decimals as typed ("email" layout: letters
    without Telex, so "KIOSK" does not become "KIÓK")."""
    if option.type is int:
        return "numeric"
    if isinstance(option.default, str) and not option.default.isascii():
        return "text"
    return "email"


class SettingsEditor(QWidget):
    """Edits the settings file of ``store`` (read-only notice when there is none)."""

    def __init__(self, ctx: UiContext, store: SettingsStore | None) -> None:
        super().__init__()
        self.setObjectName("SettingsEditor")
        self.ctx = ctx
        self.store = store
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.status = label()
        self.status.setObjectName("settings_status")
        outer.addWidget(self.status)
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        self.fields: dict[str, OptionField] = {}
        self.help_labels: dict[str, QLabel] = {}
        row = 0
        section = ""
        for option in OPTIONS:
            sec, name = option.key.split(".", 1)
            if sec != section:
                section = sec
                grid.addWidget(label(f"[{sec}]", "H2"), row, 0, 1, 2)
                row += 1
            key_label = label(name, wrap=False)
            field = OptionField(option, self._editor(option), label(name="Error"))
            field.widget.setObjectName(f"setting-{option.key}")
            self.fields[option.key] = field
            help_label = label(option.help, "Muted")
            self.help_labels[option.key] = help_label
            grid.addWidget(key_label, row, 0)
            grid.addWidget(field.widget, row, 1)
            grid.addWidget(help_label, row + 1, 1)
            grid.addWidget(field.error, row + 2, 1)
            row += 3
        outer.addWidget(scroll_area(inner), 1)
        self.reload_button = QPushButton()
        self.reload_button.clicked.connect(self.load)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        outer.addLayout(
            action_row(
                self.reload_button,
                self.save_button,
                secondary_name="settings_reload",
                primary_role="settings_save",
            )
        )
        self._busy = False
        self.retranslate()

    @staticmethod
    def _editor(option: Option) -> QLineEdit | QCheckBox | QComboBox:
        if option.type is bool:
            return QCheckBox()
        if option.choices:
            combo = QComboBox()
            combo.addItems(list(option.choices))
            return combo
        edit = QLineEdit()
        edit.setProperty("keyboard", _keyboard_mode(option))
        return edit

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.save_button.setText(tr("settings.save", lang))
        self.reload_button.setText(tr("settings.reload", lang))
        self._enable()

    def _enable(self) -> None:
        usable = self.store is not None and not self._busy
        self.save_button.setEnabled(usable)
        self.reload_button.setEnabled(usable)
        if self.store is None:
            self.status.setText(tr("settings.no_file", self.ctx.lang))

    # --- loading --------------------------------------------------------------------------
    def load(self) -> None:
        """Fill the fields from the file (on a worker); the defaults when it does not exist."""
        store = self.store
        for f in self.fields.values():
            f.error.clear()
        if store is None:
            self.fill(self.ctx.services.config)
            self._enable()
            return
        self.status.clear()
        self._set_busy(True)
        self.ctx.runner.run(store.load, self._loaded, self._load_failed)

    def _loaded(self, cfg: Config) -> None:
        self._set_busy(False)
        self.fill(cfg)

    def _load_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        reason = error.detail if isinstance(error, ConfigError) else type(error).__name__
        log.warning("settings not loaded: %s", reason)
        self.fill(self.ctx.services.config)
        self.status.setText(tr("settings.load_failed", self.ctx.lang, reason=reason))

    def fill(self, cfg: Config) -> None:
        for key, f in self.fields.items():
            f.set_value(cfg.value(key))

    # --- saving ---------------------------------------------------------------------------
    def values(self) -> dict[str, OptionValue] | None:
        """Every option's value, or None after showing each bad field's reason."""
        lang = self.ctx.lang
        out: dict[str, OptionValue] = {}
        bad = False
        for key, f in self.fields.items():
            value, reason = f.value(lang)
            if value is not None and not reason:
                reason = f.option.validate(value) or ""
            f.error.setText(reason)
            if reason or value is None:
                bad = True
            else:
                out[key] = value
        return None if bad else out

    def save(self) -> None:
        store = self.store
        if store is None or self._busy:
            return
        values = self.values()
        if values is None:
            self.status.setText(tr("settings.invalid", self.ctx.lang))
            return
        self.status.setText(tr("settings.saving", self.ctx.lang))
        self._set_busy(True)
        self.ctx.runner.run(lambda: store.save_values(values), self._saved, self._save_failed)

    def _saved(self, cfg: Config) -> None:
        self._set_busy(False)
        assert self.store is not None
        log.info("settings saved to %s", self.store.path)
        self.fill(cfg)
        self.status.setText(tr("settings.saved", self.ctx.lang, path=str(self.store.path)))

    def _save_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        lang = self.ctx.lang
        if isinstance(error, ConfigError):
            log.warning("settings not saved: %s", error.detail)
            f = self.fields.get(error.key)
            if f is not None:
                f.error.setText(error.reason)
                self.status.setText(tr("settings.invalid", lang))
            else:
                self.status.setText(tr("settings.save_failed", lang, reason=error.reason))
        else:
            log.error("settings save crashed", exc_info=error)
            self.status.setText(tr("settings.save_failed", lang, reason=type(error).__name__))

    def abandon(self) -> None:
        """A load or save answer was dropped (the visit was wiped): unblock the buttons.

        A save that was under way still finishes on its worker (the file is then the old or
        the new one); "Discard changes" shows which.
        """
        if self._busy:
            self.status.clear()
            self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._enable()
