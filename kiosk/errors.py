"""The root of every error a resident, staff member or technician can act on.

Each area (card, backend, printer, config, catalog) subclasses :class:`KioskError` in its own
module. A ``KioskError`` carries two short messages for the screen (Vietnamese and English) and
a technical ``detail`` for the log. Anything that is *not* a ``KioskError`` is a bug: the UI shows
the recovery screen and the log gets the traceback.
"""

from __future__ import annotations

from typing import ClassVar

from kiosk.lang import Lang


class KioskError(Exception):
    """A failure with a message a person can act on.

    Subclasses set ``message_vi`` / ``message_en`` as class attributes; an instance may override
    them. ``detail`` is for technicians and the log and must never contain personal data.
    """

    message_vi: ClassVar[str] = "Đã có lỗi. Vui lòng báo cán bộ hỗ trợ."
    message_en: ClassVar[str] = "Something went wrong. Please ask the staff for help."
    #: short stable identifier shown in the technician view and written to the log
    code: ClassVar[str] = "kiosk.error"

    def __init__(
        self,
        detail: str = "",
        *,
        vi: str | None = None,
        en: str | None = None,
    ) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        self._vi = vi
        self._en = en

    def message(self, lang: Lang) -> str:
        """The resident-facing message in ``lang``."""
        if lang == "vi":
            return self._vi or self.message_vi
        return self._en or self.message_en

    def __str__(self) -> str:
        return f"[{self.code}] {self.detail}" if self.detail else f"[{self.code}]"
