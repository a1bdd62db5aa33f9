"""Printed figures → value, qualifier and the interval the printing allows.

A published figure is a statement about an interval, not a point: 72.6万 means some count in
[725 500, 726 500]; 超过90% means [90, 100]; 29万余 means [290 000, 300 000]. This module turns
the printed form (Chinese, Japanese, English or German) into that interval.

Conventions (also in README "How figures are read"):
- exact: no hedge word. The interval is the rounding interval of the printed precision: the last
  written digit for decimals and for numbers with a scale word (万, million, Millionen); for plain
  integers with three or more trailing zeros the last non-zero digit; other plain integer counts
  are taken as exact ([v, v]).
- approx (约, 左右, 大约, about, rund, etwa): the same rounding interval.
- lower_bound (超过, 以上, more than, exceeding, über): [v, 100] for percentages, [v, unbounded] for counts.
  余/多 ("29万余", "160余万", "10多万") also give an upper limit: the written number plus one unit
  of its last non-zero digit ([290 000, 300 000], [1 600 000, 1 700 000]).
- upper_bound (近, 接近, nearly, knapp): [0, v].

Touches: nothing (printed form in, value and interval out). Imports: nothing."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

EXACT, APPROX, LOWER, UPPER = "exact", "approx", "lower_bound", "upper_bound"
QUALIFIERS = (EXACT, APPROX, LOWER, UPPER)


class NumberFormatError(ValueError):
    """The text holds no figure this module can read."""


@dataclass(frozen=True)
class Quantity:
    value: float
    low: float | None  # None: no bound below (never happens: counts and rates are >= 0)
    high: float | None  # None: unbounded above (a count printed as "more than N")
    qualifier: str
    unit: str | None  # pct, pp, persons, cases, proceedings or None when the text names none
    step: float  # the rounding unit of the printed precision


# Hedge words. Order matters: longer phrases first so "接近" wins over "近".
_LOWER_WORDS = (
    "more than",
    "over",
    "above",
    "in excess of",
    "exceeding",
    "at least",
    "upwards of",
    "mehr als",
    "über",
    "超过",
    "超過",
    "逾",
    ">",
    "≥",
)
_UPPER_WORDS = (
    "接近",
    "将近",
    "將近",
    "近",
    "nearly",
    "almost",
    "close to",
    "just under",
    "knapp",
    "fast",
    "<",
    "≤",
)
_APPROX_WORDS = (
    "大约",
    "大約",
    "约",
    "約",
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
    "rund",
    "etwa",
    "ca.",
    "circa",
    "~",
    "≈",
)
_APPROX_SUFFIXES = ("左右", "上下")

_SCALES = {
    "万": 1e4,
    "萬": 1e4,
    "亿": 1e8,
    "億": 1e8,
    "千": 1e3,
    "million": 1e6,
    "millionen": 1e6,
    "mio.": 1e6,
    "mio": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "milliarden": 1e9,
    "thousand": 1e3,
}

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}

_EN_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_DE_WORDS = {
    "null": 0,
    "ein": 1,
    "eins": 1,
    "eine": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "zwanzig": 20,
    "dreißig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "sechzig": 60,
    "siebzig": 70,
    "achtzig": 80,
    "neunzig": 90,
    "hundert": 100,
}

_PP_RE = re.compile(
    r"(个百分点|個百分點|百分点|百分點|percentage points?|\bpp\b|prozentpunkte?)", re.I
)
_PCT_RE = re.compile(r"(%|％|percent\b|per cent\b|prozent\b)", re.I)
_PERSONS_RE = re.compile(r"(人|名|persons?\b|people\b|suspects?\b|defendants?\b)", re.I)
_CASES_RE = re.compile(r"(件|起|cases?\b)", re.I)
_PROCEEDINGS_RE = re.compile(r"(verfahren|proceedings?\b)", re.I)

# One Arabic number: digits with optional group separators and decimals.
_ARABIC = r"\d{1,3}(?:[,\u2009\u202f ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ARABIC_DE = r"\d{1,3}(?:[.\u2009\u202f ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_CN_NUM_CHARS = "零〇一二两兩三四五六七八九十拾百佰千仟"


def normalise(text: str) -> str:
    """NFKC (full-width digits and signs to ASCII) and collapsed whitespace."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()


