from __future__ import annotations

import marshal
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.domain.catalog_loading import bundled_catalog_dir, load_catalog
from kiosk.domain.catalog_snapshot import (
    SNAPSHOT_VERSION,
    LazyFormSchema,
    read_snapshot,
    snapshot_path,
)
from tests.factories import catalog

#: what the loader logs of a snapshot it does not trust
UNUSABLE = pytest.mark.expect_log(
    "WARNING", "kiosk.domain.catalog_snapshot", r"catalog snapshot unusable"
)


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "procedures"
    shutil.copytree(bundled_catalog_dir(), target)
    return target


def test_warm_load_gives_the_same_catalog(tmp_path: Path) -> None:
    d, cache = _copy(tmp_path), tmp_path / "cache"
    cold = load_catalog(d, cache)
    snap, _extra = read_snapshot(snapshot_path(cache, d))
    assert len(snap.entries) == len(cold.catalog)
    warm = load_catalog(d, cache)
    assert warm.errors == []
    for p in warm.catalog.procedures:
        assert isinstance(p.form, LazyFormSchema)
        original = catalog().get(p.code)
        assert original is not None
        assert p == original
        assert p.form.fields == original.form.fields
        assert p.form.visible_fields({}) == original.form.visible_fields({})


def test_changed_and_broken_files_are_read_again(tmp_path: Path) -> None:
    d, cache = _copy(tmp_path), tmp_path / "cache"
    load_catalog(d, cache)
    path = d / "1.004194-dang-ky-tam-tru.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('name_en = "Temporary residence registration"', 'name_en = "X"'))
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    (d / "9.000001-broken.toml").write_text('code = "9.000001"\n', encoding="utf-8")
    for _ in range(2):  # the broken file is reported on every load, not cached away
        result = load_catalog(d, cache)
        p = result.catalog.get("1.004194")
        assert p is not None
        assert p.name_en == "X"
        assert {e.file for e in result.errors} == {"9.000001-broken.toml"}


@pytest.mark.expect_log("WARNING", "kiosk.domain.catalog_snapshot", r"catalog snapshot unusable")
def test_mismatched_forms_file_is_not_trusted(tmp_path: Path) -> None:
    d, cache = _copy(tmp_path), tmp_path / "cache"
    load_catalog(d, cache)
    forms = snapshot_path(cache, d).with_suffix(".forms")
    forms.write_bytes(b"0" * 32 + forms.read_bytes()[32:])
    assert read_snapshot(snapshot_path(cache, d))[0].entries == {}
    result = load_catalog(d, cache)
    assert result.errors == []
    assert len(result.catalog) == len(catalog())


def _header_and_payload(path: Path) -> tuple[bytes, Any]:
    raw = path.read_bytes()
    magic, _, rest = raw.partition(b"\n")
    return magic + b"\n", marshal.loads(rest)


def test_snapshot_of_another_version_is_ignored_and_rewritten(tmp_path: Path) -> None:
    d, cache = _copy(tmp_path), tmp_path / "cache"
    path = snapshot_path(cache, d)
    load_catalog(d, cache)
    magic, payload = _header_and_payload(path)
    assert magic == f"ward-kiosk catalog snapshot {SNAPSHOT_VERSION}\n".encode()
    old = f"ward-kiosk catalog snapshot {SNAPSHOT_VERSION - 1}\n".encode()
    path.write_bytes(old + marshal.dumps(payload))
    assert read_snapshot(path)[0].entries == {}
    result = load_catalog(d, cache)
    assert result.errors == []
    assert len(result.catalog) == len(catalog())
    assert _header_and_payload(path)[0] == magic  # written again, in this version
    assert len(read_snapshot(path)[0].entries) == len(catalog())


