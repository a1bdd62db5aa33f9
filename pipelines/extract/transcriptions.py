"""Hand transcriptions (raw/transcriptions/*.csv): one row per printed figure per document.

The printed form is the evidence. Every row's typed value and qualifier must agree with what
numbers.parse_quantity reads from the printed form, so a typing slip cannot enter the warehouse;
the interval (low/high) always comes from the printed form.

Touches: reads raw/transcriptions/*.csv. Imports: extract, common."""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pandas as pd

from pipelines.common.errors import TranscriptionError, summarise
from pipelines.extract.figures import COUNTRIES, PERIOD_PATTERN, figures_frame
from pipelines.extract.numbers import NumberFormatError, parse_quantity

COLUMNS = [
    "country",
    "jurisdiction",
    "year",
    "period",
    "metric",
    "scope",
    "printed",
    "value",
    "qualifier",
    "computed",
    "method",
    "change_printed",
    "change_pct",
    "change_pp",
    "change_base",
    "source_id",
    "seen_at",
    "locator",
    "note",
    "research_row",
]
_PERIOD = re.compile(rf"^(?:{PERIOD_PATTERN})$")
_METRIC = re.compile(r"^[a-z][a-z0-9_]*$")


def load_transcriptions(raw: Path, sources: pd.DataFrame) -> pd.DataFrame:
    """All transcription files as figures; a TranscriptionError lists what is wrong and where."""
    files = sorted((raw / "transcriptions").glob("*.csv"))
    if not files:
        raise TranscriptionError(f"no transcription files in {raw / 'transcriptions'}")
    language = dict(zip(sources["source_id"], sources["language"], strict=True))
    access = dict(zip(sources["source_id"], sources["access"], strict=True))
    rows: list[dict] = []
    problems: list[str] = []
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != COLUMNS:
                raise TranscriptionError(f"{path.name}: columns must be {', '.join(COLUMNS)}")
            for line, record in enumerate(reader, start=2):
                where = f"{path.name}:{line}"
                try:
                    rows.append(_figure(record, where, language, access))
                except TranscriptionError as exc:
                    problems.append(str(exc))
    if problems:
        raise TranscriptionError(summarise(problems, "transcriptions"))
    return figures_frame(rows)


def _number(text: str, where: str, field: str) -> float | None:
    if text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        raise TranscriptionError(f"{where}: {field} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise TranscriptionError(f"{where}: {field} {text!r} is not a finite number")
    return value


def _figure(r: dict[str, str], where: str, language: dict, access: dict) -> dict:
    def fail(message: str) -> TranscriptionError:
        return TranscriptionError(f"{where}: {message}")

    if r["country"] not in COUNTRIES:
        raise fail(f"country {r['country']!r} is not one of {', '.join(COUNTRIES)}")
    if not _PERIOD.match(r["period"]):
        raise fail(f"period {r['period']!r} is not a known period form")
    if r["year"] == "":
        if r["period"] != "unknown":
            raise fail("year is empty but period is not 'unknown'")
        year = None
    elif re.fullmatch(r"(19|20)\d\d", r["year"]):
        year = int(r["year"])
    else:
        raise fail(f"year {r['year']!r} is not a four-digit year")
    if not _METRIC.match(r["metric"]) or not r["scope"] or not r["jurisdiction"]:
        raise fail("metric, scope and jurisdiction must all be given")
    source = r["source_id"]
    if source not in access:
        raise fail(f"source_id {source!r} is not in the registry")
    if access[source] == "not_seen":
        raise fail(
            f"source {source} is registered as not_seen, so nothing can have been read in it"
        )
    if r["computed"] not in ("true", "false"):
        raise fail(f"computed must be true or false, not {r['computed']!r}")
    computed = r["computed"] == "true"
    value = _number(r["value"], where, "value")
    change_pct = _number(r["change_pct"], where, "change_pct")
    change_pp = _number(r["change_pp"], where, "change_pp")
    if (change_pct is not None or change_pp is not None) and not r["change_base"]:
        raise fail("a change needs change_base (what it is compared with)")

    low = high = None
    if computed:
        if r["printed"] or not r["method"] or value is None:
            raise fail("a computed row has a value and a method and no printed form")
        qualifier = None
    elif r["printed"]:
        try:
            quantity = parse_quantity(r["printed"], language[source])
        except NumberFormatError as exc:
            raise fail(f"printed form {r['printed']!r}: {exc}") from None
        if value is None or not math.isclose(quantity.value, value, rel_tol=1e-9, abs_tol=1e-9):
            raise fail(
                f"value {r['value']} disagrees with the printed form {r['printed']!r} "
                f"(reads as {quantity.value:g})"
            )
        if r["qualifier"] != quantity.qualifier:
            raise fail(
                f"qualifier {r['qualifier']!r} disagrees with the printed form "
                f"{r['printed']!r} (reads as {quantity.qualifier})"
            )
        qualifier, low, high = quantity.qualifier, quantity.low, quantity.high
    else:  # a change printed without the level it changes
        if (
            value is not None
            or not r["change_printed"]
            or (change_pct is None and change_pp is None)
        ):
            raise fail("a row without a printed figure must be a printed change with no value")
        qualifier = None

    return {
        "country": r["country"],
        "jurisdiction": r["jurisdiction"],
        "year": year,
        "period": r["period"],
        "metric": r["metric"],
        "scope": r["scope"],
        "printed": r["printed"] or None,
        "value": value,
        "low": low,
        "high": high,
        "qualifier": qualifier,
        "is_derived": computed,
        "method": r["method"] or None,
        "change_printed": r["change_printed"] or None,
        "change_pct": change_pct,
        "change_pp": change_pp,
        "change_base": r["change_base"] or None,
        "source_id": source,
        "seen_at": r["seen_at"] or None,
        "locator": r["locator"] or None,
        "note": r["note"] or None,
        "origin": f"raw/transcriptions/{where}",
    }