def _unit_of(text: str) -> str | None:
    if _PP_RE.search(text):
        return "pp"
    if _PCT_RE.search(text):
        return "pct"
    if _PROCEEDINGS_RE.search(text):
        return "proceedings"
    if _PERSONS_RE.search(text):
        return "persons"
    if _CASES_RE.search(text):
        return "cases"
    return None


def _words(words: tuple[str, ...]) -> re.Pattern:
    """One pattern for a word list: Latin words match whole words only ('over' is not in
    'coverage'); CJK words and signs match anywhere."""
    parts = [
        rf"(?<![a-zäöüß]){re.escape(w)}(?![a-zäöüß])"
        if w[0].isascii() and w[0].isalpha()
        else re.escape(w)
        for w in words
    ]
    return re.compile("|".join(parts))


_UPPER_RE, _LOWER_RE, _APPROX_RE = (_words(w) for w in (_UPPER_WORDS, _LOWER_WORDS, _APPROX_WORDS))


def _qualifier_of(text: str) -> tuple[str, bool]:
    """(qualifier, remainder) where remainder marks 余/多: 'N and some more, below the next unit'."""
    low = text.lower()
    if _UPPER_RE.search(low):
        return UPPER, False
    if _LOWER_RE.search(low):
        return LOWER, False
    stripped = re.sub(r"[人名件起%\s]|个百分点|個百分點", "", text)
    for suffix in ("余", "餘", "多"):
        # 29万余, 160余万, 10多万: the remainder mark directly after a number or a scale word
        if re.search(rf"[\d{_CN_NUM_CHARS}万萬亿億]{suffix}", stripped):
            return LOWER, True
    if "以上" in text:
        return LOWER, False
    if _APPROX_RE.search(low):
        return APPROX, False
    for suffix in _APPROX_SUFFIXES:
        if suffix in text:
            return APPROX, False
    return EXACT, False


def _parse_cn_integer(chars: str) -> int:
    """十四 → 14, 三十六 → 36, 一千二百 → 1200, 二〇二三 → 2023 (digit by digit)."""
    if all(c in _CN_DIGITS for c in chars):
        return int("".join(str(_CN_DIGITS[c]) for c in chars))
    total, digit = 0, None
    for c in chars:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        elif c in _CN_SMALL_UNITS:
            total += (1 if digit is None else digit) * _CN_SMALL_UNITS[c]
            digit = None
        else:
            raise NumberFormatError(f"not a Chinese numeral: {chars!r}")
    return total + (digit or 0)


def _last_nonzero_place(number_text: str) -> float:
    """Place value of the last non-zero digit: '160' → 10, '29' → 1, '3.10' → 0.1."""
    digits = number_text.replace(",", "").replace(" ", "")
    if "." in digits:
        whole, frac = digits.split(".")
        frac = frac.rstrip("0")
        if frac:
            return 10.0 ** -len(frac)
        digits = whole
    stripped = digits.rstrip("0")
    return 10.0 ** (len(digits) - len(stripped)) if stripped else 1.0


@dataclass(frozen=True)
class _Core:
    value: float
    step: float  # rounding unit of the printed precision
    remainder_step: float  # unit of the last non-zero digit (for 余/多)
    plain_integer: bool  # digits only, no scale word, no decimals


