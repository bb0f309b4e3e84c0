"""Turn bytes into text, telling binary and undecodable input apart from text in any encoding."""

from __future__ import annotations

import codecs

from charset_normalizer import CharsetMatches, from_bytes

from kabar.errors import InputRejected, RejectReason

_SNIFF = 8192
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Control bytes that never occur in text files (tab, newline, carriage return, form feed and
# escape excepted): a share of them above this means binary.
_CONTROL = bytes(range(32)).translate(None, b"\t\n\r\f\x1b")
_MAX_CONTROL_SHARE = 0.01
# What text in a Latin-script language that is not UTF-8 almost always is (old CMSes, Excel
# exports). Short texts give charset-normalizer too little to tell the single-byte Latin
# encodings apart: "café" came out as cp775 "cafķ", Spanish "española" as cp1250 "espańola".
_LATIN_DEFAULT = "cp1252"
_LATIN_LETTERS = 0x250  # Basic Latin to Latin Extended-B
_MIN_LATIN_SHARE = 0.9


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding (NULs, many control bytes)."""
    head = data[:_SNIFF]
    if head.startswith(_UTF16_BOMS):  # every other byte of Latin text is NUL
        return False
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(head.count(bytes([byte])) for byte in _CONTROL)
    return controls / len(head) > _MAX_CONTROL_SHARE


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode `data` as text and name the encoding used; raise InputRejected when impossible.

    UTF-8 (with or without BOM) is tried first because almost all news text is UTF-8, then
    UTF-16 where a BOM says so; anything else (Windows-1252 from old CMSes, Latin-1, Cyrillic
    cp1251) goes to charset-normalizer, with Windows-1252 preferred for Latin-script text.
    """
    if not data.strip():
        raise InputRejected(RejectReason.EMPTY, "no content")
    if looks_binary(data):
        raise InputRejected(RejectReason.BINARY, "binary content, not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise InputRejected(RejectReason.ENCODING, f"not valid UTF-16: {error}") from error
    sample = data[: 4 * 1024 * 1024]
    encoding = _chosen(sample, from_bytes(sample))
    if encoding is None:
        raise InputRejected(RejectReason.ENCODING, "text encoding could not be determined")
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as error:
        raise InputRejected(RejectReason.ENCODING, f"not valid {encoding}: {error}") from error


def _chosen(data: bytes, matches: CharsetMatches) -> str | None:
    """charset-normalizer's best encoding, except that Windows-1252 is taken when it is among
    the plausible ones and the best reads as Latin-script text too (Cyrillic in cp1251 keeps
    cp1251: Windows-1252 is not plausible for it)."""
    best = matches.best()
    if best is None or best.encoding is None:
        return None
    if best.encoding == _LATIN_DEFAULT or all(m.encoding != _LATIN_DEFAULT for m in matches):
        return best.encoding
    letters = [c for c in data.decode(best.encoding, errors="replace") if c.isalpha()]
    latin = sum(1 for c in letters if ord(c) < _LATIN_LETTERS)
    return _LATIN_DEFAULT if latin >= _MIN_LATIN_SHARE * len(letters) else best.encoding


def sniff_encoding(head: bytes) -> str:
    """Encoding of a file from its first bytes (a multi-byte character cut at the end is fine)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return _chosen(head, from_bytes(head)) or "utf-8"
