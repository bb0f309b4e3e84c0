"""One exception tree for kabar; every error carries a code that names what to fix."""

from __future__ import annotations

from enum import StrEnum


class RejectReason(StrEnum):
    """Why an input was rejected; stored with every rejection."""

    EMPTY = "empty"  # no bytes, or no text after extraction
    BINARY = "binary"  # not text at all
    ENCODING = "encoding"  # text whose encoding could not be determined
    TOO_LARGE = "too_large"  # over settings.ingest.max_bytes
    MALFORMED = "malformed"  # broken JSON line, broken feed, CSV row that cannot be read
    MISSING_FIELD = "missing_field"  # a required field (text or title) is absent
    UNSUPPORTED = "unsupported"  # a file kind no reader handles
    BAD_VALUE = "bad_value"  # a field with a value of the wrong form (e.g. an unparseable date)
    FETCH = "fetch"  # a URL that could not be fetched
    INTERNAL = "internal"  # a kabar bug met this input: reported, and the batch goes on


class KabarError(Exception):
    """Base of every error kabar raises on purpose."""

    code = "kabar"


class SettingsError(KabarError):
    """A setting has a bad value: the message names the setting and the value."""

    code = "settings"


class StoreError(KabarError):
    """The store cannot be opened, migrated or written."""

    code = "store"


class InputRejected(KabarError):
    """One input item cannot be taken; the batch goes on and records it."""

    code = "rejected"

    def __init__(self, reason: RejectReason, detail: str) -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail


class NotFound(KabarError):
    """An id asked for (story, article) is not in the store."""

    code = "not_found"
