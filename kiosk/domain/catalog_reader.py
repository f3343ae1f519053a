"""Reading typed values out of a catalog table, one :class:`CatalogError` per bad field.

A bad field never raises: the error names the file and the field (``form.fields[2].kind``)
and the parsers (:mod:`kiosk.domain.catalog_parsing`, :mod:`kiosk.domain.form_parsing`) go
on, so one run reports every problem of a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.errors import KioskError

UNKNOWN = "unknown"


class CatalogError(KioskError):
    """A catalog file (or backend entry) that cannot be used, with the file and the field."""

    code = "catalog.invalid"
    message_vi = "Một số thủ tục tạm thời không hiển thị được. Vui lòng báo cán bộ."
    message_en = "Some procedures cannot be shown at the moment. Please tell the staff."

    def __init__(self, file: str, field_path: str, reason: str) -> None:
        super().__init__(f"{file}: {field_path}: {reason}" if field_path else f"{file}: {reason}")
        self.file = file
        self.field = field_path
        self.reason = reason


class FieldReader:
    """Reads typed values out of a mapping, recording an error per bad field."""

    def __init__(self, file: str, errors: list[CatalogError]) -> None:
        self.file = file
        self.errors = errors
        self.failed = False

    def fail(self, path: str, reason: str) -> None:
        self.failed = True
        self.errors.append(CatalogError(self.file, path, reason))

    def text(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(path + key, "missing")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(path + key, "must be a non-empty string")
            return ""
        return value

    def integer(
        self, data: Mapping[str, Any], key: str, path: str, *, allow_unknown: bool = False
    ) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if allow_unknown and value == UNKNOWN:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(path + key, "must be a whole number >= 0" + (' or "unknown"' * allow_unknown))
            return None
        return value

    def boolean(self, data: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(path + key, "must be true or false")
            return default
        return value

    def texts(self, data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(path + key, "must be a list of strings")
            return ()
        return tuple(value)

    def table(self, data: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
        value = data.get(key)
        if not isinstance(value, Mapping):
            self.fail(path + key, "missing table" if value is None else "must be a table")
            return {}
        return value

    def tables(self, data: Mapping[str, Any], key: str, path: str) -> list[Mapping[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.fail(path + key, "must be a list of tables")
            return []
        return list(value)

    def unknown_keys(self, data: Mapping[str, Any], allowed: frozenset[str], path: str) -> None:
        for key in data:
            if key not in allowed:
                self.fail(path + str(key), "unknown key")