def _parse_core(text: str, lang: str | None) -> _Core:
    """The number itself, without hedge words or units."""
    low = text.lower()
    # Japanese/Chinese mixed form with digits after the scale: 213万9,557 → 2 139 557 (exact).
    m = re.search(r"(\d+)\s*[万萬]\s*(\d{1,3}(?:,\d{3})*|\d{1,4})(?!\d|\.)", text)
    if m and not re.search(r"[万萬]\s*\d+\s*[万萬亿億]", text):
        tail = m.group(2).replace(",", "")
        value = int(m.group(1)) * 10_000 + int(tail)
        return _Core(float(value), 1.0, 1.0, True)

    decimal_comma = lang == "de"
    pattern = _ARABIC_DE if decimal_comma else _ARABIC
    m = re.search(pattern, text)
    if m:
        raw = m.group(0)
        if decimal_comma:
            canonical = re.sub(r"[.\u2009\u202f ]", "", raw).replace(",", ".")
        else:
            canonical = re.sub(r"[,\u2009\u202f ]", "", raw)
        number = float(canonical)
        decimals = len(canonical.split(".")[1]) if "." in canonical else 0
        after = low[m.end() :].lstrip()
        scale = 1.0
        for word, factor in sorted(_SCALES.items(), key=lambda kv: -len(kv[0])):
            # 160余万: the remainder mark may sit between the number and its scale word
            if re.match(rf"(?:余|餘|多)?{re.escape(word)}", after):
                scale = factor
                break
        value = number * scale
        if decimals:
            step = 10.0**-decimals * scale
        elif scale != 1.0:
            step = scale
        else:
            step = _last_nonzero_place(canonical) if canonical.endswith("000") else 1.0
        plain = decimals == 0 and scale == 1.0
        return _Core(value, step, _last_nonzero_place(canonical) * scale, plain)

    m = re.search(rf"[{_CN_NUM_CHARS}]+(?:[万萬亿億][{_CN_NUM_CHARS}]*)*", text)
    if m:
        return _parse_cn_number(m.group(0))

    words = re.findall(r"[a-zäöüß]+", low.replace("-", " "))
    table = _DE_WORDS if lang == "de" else {**_EN_WORDS, **_DE_WORDS}
    numeric = [table[w] for w in words if w in table]
    if numeric:
        value = sum(numeric)
        return _Core(float(value), 1.0, float(_last_nonzero_place(str(value))), True)
    raise NumberFormatError(f"no figure in {text!r}")


def _parse_cn_number(chars: str) -> _Core:
    """三十六万 → 360 000; 一亿二千万 → 120 000 000; 十四万 → 140 000."""
    total = 0
    last_scale = 1
    for part, big in re.findall(r"([^万萬亿億]*)([万萬亿億]?)", chars):
        if not part and not big:
            continue
        number = _parse_cn_integer(part) if part else 1
        factor = {"万": 10_000, "萬": 10_000, "亿": 10**8, "億": 10**8}.get(big, 1)
        total = (total + number) * factor if factor > last_scale else total + number * factor
        last_scale = factor
    remainder_step = _last_nonzero_place(str(total))
    return _Core(float(total), float(last_scale if last_scale > 1 else 1), remainder_step, False)


def parse_quantity(text: str, lang: str | None = None) -> Quantity:
    """Read one printed figure. `lang` matters only for German decimal commas ("3,5 %")."""
    clean = normalise(text)
    if not clean:
        raise NumberFormatError("empty figure")
    unit = _unit_of(clean)
    qualifier, remainder = _qualifier_of(clean)
    core = _parse_core(clean, lang)
    value = core.value
    is_rate = unit in ("pct", "pp")

    step = core.step
    if qualifier == APPROX and core.plain_integer:
        step = core.remainder_step  # "rund 5 464 300": rounded at its last non-zero digit
    if core.plain_integer and not is_rate and step == 1.0:
        low, high = value, value  # a count printed to the unit is exact
    else:
        low, high = value - step / 2, value + step / 2

    if qualifier == LOWER:
        low = value
        # 余/多 stop below the next unit; other lower bounds are open (a rate stops at 100)
        high = value + core.remainder_step if remainder else (100.0 if unit == "pct" else None)
    elif qualifier == UPPER:
        low, high = 0.0, value
    return Quantity(value, _tidy(low), _tidy(high), qualifier, unit, step)


def _tidy(x: float | None) -> float | None:
    """Remove binary noise such as 725499.99999 from interval edges."""
    if x is None:
        return None
    return float(round(x, 9)) if not math.isinf(x) else None
