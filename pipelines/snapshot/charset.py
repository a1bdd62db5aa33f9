"""Bytes → text for pages in UTF-8, GB2312, GBK or GB18030, whatever they claim to be.

Order of evidence: a byte-order mark; the HTTP Content-Type charset; the page's own <meta charset>;
then detection. A declared charset that does not decode the bytes cleanly is not trusted (Chinese
sites often serve GBK pages labelled UTF-8 and the reverse); the next piece of evidence is tried.

Touches: nothing (bytes in, text out). Imports: nothing."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

# GB2312 and GBK pages regularly contain characters only GB18030 has; it is a superset of both.
_WIDEN = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte codecs decode any bytes, so a server's "ISO-8859-1" (often a default, not a fact) would
# always "work"; such a declaration is used only when nothing better decodes the page.
_WEAK = {"iso8859-1", "cp1252", "latin-1", "ascii"}
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec used
    evidence: str  # bom, http, meta, detected or fallback


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    try:
        canonical = codecs.lookup(_WIDEN.get(name, name)).name
    except LookupError:
        return None
    return _WIDEN.get(canonical, canonical)


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*([^\s;]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_multibyte(data: bytes) -> bool:
    """CJK encodings put non-ASCII bytes next to each other; Latin-1 text has them alone."""
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if not high:
        return False
    paired = sum(
        1
        for i in high
        if (i + 1 < len(data) and data[i + 1] >= 0x80) or (i > 0 and data[i - 1] >= 0x80)
    )
    return paired / len(high) >= 0.5


def decode(data: bytes, http_charset: str | None = None) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(codec), codec, "bom")
    meta = _META.search(data[:4096])
    weak: list[tuple[str, str]] = []
    for evidence, name in (("http", http_charset), ("meta", meta.group(1) if meta else None)):
        codec = _codec(name.decode("ascii", "ignore") if isinstance(name, bytes) else name)
        if codec in _WEAK:
            if not _looks_multibyte(data):  # isolated accented letters: believe it
                return Decoded(data.decode(codec, errors="replace"), codec, evidence)
            weak.append((codec, evidence))
        elif codec and (text := _strict(data, codec)) is not None:
            return Decoded(text, codec, evidence)
    if (text := _strict(data, "utf-8")) is not None:
        return Decoded(text, "utf-8", "detected")
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        codec = _codec(best.encoding) or best.encoding
        if (text := _strict(data, codec)) is not None:
            return Decoded(text, codec, "detected")
    if (text := _strict(data, "gb18030")) is not None:
        return Decoded(text, "gb18030", "detected")
    for codec, evidence in weak:
        return Decoded(data.decode(codec, errors="replace"), codec, evidence)
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", "fallback")
