from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.config import OPTIONS, ConfigError, defaults, load, parse, render_toml

REPO = Path(__file__).resolve().parents[2]


def test_shipped_config_is_valid_and_complete() -> None:
    cfg = load(REPO / "config" / "kiosk.toml")
    text = (REPO / "config" / "kiosk.toml").read_text(encoding="utf-8")
    for option in OPTIONS:
        name = option.key.split(".", 1)[1]
        assert f"\n{name} = " in text, f"{option.key} missing from config/kiosk.toml"
        assert cfg[option.key] == option.default


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
    assert cfg["backend.read_timeout_s"] == 5.0
    assert isinstance(cfg["backend.read_timeout_s"], float)


def test_render_round_trips(tmp_path: Path) -> None:
    cfg = defaults().replace(ui__language="en", kiosk__id="K-7")
    path = tmp_path / "k.toml"
    path.write_text(render_toml(cfg), encoding="utf-8")
    again = load(path)
    assert again.as_dict() == cfg.as_dict()


def test_replace_validates() -> None:
    with pytest.raises(ConfigError):
        defaults().replace(ui__idle_countdown_s=1)
    with pytest.raises(ConfigError):
        defaults().replace(ui__nope=1)


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
    assert cfg.data_path("backend.token_file") == tmp_path / "device-token"
    cfg = cfg.replace(backend__token_file="/etc/token")
    assert cfg.data_path("backend.token_file") == Path("/etc/token")
