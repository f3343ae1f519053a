from __future__ import annotations

import os
import shutil
from pathlib import Path

from kiosk.domain.catalog import bundled_catalog_dir, load_catalog
from kiosk.domain.catalog_snapshot import LazyFormSchema, read_snapshot, snapshot_path
from tests.factories import catalog


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


def test_mismatched_forms_file_is_not_trusted(tmp_path: Path) -> None:
    d, cache = _copy(tmp_path), tmp_path / "cache"
    load_catalog(d, cache)
    forms = snapshot_path(cache, d).with_suffix(".forms")
    forms.write_bytes(b"0" * 32 + forms.read_bytes()[32:])
    assert read_snapshot(snapshot_path(cache, d))[0].entries == {}
    result = load_catalog(d, cache)
    assert result.errors == []
    assert len(result.catalog) == len(catalog())
