"""Technician mode: the settings editor (validated, atomic), diagnostics and its export, quit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from kiosk import config as kconfig
from kiosk.backend.errors import BackendUnauthorisedError
from kiosk.diagnostics import Probe, ProbeResult, Status
from kiosk.diagnostics.standard import standard_probes
from kiosk.settings_store import SettingsStore
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from tests.ui.driving import click, type_into
from tests.ui.test_staff_mode import STAFF_PIN, TECH_PIN, StaffEnv, make_env, to_identify, unlock
from ui.staff.diagnostics_view import LOCAL_REPORT_DIR
from ui.staff.settings_editor import SettingsEditor
from ui.window.main_window import MainWindow

#: what a badly written probe might leak into a summary; the export must not carry it
LEAKY_SUMMARY = f"card of {SAMPLE_CITIZEN.id_number} tel 0912345678"


def fake_probes() -> list[Probe]:
    return [
        Probe(
            "card_readers",
            lambda: ProbeResult(
                "card_readers",
                Status.OK,
                "1 reader(s); card on vpcd 0 (ATR 3B 8F 80 01)",
                {"readers": [{"name": "vpcd 0", "card_present": True, "atr": "3B 8F 80 01"}]},
            ),
        ),
        Probe(
            "printer",
            lambda: ProbeResult("printer", Status.WARN, "cups printer: paper_low", {"state": "x"}),
        ),
        Probe(
            "backend",
            lambda: ProbeResult("backend", Status.FAIL, "backend not reachable (ConnectError)"),
        ),
        Probe("disk", lambda: ProbeResult("disk", Status.OK, LEAKY_SUMMARY)),
    ]


@pytest.fixture
def tech(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Iterator[StaffEnv]:
    usb = tmp_path / "usb"
    usb.mkdir()
    env = make_env(qtbot, window, tmp_path, probes=fake_probes, mounts=lambda: [])
    yield env
    env.mode.close()


def open_technician(qtbot: QtBot, env: StaffEnv) -> SettingsEditor:
    unlock(qtbot, env, TECH_PIN)
    assert env.mode.current() is env.mode.technician_panel
    editor = env.mode.technician_panel.settings
    qtbot.waitUntil(lambda: editor.save_button.isEnabled(), timeout=5000)
    return editor


def edit(editor: SettingsEditor, key: str) -> QLineEdit:
    w = editor.fields[key].widget
    assert isinstance(w, QLineEdit)
    return w


def save_and_wait(qtbot: QtBot, editor: SettingsEditor) -> None:
    click(qtbot, editor.save_button)
    qtbot.waitUntil(editor.save_button.isEnabled, timeout=10_000)  # disabled while saving


def test_technician_pin_opens_the_technician_panel_and_staff_pin_does_not(
    qtbot: QtBot, tech: StaffEnv
) -> None:
    unlock(qtbot, tech, STAFF_PIN)
    assert tech.mode.current() is tech.mode.staff_panel
    click(qtbot, tech.mode.staff_panel.close_button)
    unlock(qtbot, tech, TECH_PIN)
    assert tech.mode.current() is tech.mode.technician_panel
    assert tech.mode.member == tech.technician
    assert "Kỹ thuật" in tech.mode.technician_panel.who.text()


def test_the_editor_has_a_field_and_help_for_every_option(qtbot: QtBot, tech: StaffEnv) -> None:
    editor = open_technician(qtbot, tech)
    assert set(editor.fields) == {o.key for o in kconfig.OPTIONS}
    for option in kconfig.OPTIONS:
        widget = editor.fields[option.key].widget
        if option.type is bool:
            assert isinstance(widget, QCheckBox)
        elif option.choices:
            assert isinstance(widget, QComboBox)
            assert [widget.itemText(i) for i in range(widget.count())] == list(option.choices)
        else:
            assert isinstance(widget, QLineEdit)
        assert editor.help_labels[option.key].text() == option.help
    # Vietnamese names are typed with Telex; IDs and URLs are typed as they are
    assert edit(editor, "kiosk.ward_name").property("keyboard") == "text"
    assert edit(editor, "kiosk.id").property("keyboard") == "email"
    assert edit(editor, "ui.idle_warning_s").property("keyboard") == "numeric"
    # no file yet: the fields show the defaults
    assert edit(editor, "kiosk.id").text() == kconfig.defaults().kiosk.id


def test_the_editor_refuses_bad_values_with_the_reason(qtbot: QtBot, tech: StaffEnv) -> None:
    editor = open_technician(qtbot, tech)
    type_into(qtbot, edit(editor, "backend.url"), "ftp://city.example")
    type_into(qtbot, edit(editor, "ui.idle_warning_s"), "abc")
    type_into(qtbot, edit(editor, "ui.idle_countdown_s"), "2")
    save_and_wait(qtbot, editor)
    url_reason = kconfig.OPTIONS_BY_KEY["backend.url"].validate("ftp://city.example")
    assert url_reason
    assert editor.fields["backend.url"].error.text() == url_reason
    assert editor.fields["ui.idle_warning_s"].error.text() == "phải là một số nguyên"
    assert editor.fields["ui.idle_countdown_s"].error.text() == "must be at least 5, got 2"
    assert editor.fields["kiosk.id"].error.text() == ""
    assert editor.status.text().startswith("Có giá trị không hợp lệ")
    assert not tech.settings_path.exists()  # nothing written


def test_the_editor_saves_good_values_atomically(qtbot: QtBot, tech: StaffEnv) -> None:
    SettingsStore(tech.settings_path).save_values({"printer.kind": "pdf"})
    before = kconfig.load(tech.settings_path)
    editor = open_technician(qtbot, tech)
    combo = editor.fields["printer.kind"].widget
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(lambda: combo.currentText() == "pdf", timeout=5000)  # read from the file
    type_into(qtbot, edit(editor, "kiosk.id"), "KIOSK-HN-07")
    type_into(qtbot, edit(editor, "ui.idle_warning_s"), "90")
    type_into(qtbot, edit(editor, "backend.connect_timeout_s"), "4,5")
    large = editor.fields["ui.large_text"].widget
    assert isinstance(large, QCheckBox)
    large.setChecked(True)
    save_and_wait(qtbot, editor)
    assert "Khởi động lại ứng dụng để áp dụng" in editor.status.text()
    assert str(tech.settings_path) in editor.status.text()
    after = kconfig.load(tech.settings_path)
    assert after.kiosk.id == "KIOSK-HN-07"
    assert after.ui.idle_warning_s == 90
    assert after.backend.connect_timeout_s == 4.5
    assert after.ui.large_text is True
    assert after.printer.kind == "pdf"  # what was not touched is kept
    changed = {k for k, v in after.as_dict().items() if before.value(k) != v}
    assert changed == {
        "kiosk.id",
        "ui.idle_warning_s",
        "backend.connect_timeout_s",
        "ui.large_text",
    }
    # replaced in one rename: no temporary file left beside it
    assert sorted(p.name for p in tech.settings_path.parent.iterdir()) == ["kiosk.toml"]


@pytest.mark.expect_log("WARNING", "ui.staff.settings_editor", r"settings not saved")
def test_a_failed_save_says_why_and_keeps_the_old_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    env = make_env(qtbot, window, tmp_path)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    editor = env.mode.technician_panel.settings
    editor.store = SettingsStore(blocker / "kiosk.toml")  # its "directory" is a file
    unlock(qtbot, env, TECH_PIN)
    qtbot.waitUntil(lambda: editor.save_button.isEnabled(), timeout=5000)
    save_and_wait(qtbot, editor)
    assert editor.status.text().startswith("Không lưu được")
    assert blocker.read_text(encoding="utf-8") == "x"
    env.mode.close()


def test_without_a_settings_file_the_editor_only_shows(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    env = make_env(qtbot, window, tmp_path, settings=False)
    unlock(qtbot, env, TECH_PIN)
    editor = env.mode.technician_panel.settings
    assert not editor.save_button.isEnabled()
    assert editor.status.text() == "Máy này không có tệp cài đặt để sửa."
    assert edit(editor, "kiosk.data_dir").text() == str(window.ctx.services.config.data_dir)
    env.mode.close()


def run_diagnostics(qtbot: QtBot, env: StaffEnv) -> None:
    unlock(qtbot, env, TECH_PIN)
    panel = env.mode.technician_panel
    click(qtbot, panel.diagnostics_tab)
    view = panel.diagnostics
    assert not view.export_button.isEnabled()  # nothing to export yet
    click(qtbot, view.run_button)
    qtbot.waitUntil(lambda: view.report is not None, timeout=10_000)


def test_diagnostics_show_each_check_in_plain_words(qtbot: QtBot, tech: StaffEnv) -> None:
    run_diagnostics(qtbot, tech)
    view = tech.mode.technician_panel.diagnostics
    assert view.rows["card_readers"][0].text() == "Đầu đọc thẻ: Hoạt động tốt (OK)"
    assert view.rows["printer"][0].text() == "Máy in: Cần chú ý (WARN)"
    assert view.rows["backend"][0].text() == "Kết nối máy chủ thành phố: Không hoạt động (FAIL)"
    assert "ConnectError" in view.rows["backend"][1].text()  # the detail code for technicians
    assert "atr: 3B 8F 80 01" in view.rows["card_readers"][1].text()
    assert view.overall.text() == "Kết quả chung: Không hoạt động (FAIL)"
    assert SAMPLE_CITIZEN.id_number not in view.rows["disk"][1].text()


def test_export_goes_to_the_data_directory_without_a_usb_stick(
    qtbot: QtBot, tech: StaffEnv, window: MainWindow
) -> None:
    to_identify(window)  # a resident is at the kiosk; nothing of theirs may leave
    run_diagnostics(qtbot, tech)
    view = tech.mode.technician_panel.diagnostics
    click(qtbot, view.export_button)
    qtbot.waitUntil(lambda: view.exported is not None, timeout=10_000)
    assert view.exported is not None
    expected_dir = window.ctx.services.config.data_dir / LOCAL_REPORT_DIR
    assert view.exported.parent == expected_dir
    assert view.status.text() == f"Không thấy USB. Đã ghi báo cáo vào: {view.exported}"
    doc = json.loads(view.exported.read_text(encoding="utf-8"))
    assert doc["probes"]["backend"]["status"] == "fail"
    texts = [p.read_text(encoding="utf-8") for p in expected_dir.iterdir()]
    assert len(texts) == 2  # .json and .txt
    for text in texts:
        assert SAMPLE_CITIZEN.id_number not in text
        assert "0912345678" not in text


def test_export_prefers_a_usb_stick(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    usb = tmp_path / "media" / "usb"
    usb.mkdir(parents=True)
    env = make_env(qtbot, window, tmp_path, probes=fake_probes, mounts=lambda: [usb])
    run_diagnostics(qtbot, env)
    view = env.mode.technician_panel.diagnostics
    click(qtbot, view.export_button)
    qtbot.waitUntil(lambda: view.exported is not None, timeout=10_000)
    assert view.exported is not None
    assert view.exported.parent == usb
    assert view.status.text() == f"Đã ghi báo cáo vào USB: {view.exported}"
    env.mode.close()


def test_quit_needs_a_confirmation_and_ends_the_app(
    qtbot: QtBot, tech: StaffEnv, window: MainWindow
) -> None:
    unlock(qtbot, tech, TECH_PIN)
    panel = tech.mode.technician_panel
    assert not panel.quit_confirm.isVisible()
    click(qtbot, panel.quit_button)
    assert tech.quits == []
    click(qtbot, panel.quit_confirm)
    assert tech.quits == ["quit"]
    assert not tech.mode.is_open()


def test_diagnostics_with_the_standard_probes_as_the_app_wires_them(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    services = window.ctx.services
    offline = {
        # no network, reader or CUPS here: those three answer as a bare kiosk would
        "backend": lambda: ProbeResult("backend", Status.FAIL, "backend not reachable (test)"),
        "card_readers": lambda: ProbeResult("card_readers", Status.FAIL, "no card reader found"),
        "printer": lambda: ProbeResult("printer", Status.FAIL, "pdf printer cannot print"),
    }
    env = make_env(
        qtbot,
        window,
        tmp_path,
        probes=lambda: standard_probes(
            services.config,
            card_runner=services.card.run,
            outbox_state=services.gateway.outbox_state,
            overrides=offline,
        ),
    )
    run_diagnostics(qtbot, env)
    view = env.mode.technician_panel.diagnostics
    assert set(view.rows) == {"card_readers", "printer", "backend", "outbox", "disk", "versions"}
    assert view.rows["outbox"][0].text() == "Hàng chờ gửi hồ sơ: Hoạt động tốt (OK)"
    assert "python: 3." in view.rows["versions"][1].text()  # the real versions probe ran
    env.mode.close()


@pytest.mark.expect_log("WARNING", "ui.staff.enrolment_view", r"enrolment refused")
def test_enrolment_checks_the_token_then_says_it_is_saved(qtbot: QtBot, tech: StaffEnv) -> None:
    open_technician(qtbot, tech)
    panel = tech.mode.technician_panel
    click(qtbot, panel.enrolment_tab)
    view = panel.enrolment
    seen: list[str] = []

    def refuse_then_accept(text: str) -> Path:
        seen.append(text)
        if len(seen) == 1:
            raise BackendUnauthorisedError("401")
        return tech.settings_path.parent / "device-token"

    view.enrol_fn = refuse_then_accept
    view.code.setText("tok-" + "a" * 40)
    click(qtbot, view.save_button)
    qtbot.waitUntil(lambda: view.save_button.isEnabled(), timeout=5000)
    assert BackendUnauthorisedError.message_vi in view.state.text()
    assert view.code.text()  # kept for a correction
    click(qtbot, view.save_button)
    qtbot.waitUntil(lambda: "Đã lưu mã thiết bị" in view.state.text(), timeout=5000)
    assert view.code.text() == ""
    assert seen == ["tok-" + "a" * 40] * 2
