"""Which year and period a figure is about: from the document's title and date, from a time phrase
opening the sentence (1至9月，… / In 2019, …), and from a year printed next to the figure
(由2018年的54.9%降至2022年的26.7%).

Touches: nothing (text in, year and period out). Imports: nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class TimeFrame:
    year: int | None
    period: str  # FY, Q1, H1, Jan-Sep, ... or a span such as 2018-2022

    def with_year(self, year: int) -> TimeFrame:
        return replace(self, year=year)


_MONTHS = {3: "Q1", 6: "H1", 12: "FY"}
_EN_MONTH = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_MONTH_ABBR = [
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
_CN_MONTH = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}


def _cumulative(last_month: int) -> str:
    return _MONTHS.get(last_month, f"Jan-{_MONTH_ABBR[last_month]}")


def _month(token: str) -> int:
    return int(token) if token.isdigit() else _CN_MONTH[token]


# A cumulative period from January, in Chinese or English; group "m" is the last month.
_ZH_SPAN = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d)年)?(?:1|一)月?(?:至|到|-|—|–|~)(?P<m>1[0-2]|[1-9]|十[一二]?|[二三四五六七八九])月"
)
_ZH_NAMED = re.compile(r"(?:(?P<y>(?:19|20)\d\d)年)?(?P<name>第?一季度|上半年|前三季度|全年)")
_EN_SPAN = re.compile(
    r"(?:from )?january (?:to|through|-) (?P<month>february|march|april|may|june|july|august|september|"
    r"october|november|december)(?:,? (?P<y>(?:19|20)\d\d))?"
)
_EN_NAMED = re.compile(
    r"(?:in )?the (?P<name>first quarter|first half|first three quarters|first nine months|"
    r"first eleven months)(?: of (?P<y>(?:19|20)\d\d))?"
)
_NAMED_PERIODS = {
    "一季度": "Q1",
    "第一季度": "Q1",
    "上半年": "H1",
    "前三季度": "Jan-Sep",
    "全年": "FY",
    "first quarter": "Q1",
    "first half": "H1",
    "first three quarters": "Jan-Sep",
    "first nine months": "Jan-Sep",
    "first eleven months": "Jan-Nov",
}
_YEAR = re.compile(
    r"((?:19|20)\d\d)\s*年|\b(?:in|for|of|during) ((?:19|20)\d\d)\b|[（(]((?:19|20)\d\d)[)）]",
    re.IGNORECASE,
)
_OPENING_YEAR = re.compile(
    r"(?:^|[。\n.!?;；]\s*)(?:in )?((?:19|20)\d\d)\s*(?:年(?:全年)?)?\s*[,，]", re.IGNORECASE
)
_REPORT_DATE = re.compile(r"((?:19|20)\d\d)年\d{1,2}月\d{1,2}日")
_FIVE_YEARS = re.compile(r"五年来|过去五年|5年来|过去5年|past five years|over the five years")


def period_in(text: str) -> tuple[int | None, str] | None:
    """(year or None, period) named in a short text, or None."""
    text = text.lower()
    for pattern in (_ZH_SPAN, _EN_SPAN):
        match = pattern.search(text)
        if match:
            month = match.group("m") if "m" in pattern.groupindex else match.group("month")
            last = _month(month) if pattern is _ZH_SPAN else _EN_MONTH[month]
            year = int(match.group("y")) if match.group("y") else None
            return year, _cumulative(last)
    for pattern in (_ZH_NAMED, _EN_NAMED):
        match = pattern.search(text)
        if match:
            year = int(match.group("y")) if match.group("y") else None
            return year, _NAMED_PERIODS[match.group("name")]
    return None


def first_year(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(next(g for g in match.groups() if g)) if match else None


def document_timeframe(title: str, head: str, published: str | None = None) -> TimeFrame:
    """The year and period a document reports, from its title, its opening text and its date.
    A work report delivered in March of year N reports on year N-1."""
    text = f"{title}\n{head}"
    if re.search(r"工作报告|work report", title, re.IGNORECASE):
        delivered = _REPORT_DATE.search(text)
        year = int(delivered.group(1)) if delivered else first_year(title)
        year = year or (int(published[:4]) if published else None)
        if year:
            return TimeFrame(year - 1, "FY")
    # the title decides; the opening text only fills what the title leaves open
    in_title, in_head = period_in(title), period_in(head)
    year = (in_title[0] if in_title else None) or first_year(title)
    if year is None:  # a year opening a sentence ("2023年，" / "In 2019,"), not one in passing
        opening = _OPENING_YEAR.search(head)
        year = (in_head[0] if in_head else None) or (int(opening.group(1)) if opening else None)
    if year is None and published:
        year = int(published[:4])
    period = (
        in_title[1] if in_title else (in_head[1] if in_head and not first_year(title) else "FY")
    )
    return TimeFrame(year, period)


def sentence_timeframe(opening: str, document: TimeFrame) -> TimeFrame:
    """A time phrase opening a sentence ("1至9月，", "2023年，", "In 2019,") overrides the document's."""
    if _FIVE_YEARS.search(opening) and document.year:
        return TimeFrame(document.year, f"{document.year - 4}-{document.year}")
    found = period_in(opening)
    if found:
        return TimeFrame(found[0] or document.year, found[1])
    year = first_year(opening)
    if year:
        return TimeFrame(year, "FY")
    return document


_NEAR_YEAR_BEFORE = re.compile(
    r"((?:19|20)\d\d)\s*年(?:全年|底|末)?(?:的|为|是|达|)?[^\d,;。]{0,12}$"
)
_NEAR_YEAR_AFTER = re.compile(r"^[^\d,;.]{0,6}\b(?:in|for) ((?:19|20)\d\d)\b")


def year_next_to(before: str, after: str) -> int | None:
    """A year printed right next to a figure: 2018年的54.9% / 54.9% in 2018."""
    match = _NEAR_YEAR_BEFORE.search(before)
    if match:
        return int(match.group(1))
    match = _NEAR_YEAR_AFTER.search(after)
    return int(match.group(1)) if match else None
