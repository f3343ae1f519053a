import dataclasses
import tomllib
from pathlib import Path
from typing import Any, get_args

import pytest

from kiosk.commands.main import main
from kiosk.config import (
    OPTIONS,
    SECTIONS,
    Config,
    ConfigError,
    defaults,
    load,
    parse,
)
from kiosk.config.options import section_options
from kiosk.config.sections import PrinterSection
from kiosk.lang import LANGS, Lang
from kiosk.settings_store import render_settings

REPO = Path(__file__).resolve().parents[2]


def test_shipped_config_is_valid_and_complete() -> None:
    cfg = load(REPO / "config" / "kiosk.toml")
    text = (REPO / "config" / "kiosk.toml").read_text(encoding="utf-8")
    for option in OPTIONS:
        name = option.key.split(".", 1)[1]
        assert f"\n{name} = " in text, f"{option.key} missing from config/kiosk.toml"
        assert cfg.value(option.key) == option.default


def test_the_sections_are_the_declaration_and_the_renderer_and_shipped_file_agree() -> None:
    cfg = defaults()
    tables = [f.name for f in dataclasses.fields(Config) if f.name != "source"]
    assert [s.table for s in SECTIONS] == tables
    # OPTIONS is exactly the section fields, each read back as its declared type
    declared = [f"{s.table}.{f.name}" for s in SECTIONS for f in dataclasses.fields(s)]
    assert [o.key for o in OPTIONS] == declared
    for option in OPTIONS:
        value = getattr(getattr(cfg, option.section), option.name)
        assert type(value) is option.type, option.key
        assert value == option.default
    # the renderer writes every option of the declaration, and config/kiosk.toml is its output
    text = render_settings(cfg)
    assert text == (REPO / "config" / "kiosk.toml").read_text(encoding="utf-8")
    doc = tomllib.loads(text)
    assert {f"{t}.{k}" for t, body in doc.items() for k in body} == set(declared)
    assert parse(doc, "x") == cfg


def test_literal_fields_give_the_choices() -> None:
    printer = {o.name: o for o in section_options(PrinterSection)}
    assert printer["kind"].choices == ("cups", "escpos", "pdf")
    assert printer["layout"].choices == ("a5", "roll80")
    assert LANGS == get_args(Lang) == ("vi", "en")


def test_typed_sections_check_themselves_when_replaced() -> None:
    cfg = defaults()
    with pytest.raises(ConfigError) as info:
        dataclasses.replace(cfg.ui, language="fr")  # type: ignore[arg-type]
    assert info.value.key == "ui.language"
    assert "'vi' or 'en'" in info.value.reason
    backend = dataclasses.replace(cfg.backend, connect_timeout_s=4)
    assert backend.connect_timeout_s == 4.0
    assert isinstance(backend.connect_timeout_s, float)
    changed = dataclasses.replace(cfg, backend=backend)
    assert changed.backend.connect_timeout_s == 4.0
    assert changed != cfg
    assert changed.replace(backend__connect_timeout_s=3.0) == cfg


def test_every_option_is_declared_once_with_help() -> None:
    keys = [o.key for o in OPTIONS]
    assert len(keys) == len(set(keys))
    for o in OPTIONS:
        assert o.help, o.key
        assert o.validate(o.default) is None, o.key


@pytest.mark.parametrize(
    ("doc", "key", "reason"),
    [
        ({"ui": {"langauge": "vi"}}, "ui.langauge", "did you mean 'ui.language'"),
        ({"uii": {}}, "uii", "unknown section"),
        ({"ui": {"idle_warning_s": 3}}, "ui.idle_warning_s", "at least 10"),
        ({"ui": {"idle_warning_s": "60"}}, "ui.idle_warning_s", "must be int"),
        ({"ui": {"idle_warning_s": True}}, "ui.idle_warning_s", "not true/false"),
        ({"ui": {"language": "fr"}}, "ui.language", "'vi' or 'en'"),
        ({"backend": {"url": "ftp://x"}}, "backend.url", "http"),
        ({"printer": {"kind": "laser"}}, "printer.kind", "one of cups, escpos, pdf"),
        ({"ui": 5}, "ui", "must be a table"),
    ],
)
def test_bad_values_are_refused_with_key_and_reason(
    doc: dict[str, Any], key: str, reason: str
) -> None:
    with pytest.raises(ConfigError) as info:
        parse(doc, "kiosk.toml")
    assert info.value.key == key
    assert reason in info.value.reason
    assert "kiosk.toml" in str(info.value)


def test_float_option_accepts_an_integer() -> None:
    cfg = parse({"backend": {"read_timeout_s": 5}}, "x")
    assert cfg.backend.read_timeout_s == 5.0
    assert isinstance(cfg.backend.read_timeout_s, float)


def test_render_round_trips(tmp_path: Path) -> None:
    cfg = defaults().replace(ui__language="en", kiosk__id="K-7")
    path = tmp_path / "k.toml"
    path.write_text(render_settings(cfg), encoding="utf-8")
    again = load(path)
    assert again.as_dict() == cfg.as_dict()


def test_replace_validates() -> None:
    with pytest.raises(ConfigError):
        defaults().replace(ui__idle_countdown_s=1)
    with pytest.raises(ConfigError, match=r"did you mean 'ui\.language'"):
        defaults().replace(ui__langage="en")


def test_unreadable_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[ui\nlanguage = 'vi'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load(broken)


def test_config_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "check", str(REPO / "config" / "kiosk.toml")]) == 0
    assert "OK" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text('[backend]\nurll = "https://x"\n', encoding="utf-8")
    assert main(["config", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err
    assert "backend.urll" in err
    assert "did you mean 'backend.url'" in err


def test_data_path_resolves_relative_to_data_dir(tmp_path: Path) -> None:
    cfg = defaults().replace(kiosk__data_dir=str(tmp_path))
    assert cfg.data_path(cfg.backend.token_file) == tmp_path / "device-token"
    cfg = cfg.replace(backend__token_file="/etc/token")
    assert cfg.data_path(cfg.backend.token_file) == Path("/etc/token")