def test_version_1_json_snapshot_is_replaced(tmp_path: Path) -> None:
    d, cache = _copy(tmp_path), tmp_path / "cache"
    legacy = snapshot_path(cache, d).with_suffix(".json")
    cache.mkdir()
    legacy.write_text('{"version": 1, "token": "x", "files": {}}', encoding="utf-8")
    result = load_catalog(d, cache)
    assert len(result.catalog) == len(catalog())
    assert not legacy.exists()
    assert len(read_snapshot(snapshot_path(cache, d))[0].entries) == len(catalog())


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated", marks=UNUSABLE),
        pytest.param(
            lambda raw: raw[: raw.index(b"\n") + 1], id="header line only", marks=UNUSABLE
        ),
        pytest.param(lambda raw: b"", id="empty"),  # no snapshot at all: nothing to warn of
        pytest.param(
            lambda raw: raw[: raw.index(b"\n") + 1] + b"\x00garbage", id="garbage", marks=UNUSABLE
        ),
    ],
)
def test_damaged_snapshot_is_ignored_and_rewritten(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    d, cache = _copy(tmp_path), tmp_path / "cache"
    path = snapshot_path(cache, d)
    load_catalog(d, cache)
    path.write_bytes(damage(path.read_bytes()))
    assert read_snapshot(path)[0].entries == {}
    result = load_catalog(d, cache)
    assert result.errors == []
    assert len(result.catalog) == len(catalog())
    assert len(read_snapshot(path)[0].entries) == len(catalog())


def _outside_the_forms_file(payload: tuple[Any, ...]) -> tuple[Any, ...]:
    token, extra, fees, documents, rows = payload
    name, stamp, values, start, _end = rows[0]
    return token, extra, fees, documents, ((name, stamp, values, start, 10**9), *rows[1:])


def _field_missing(payload: tuple[Any, ...]) -> tuple[Any, ...]:
    token, extra, fees, documents, rows = payload
    name, stamp, values, start, end = rows[0]
    return token, extra, fees, documents, ((name, stamp, values[:-1], start, end), *rows[1:])


def _unknown_fee(payload: tuple[Any, ...]) -> tuple[Any, ...]:
    token, extra, _fees, documents, rows = payload
    return token, extra, (), documents, rows


@pytest.mark.parametrize(
    "edit",
    [
        _outside_the_forms_file,
        _field_missing,
        _unknown_fee,
        lambda payload: (*payload[:4], 1),
        lambda payload: (payload[0], [], *payload[2:]),
        lambda payload: payload[:4],
    ],
)
@pytest.mark.expect_log("WARNING", "kiosk.domain.catalog_snapshot", r"catalog snapshot unusable")
def test_snapshot_of_the_wrong_shape_is_not_trusted(
    tmp_path: Path, edit: Callable[[tuple[Any, ...]], tuple[Any, ...]]
) -> None:
    d, cache = _copy(tmp_path), tmp_path / "cache"
    path = snapshot_path(cache, d)
    load_catalog(d, cache)
    magic, payload = _header_and_payload(path)
    assert len(read_snapshot(path)[0].entries) == len(catalog())
    path.write_bytes(magic + marshal.dumps(edit(payload)))
    assert read_snapshot(path)[0].entries == {}
    assert len(load_catalog(d, cache).catalog) == len(catalog())


def test_forms_kept_through_a_rewrite_are_intact(tmp_path: Path) -> None:
    d, cache = _copy(tmp_path), tmp_path / "cache"
    load_catalog(d, cache)
    first = load_catalog(d, cache)  # every form is now a slice of the snapshot's forms file
    assert all(isinstance(p.form, LazyFormSchema) for p in first.catalog.procedures)
    (d / "9.000002-new.toml").write_text(
        (d / "1.004194-dang-ky-tam-tru.toml")
        .read_text(encoding="utf-8")
        .replace('code = "1.004194"', 'code = "9.000002"'),
        encoding="utf-8",
    )
    second = load_catalog(d, cache)  # rewrites the snapshot, copying the undecoded forms
    assert second.errors == []
    third = load_catalog(d, cache)
    assert len(third.catalog) == len(catalog()) + 1
    for p in third.catalog.procedures:
        original = catalog().get("1.004194" if p.code == "9.000002" else p.code)
        assert original is not None
        assert p.form.fields == original.form.fields
        assert p.fee == original.fee
        assert p.documents == original.documents
