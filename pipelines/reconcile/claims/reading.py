"""Claims as an analyst writes them: raw/claims/*.csv, and what a claimed value and year mean
(a point, a bound ">20", a range, several values; one year or a span).

Touches: reads raw/claims/*.csv. Imports: extract, normalise, common."""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.common.errors import ProcstatsError, summarise
from pipelines.extract.numbers import NumberFormatError, parse_quantity
from pipelines.normalise.intervals import Interval

INPUT_COLUMNS = [
    "claim_id",
    "paper_id",
    "paper",
    "country",
    "metric",
    "year",
    "claimed_value",
    "unit",
    "claimed_as",
    "cited_source",
    "cited_source_id",
    "formula",
    "other_readings",
    "notes",
]


def load_claims(raw: Path) -> pd.DataFrame:
    files = sorted((raw / "claims").glob("*.csv"))
    rows, problems = [], []
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [
                c
                for c in ("claim_id", "country", "metric", "year", "claimed_value", "unit")
                if c not in (reader.fieldnames or [])
            ]
            if missing:
                raise ProcstatsError(f"{path.name}: missing columns {', '.join(missing)}")
            for line, row in enumerate(reader, start=2):
                rows.append(
                    {c: (row.get(c) or "").strip() for c in INPUT_COLUMNS} | {"file": path.name}
                )
                if not rows[-1]["claim_id"]:
                    problems.append(f"{path.name}:{line}: empty claim_id")
    frame = pd.DataFrame(rows, columns=[*INPUT_COLUMNS, "file"])
    duplicated = frame["claim_id"][frame["claim_id"].duplicated()]
    problems += [f"claim_id {c!r} appears twice" for c in duplicated]
    if problems:
        raise ProcstatsError(summarise(problems, "claims"))
    return frame


@dataclass(frozen=True)
class Claimed:
    kind: str  # point, bound, range, several, unreadable
    interval: Interval | None
    values: tuple[float, ...] = ()


def read_claimed(text: str, unit: str) -> Claimed:
    text = text.strip()
    suffix = "%" if unit == "pct" else ""
    if text.startswith(">"):
        value = float(text[1:])
        return Claimed("bound", Interval(value, 100.0 if unit == "pct" else math.inf))
    if re.fullmatch(r"\d+(\.\d+)?-\d+(\.\d+)?", text):
        low, high = (float(v) for v in text.split("-"))
        return Claimed("range", Interval(low, high))
    if ";" in text:
        try:
            return Claimed("several", None, tuple(float(v) for v in text.split(";")))
        except ValueError:
            return Claimed("unreadable", None)
    try:
        q = parse_quantity(text + suffix)
    except NumberFormatError:
        return Claimed("unreadable", None)
    return Claimed("point", Interval.of(q.low, q.high), (q.value,))


def claim_years(text: str) -> tuple[int, ...] | None:
    """(2018,), (2014, …, 2018), or None for long-run and undated claims."""
    if re.fullmatch(r"(19|20)\d\d", text):
        return (int(text),)
    span = re.fullmatch(r"((?:19|20)\d\d)-((?:19|20)\d\d)", text)
    if span:
        return tuple(range(int(span.group(1)), int(span.group(2)) + 1))
    return None
