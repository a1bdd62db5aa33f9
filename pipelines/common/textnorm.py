"""A matching view of a text with the same length as the original, so every span found in the view
is a span of the original: full-width forms folded to ASCII (NFKC) and traditional characters mapped
to simplified, one character at a time.

Touches: nothing (text in, text out). Imports: nothing."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _fold(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) != 1:
        return char
    if "\u3400" <= folded <= "\u9fff" or "\uf900" <= folded <= "\ufaff":
        simplified = _T2S.convert(folded)
        if len(simplified) == 1:
            folded = simplified
    return folded


def matching_view(text: str) -> str:
    """Same length as `text`; use it to search, and the original to report."""
    return "".join(_fold(c) for c in text)


def is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"
