"""Parsed against transcribed: where a document was both parsed and typed in by hand, list every
figure on which the two disagree.

Figures are matched on metric, scope, year and period. They agree when their intervals overlap (a
parsed 168.8万 and a transcribed 1,688,000 do; 168.8万 and 169.8万 do not). A figure only one side
has is listed too: the parser missed it, or the transcription left it out.

Touches: nothing (data frames in, findings out). Imports: nothing."""

from __future__ import annotations

import pandas as pd

FINDING_COLUMNS = ["doc", "metric", "scope", "year", "period", "parsed", "transcribed", "finding"]
AGREE, DISAGREE = "agree", "values disagree"
PARSED_ONLY, TRANSCRIBED_ONLY = "parsed only", "transcribed only"


def _overlap(a_low: float, a_high: float | None, b_low: float, b_high: float | None) -> bool:
    a_high = float("inf") if a_high is None or pd.isna(a_high) else a_high
    b_high = float("inf") if b_high is None or pd.isna(b_high) else b_high
    return a_low <= b_high and b_low <= a_high


def crosscheck(parsed: pd.DataFrame, transcribed: pd.DataFrame) -> pd.DataFrame:
    """Findings for every parsed document whose sources have transcribed figures."""
    printed = transcribed[~transcribed["is_derived"] & transcribed["value"].notna()]
    findings = []
    for doc, statements in parsed[parsed["problem"].isna() & parsed["value"].notna()].groupby(
        "doc"
    ):
        sources = set(statements["source_ids"].iloc[0])
        typed = printed[printed["source_id"].isin(sources)]
        if typed.empty:
            continue
        # only the periods the document reports: a fixture reproduces part of its sources
        frames = set(zip(statements["year"], statements["period"], strict=True))
        typed = typed[
            [(y, p) in frames for y, p in zip(typed["year"], typed["period"], strict=True)]
        ]
        findings += _compare(doc, statements, typed)
    return pd.DataFrame(findings, columns=FINDING_COLUMNS)


def _compare(doc: str, statements: pd.DataFrame, typed: pd.DataFrame) -> list[dict]:
    out = []
    parsed_keys = statements.assign(scope=statements["scope"].replace("", "all").fillna("all"))
    keys = ["metric", "scope", "year", "period"]
    for key, side in parsed_keys.groupby(keys):
        other = typed[
            (typed["metric"] == key[0])
            & (typed["scope"] == key[1])
            & (typed["year"] == key[2])
            & (typed["period"] == key[3])
        ]
        shown = ", ".join(sorted(set(side["printed"].astype(str))))
        if other.empty:
            out.append(_finding(doc, key, shown, None, PARSED_ONLY))
            continue
        typed_shown = ", ".join(sorted(set(other["printed"])))
        for s in side.itertuples():
            agrees = any(_overlap(s.low, s.high, t.low, t.high) for t in other.itertuples())
            out.append(_finding(doc, key, s.printed, typed_shown, AGREE if agrees else DISAGREE))
    parsed_set = {tuple(k) for k in parsed_keys[keys].itertuples(index=False)}
    for key, other in typed.groupby(keys):
        if tuple(key) not in parsed_set:
            out.append(
                _finding(doc, key, None, ", ".join(sorted(set(other["printed"]))), TRANSCRIBED_ONLY)
            )
    return out


def _finding(
    doc: str, key: tuple, parsed: str | None, transcribed: str | None, finding: str
) -> dict:
    metric, scope, year, period = key
    return {
        "doc": doc,
        "metric": metric,
        "scope": scope,
        "year": int(year),
        "period": period,
        "parsed": parsed,
        "transcribed": transcribed,
        "finding": finding,
    }
