"""The one error type of every export: a message a presenter can act on, Japanese then English."""

from __future__ import annotations


class ExportError(Exception):
    """An export that could not be made. `str(e)` is the user-facing message, Japanese then English;
    `e.ja` / `e.en` hold each language alone."""

    def __init__(self, ja: str, en: str | None = None):
        self.ja = ja
        self.en = en or ""
        super().__init__(f"{ja}\n{en}" if en else ja)

