"""Printed quantities in a sentence: every number with its scale, unit and the words that qualify
it (超过, 余, nearly …), read by numbers.parse_quantity, minus what is not a figure (years, dates,
ordinals, list numbers).

Touches: nothing (text in, tokens out). Imports: extract."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.extract.numbers import NumberFormatError, parse_quantity

_PRE = (
    r"(?:超过|超出|逾|接近|将近|近|大约|约|超|more than|over|nearly|almost|about|around|"
    r"approximately|roughly|less than|under)\s*"
)
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN = r"[零〇一二两三四五六七八九十百千]+"
_SCALE = r"\s*(?:万|亿|million|billion|thousand)"
_UNIT = (
    r"\s*(?:%|个百分点|百分点|percentage points?|percent|per cent|人|名|件|成|people|persons|"
    r"individuals|cases)"
)
_TOKEN = re.compile(
    rf"(?P<pre>{_PRE})?(?P<num>{_NUMBER}|{_CN})(?P<rem1>余|多)?(?P<scale>{_SCALE})?(?P<rem2>余|多)?"
    rf"(?P<unit>{_UNIT})?(?P<post>以上|左右)?",
    re.IGNORECASE,
)
_NOT_A_FIGURE_AFTER = re.compile(
    r"\s*(年|月|日|号|时|季|批|项|条|倍|次|家|届|期|周|天|岁|部|元|起(?!诉)|个(?!百分点)|"
    r"[至到~\-—–]\s*\d+\s*[月日年])|[a-z]",
    re.IGNORECASE,
)
_YEARLIKE = re.compile(r"^(19|20)\d\d$")


@dataclass
class Token:
    start: int
    end: int
    quantity: object  # numbers.Quantity
    printed: str
    kind: str = "level"  # level, change, skip
    sign: int = 1
    change_unit: str | None = None  # pct or pp
    base: str | None = None
    respectively: bool = False
    metric: str | None = None
    scope: str = ""
    statement: object | None = field(default=None, repr=False)  # the Statement it became


def _tenths_as_percent(match: re.Match) -> str:
    """九成 (nine tenths) is 90%: rewrite it so the number parser reads a percentage."""
    number = match.group("num")
    tenths = float(number) if number[0].isdigit() else parse_quantity(number + "万").value / 10_000
    return f"{match.group('pre') or ''}{tenths * 10:g}%{match.group('post') or ''}"


def find_quantities(view: str, start: int, end: int, language: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(view, start, end):
        number = match.group("num")
        chinese_numeral = not number[0].isdigit()
        has_scale, unit = bool(match.group("scale")), (match.group("unit") or "").strip().lower()
        if chinese_numeral and not (
            has_scale or unit == "成" or (unit in ("人", "名") and len(number) > 1)
        ):
            continue
        before = view[max(start, match.start() - 1) : match.start()]
        after = view[match.end() : match.end() + 8]
        if before in ("第",) or (
            before and ((before.isalnum() and before.isascii()) or before in "_/.")
        ):
            continue
        if not unit and not has_scale and _NOT_A_FIGURE_AFTER.match(after):
            continue
        if not unit and not has_scale and _YEARLIKE.match(number):
            continue
        if not unit and not has_scale and after[:1] in "、)）．" and chinese_numeral:
            continue
        text = view[match.start() : match.end()].rstrip()
        try:
            quantity = parse_quantity(
                _tenths_as_percent(match) if unit == "成" else text,
                "de" if language == "de" else None,
            )
        except NumberFormatError:
            continue
        tokens.append(Token(match.start(), match.start() + len(text), quantity, text))
    return tokens
