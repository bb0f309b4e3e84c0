"""Turn bytes into text, telling binary and undecodable input apart from text in any encoding."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from kabar.errors import InputRejected, RejectReason

_SNIFF = 8192
# Control bytes that never occur in text files (tab, newline, carriage return, form feed and
# escape excepted): a share of them above this means binary.
_CONTROL = bytes(range(32)).translate(None, b"\t\n\r\f\x1b")
_MAX_CONTROL_SHARE = 0.01


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding (NULs, many control bytes)."""
    head = data[:_SNIFF]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if not head:
        return False
    controls = sum(head.count(bytes([byte])) for byte in _CONTROL)
    return controls / len(head) > _MAX_CONTROL_SHARE


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode `data` as text and name the encoding used; raise InputRejected when impossible.

    UTF-8 (with or without BOM) is tried first because almost all news text is UTF-8; anything
    else (Windows-1252 from old CMSes, Latin-1, UTF-16) goes to charset-normalizer.
    """
    if not data.strip():
        raise InputRejected(RejectReason.EMPTY, "no content")
    if looks_binary(data):
        raise InputRejected(RejectReason.BINARY, "binary content, not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[: 4 * 1024 * 1024]).best()
    if best is None or best.encoding is None:
        raise InputRejected(RejectReason.ENCODING, "text encoding could not be determined")
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError) as error:
        raise InputRejected(RejectReason.ENCODING, f"not valid {best.encoding}: {error}") from error


def sniff_encoding(head: bytes) -> str:
    """Encoding of a file from its first bytes (a multi-byte character cut at the end is fine)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        best = from_bytes(head).best()
        return best.encoding if best is not None and best.encoding else "utf-8"
