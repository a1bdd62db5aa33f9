"""The extractor over the document inventory, and parsed statements as figures for normalisation.

Touches: nothing itself; documents through documents.py and the cache. Imports: extract."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipelines.extract.cache import ExtractCache, Parsed, document_key
from pipelines.extract.documents import ExtractError, read_document
from pipelines.extract.figures import figures_frame
from pipelines.extract.statements import STATEMENT_FIELDS, extract_statements

PARSED_COLUMNS = [*STATEMENT_FIELDS, "source_ids", "is_fixture", "sha256", "problem"]


def parse_one(path: Path, name: str) -> Parsed:
    """A document's statements, or the reason it cannot be read."""
    try:
        document = read_document(path, name=name)
        return Parsed([s.record() for s in extract_statements(document)], None)
    except ExtractError as exc:
        return Parsed([], str(exc))


def parse_documents(
    raw: Path, documents: pd.DataFrame, cache: ExtractCache | None = None
) -> pd.DataFrame:
    """Every statement of every document; a document that cannot be read gives one row with its
    problem instead (and the run goes on). With a cache, unchanged documents are not parsed again."""
    cache = cache or ExtractCache(None)
    rows = []
    for entry in documents.itertuples():
        common = {
            "doc": entry.doc,
            "source_ids": list(entry.source_ids),
            "is_fixture": bool(entry.is_fixture),
            "sha256": entry.sha256,
        }
        key = document_key(raw / entry.doc, entry.sha256)
        parsed = cache.get(key)
        if parsed is None:
            parsed = parse_one(raw / entry.doc, entry.doc)
            cache.put(key, parsed)
        if parsed.problem:
            rows.append({**dict.fromkeys(PARSED_COLUMNS), **common, "problem": parsed.problem})
        rows.extend({**s, **common, "problem": None} for s in parsed.statements)
    return pd.DataFrame(rows, columns=PARSED_COLUMNS)


def quarantined(parsed: pd.DataFrame) -> pd.DataFrame:
    """Documents that could not be read, one row each with the reason (mart.quarantine)."""
    bad = parsed[parsed["problem"].notna()]
    return bad[["doc", "source_ids", "sha256", "problem"]].rename(columns={"problem": "reason"})


def parsed_figures(parsed: pd.DataFrame, transcribed_sources: set[str]) -> pd.DataFrame:
    """Statements from real (non-fixture) documents become figures, unless their document was also
    transcribed by hand: then the transcription stands and the two are cross-checked instead."""
    rows = []
    for s in parsed.itertuples():
        if s.is_fixture or s.problem or pd.isna(s.metric):
            continue
        source = s.source_ids[0]
        if source in transcribed_sources:
            continue
        rows.append(
            {
                "country": "CN",
                "jurisdiction": "national",
                "year": s.year,
                "period": s.period,
                "metric": s.metric,
                "scope": s.scope or "all",
                "printed": s.printed,
                "value": s.value,
                "low": s.low,
                "high": s.high,
                "qualifier": s.qualifier,
                "is_derived": False,
                "method": None,
                "change_printed": s.change_printed,
                "change_pct": s.change_pct,
                "change_pp": s.change_pp,
                "change_base": s.change_base,
                "source_id": source,
                "seen_at": None,
                "locator": f"characters {s.start}-{s.end} of the extracted text: {s.sentence[:120]}",
                "note": None,
                "origin": f"raw/{s.doc}",
            }
        )
    return figures_frame(rows)
