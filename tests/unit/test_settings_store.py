"""Settings: validated before saving, saved atomically (a child killed mid-save many times)."""

from __future__ import annotations

import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import config as kconfig
from kiosk.config import ConfigError
from kiosk.runtime.atomic_file import remove_stale_temp_files, stale_temp_files
from kiosk.settings_store import SettingsStore, config_path, load_config, render_settings


def test_a_missing_file_loads_as_defaults(tmp_path: Path) -> None:
    cfg = SettingsStore(tmp_path / "kiosk.toml").load()
    assert cfg.as_dict() == kconfig.defaults().as_dict()


def test_save_values_round_trips_and_keeps_help_comments(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "kiosk.toml")
    store.save_values(
        {"kiosk.id": "KIOSK-BD-07", "ui.idle_warning_s": 90, "backend.url": "http://127.0.0.1:8765"}
    )
    text = store.path.read_text("utf-8")
    assert "# Identifier of this kiosk" in text
    cfg = store.load()
    assert cfg.kiosk.id == "KIOSK-BD-07"
    assert cfg.ui.idle_warning_s == 90
    assert cfg.backend.url == "http://127.0.0.1:8765"
    assert cfg.printer.layout == kconfig.defaults().printer.layout
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o640


def test_existing_permissions_are_kept(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "kiosk.toml")
    store.save(kconfig.defaults())
    store.path.chmod(0o600)
    store.save_values({"ui.language": "en"})
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("changes", "key", "reason"),
    [
        ({"ui.idle_warning_s": 5}, "ui.idle_warning_s", "at least"),
        ({"backend.url": "ftp://city"}, "backend.url", "http"),
        ({"ui.language": "fr"}, "ui.language", "'vi' or 'en'"),
        ({"printer.kind": "fax"}, "printer.kind", "one of"),
        ({"kiosk.idd": "x"}, "kiosk.idd", "unknown option"),
        ({"ui.large_text": "yes"}, "ui.large_text", "must be bool"),
        ({"nosection": 1}, "nosection", "section.key"),
    ],
)
def test_invalid_values_are_refused_with_key_and_reason_and_nothing_is_written(
    tmp_path: Path, changes: dict[str, kconfig.OptionValue], key: str, reason: str
) -> None:
    store = SettingsStore(tmp_path / "kiosk.toml")
    store.save_values({"kiosk.id": "OLD"})
    before = store.path.read_bytes()
    with pytest.raises(ConfigError) as err:
        store.save_values(changes)
    assert err.value.key == key
    assert reason in err.value.reason
    assert store.path.read_bytes() == before


def test_save_text_validates_a_raw_document(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "kiosk.toml")
    with pytest.raises(ConfigError) as err:
        store.save_text("[ui]\nlanguage = \n")
    assert "not valid TOML" in err.value.reason
    assert not store.path.exists()
    cfg = store.save_text('[ui]\nlanguage = "en"\n')
    assert cfg.ui.language == "en"
    assert store.load().ui.language == "en"


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=40))
def test_any_string_round_trips(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    store = SettingsStore(tmp_path_factory.mktemp("rt") / "kiosk.toml")
    cfg = kconfig.defaults().replace(kiosk__ward_name=text)
    store.save(cfg)
    assert store.load().kiosk.ward_name == text


def test_every_section_is_declared_once(tmp_path: Path) -> None:
    text = render_settings(kconfig.defaults())
    headers = [line for line in text.splitlines() if line.startswith("[")]
    assert len(headers) == len(set(headers))
    assert {h.strip("[]") for h in headers} == {o.key.split(".")[0] for o in kconfig.OPTIONS}
    assert kconfig.parse(tomllib.loads(text), "x").as_dict() == kconfig.defaults().as_dict()


def test_config_path_resolution(tmp_path: Path) -> None:
    assert config_path("/x/y.toml", {}) == Path("/x/y.toml")
    assert config_path(None, {"KIOSK_CONFIG": "/a/b.toml"}) == Path("/a/b.toml")
    f = tmp_path / "k.toml"
    SettingsStore(f).save_values({"kiosk.id": "FROM-ENV"})
    assert load_config(None, {"KIOSK_CONFIG": str(f)}).kiosk.id == "FROM-ENV"


_SAVER = textwrap.dedent(
    """
    import sys
    from kiosk import config
    from kiosk.settings_store import SettingsStore

    store = SettingsStore(sys.argv[1])
    a = config.defaults().replace(kiosk__id="A", kiosk__ward_name="a" * 3000)
    b = config.defaults().replace(kiosk__id="B", kiosk__ward_name="b", ui__language="en")
    i = 0
    while True:
        store.save(a if i % 2 else b)
        if i == 1:
            print("saving", flush=True)
        i += 1
    """
)


@pytest.mark.slow
def test_a_child_killed_mid_save_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    SettingsStore(path).save(kconfig.defaults().replace(kiosk__id="A", kiosk__ward_name="a" * 3000))
    configs = {
        "A": kconfig.defaults().replace(kiosk__id="A", kiosk__ward_name="a" * 3000),
        "B": kconfig.defaults().replace(kiosk__id="B", kiosk__ward_name="b", ui__language="en"),
    }
    rng = random.Random(7)
    seen: set[str] = set()
    kills = 40
    for _ in range(kills):
        child = subprocess.Popen(
            [sys.executable, "-c", _SAVER, str(path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "saving"
            # let it run a few saves, then kill it wherever it happens to be
            time.sleep(rng.uniform(0, 0.03))
            child.send_signal(signal.SIGKILL)
        finally:
            child.wait(timeout=30)
            if child.stdout is not None:
                child.stdout.close()
        assert child.returncode == -signal.SIGKILL
        cfg = kconfig.load(path)  # raises if the file is broken
        ident = cfg.kiosk.id
        # byte for byte one complete version (a cut file could still parse, using defaults)
        assert path.read_text("utf-8") == render_settings(configs[ident])
        seen.add(ident)
    # the kills landed at different points of the save loop
    assert seen == {"A", "B"}
    # crashes may leave temp files beside the target; startup cleans them
    remove_stale_temp_files(path)
    assert stale_temp_files(path) == []
