"""Verdicts on claims:

- misattributed: the cited document cannot contain the figure (it covers other years, or it was
  published before the years claimed);
- consistent / inconsistent: the claimed value's interval does / does not meet the interval of the
  figure procstats holds for that metric and year (printed, else derived);
- definition_mismatch: the value fits another reading of the claim (`other_readings`), not its own
  metric, or the readings disagree about a bound ("above 20%");
- unverifiable: no document procstats holds gives the figure, or a computed claim rests on an input
  no document gives.
Each verdict comes with the recomputed value, its interval and an explanation a reader can check.

Touches: nothing (data frames). Imports: reconcile, normalise."""

from __future__ import annotations

import re

import pandas as pd

from pipelines.normalise.intervals import row_interval
from pipelines.reconcile.claims.evidence import Evidence, Verdict, describe, printed_parts, span
from pipelines.reconcile.claims.formulas import judge_formula
from pipelines.reconcile.claims.reading import Claimed, claim_years, read_claimed
from pipelines.reconcile.tables import CLAIMS

CLAIM_COLUMNS = CLAIMS.column_names
VERDICTS = ("consistent", "inconsistent", "definition_mismatch", "misattributed", "unverifiable")


def _misattribution(
    claim: pd.Series, years: tuple[int, ...] | None, evidence: Evidence
) -> str | None:
    if not claim["cited_source_id"] or years is None:
        return None
    cited = evidence.source(claim["cited_source_id"])
    if cited is None:
        return None
    covers = cited.get("covers")
    span = claim_years(covers.split()[0]) if isinstance(covers, str) else None
    if span and not set(years) & set(span):
        title = cited["title_en"] if isinstance(cited["title_en"], str) else cited["title"]
        text = f"the cited “{title}” reports {covers}, not {claim['year']}"
        copies = set(
            evidence.sources.loc[evidence.sources["reports_on"] == cited["source_id"], "source_id"]
        )
        own = evidence.figures(claim["country"], claim["metric"], span)
        own = own[own["source_id"].isin(copies)]
        if not own.empty:
            text += "; for its own years it gives " + "; ".join(
                describe(r) for _, r in own.iterrows()
            )
        return text

    published = cited.get("published_on")
    if isinstance(published, str) and int(published[:4]) < min(years):
        return (
            f"the cited “{cited['title']}” ({cited['producer']}) was published in {published[:4]}, "
            f"before the years it is cited for ({claim['year']})"
        )
    return None


def _matches(claimed: Claimed, rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows the claim agrees with, rows it does not)."""
    agree = rows[[claimed.interval.overlaps(row_interval(r)) for _, r in rows.iterrows()]]
    return agree, rows.drop(index=agree.index)


def judge(claim: pd.Series, claims: pd.DataFrame, evidence: Evidence) -> Verdict:
    years = claim_years(claim["year"])
    claimed = read_claimed(claim["claimed_value"], claim["unit"])
    wrong_source = _misattribution(claim, years, evidence)
    if claim["formula"]:
        return judge_formula(claim, claims, evidence, years, claimed, wrong_source)
    own = evidence.figures(claim["country"], claim["metric"], years)
    if wrong_source:
        if not own.empty:
            context = "; the figures procstats holds for that year: " + "; ".join(
                describe(r) for _, r in own.iterrows()
            )
        else:
            context = (
                "; "
                + _nothing_found(claim, evidence)[0].lower()
                + _nothing_found(claim, evidence)[1:].rstrip(".")
            )
        return _with_best(
            Verdict("misattributed", wrong_source[0].upper() + wrong_source[1:] + context + "."),
            own,
            claimed,
        )
    if claimed.interval is None:
        return Verdict(
            "unverifiable",
            f"The claimed value {claim['claimed_value']!r} is not one figure. "
            + _nothing_found(claim, evidence),
        )
    readings = [m for m in claim["other_readings"].split(";") if m]
    others = {m: evidence.figures(claim["country"], m, years) for m in readings}
    if claimed.kind == "point":
        return _judge_point(claim, claimed, own, others, evidence)
    return _judge_bound(claim, claimed, own, others, evidence)


def _with_best(verdict: Verdict, rows: pd.DataFrame, claimed: Claimed) -> Verdict:
    """The verdict with the recomputed value of the row that best fits the claim: one that agrees
    with it, and of those the nearest to the claimed value."""
    if rows.empty:
        return verdict
    best = rows.iloc[0]
    if claimed.interval is not None:
        agree, _ = _matches(claimed, rows)
        candidates = agree if not agree.empty else rows
        if claimed.values:
            distance = (candidates["value"].astype(float) - claimed.values[0]).abs()
            best = candidates.loc[distance.idxmin()]
        else:
            best = candidates.iloc[0]

    verdict.value, verdict.interval = float(best["value"]), row_interval(best)
    verdict.obs_ids = tuple(rows["obs_id"])
    return verdict


def _judge_point(
    claim: pd.Series, claimed: Claimed, own: pd.DataFrame, others: dict, evidence: Evidence
) -> Verdict:
    value = claim["claimed_value"] + ("%" if claim["unit"] == "pct" else "")
    if not own.empty:
        agree, disagree = _matches(claimed, own)
        if not agree.empty:
            text = (
                f"The claimed {value} {span(claimed.interval, claim['unit'])} agrees with "
                + "; ".join(describe(r) for _, r in agree.iterrows())
                + _also_derived(agree, evidence)
            )
            if not disagree.empty:
                text += "; but not with " + "; ".join(describe(r) for _, r in disagree.iterrows())
            return _with_best(Verdict("consistent", text + "."), agree, claimed)
    fitting = {m: _matches(claimed, rows)[0] for m, rows in others.items() if not rows.empty}
    fitting = {m: rows for m, rows in fitting.items() if not rows.empty}
    if fitting:
        metric, rows = next(iter(fitting.items()))
        text = f"The claimed {value} is not the {claim['metric']} but the {metric}: " + "; ".join(
            describe(r) for _, r in rows.iterrows()
        )
        if not own.empty:
            text += f". The {claim['metric']} itself was " + "; ".join(
                describe(r) for _, r in own.iterrows()
            )
            same_scope = own[own["scope"].isin(set(rows["scope"]))]
            own = same_scope if not same_scope.empty else own
        verdict = Verdict("definition_mismatch", text + ".")
        if own.empty:
            return _with_best(verdict, rows, claimed)
        best = own.iloc[0]
        verdict.value, verdict.interval = float(best["value"]), row_interval(best)
        verdict.obs_ids = tuple(own["obs_id"]) + tuple(rows["obs_id"])
        return verdict
    if not own.empty:
        text = (
            f"The claimed {value} {span(claimed.interval, claim['unit'])} does not meet the figures for "
            f"{claim['year']}: "
            + "; ".join(describe(r) for _, r in own.iterrows())
            + _also_derived(own, evidence)
        )
        return _with_best(Verdict("inconsistent", text + "."), own, claimed)
    return Verdict("unverifiable", _nothing_found(claim, evidence))


def _judge_bound(
    claim: pd.Series, claimed: Claimed, own: pd.DataFrame, others: dict, evidence: Evidence
) -> Verdict:

    readings = {claim["metric"]: own, **others}
    results = {}
    for metric, rows in readings.items():
        if rows.empty:
            continue
        failing = rows[[not claimed.interval.overlaps(row_interval(r)) for _, r in rows.iterrows()]]
        results[metric] = (rows, failing)
    if not results:
        return Verdict("unverifiable", _nothing_found(claim, evidence))

    def summary(metric: str) -> str:
        rows, failing = results[metric]
        years = f"{int(rows['year'].min())}-{int(rows['year'].max())}"
        span = f"{rows['value'].min():.1f}-{rows['value'].max():.1f}"
        if failing.empty:
            return f"{metric} holds in every year {years} ({span})"
        return (
            f"{metric} does not ({span}; outside the claim in "
            + ", ".join(str(int(y)) for y in sorted(set(failing["year"])))
            + ")"
        )

    holds = {m for m, (_, failing) in results.items() if failing.empty}
    text = (
        f"The claim {claim['claimed_value']} ({claim['claimed_as']}) depends on the ratio meant: "
        + "; ".join(summary(m) for m in results)
    )
    if holds and holds != set(results):
        verdict = "definition_mismatch"
    else:
        verdict = "consistent" if holds else "inconsistent"
    rows = results.get(claim["metric"], next(iter(results.values())))[0]
    return _with_best(Verdict(verdict, text + "."), rows, claimed)


def _also_derived(rows: pd.DataFrame, evidence: Evidence) -> str:
    """Derived figures for the same slots as printed evidence (a rate recomputed from its counts)."""
    if rows.empty or rows["printed"].isna().all() or evidence.derived.empty:
        return ""
    keys = {
        (r["country"], r["metric"], r["scope"], r["year"], r["jurisdiction"])
        for _, r in rows.iterrows()
    }
    derived = evidence.derived[
        [
            (r["country"], r["metric"], r["scope"], r["year"], r["jurisdiction"]) in keys
            and r["period"] == "FY"
            for _, r in evidence.derived.iterrows()
        ]
    ]
    if derived.empty:
        return ""
    return "; and recomputed: " + "; ".join(describe(r) for _, r in derived.iterrows())


def _nothing_found(claim: pd.Series, evidence: Evidence) -> str:
    parts = [
        f"No document procstats holds gives the {claim['metric']} for {claim['country']} "
        f"{claim['year']}"
    ]
    cited = evidence.source(claim["cited_source_id"]) if claim["cited_source_id"] else None
    if cited is not None:
        status = (
            "not read (registered from the citation)" if cited["access"] == "not_seen" else "read"
        )
        parts.append(f"the cited {cited['source_id']} is {status}")
    elif not claim["cited_source"]:
        parts.append("the claim cites no source")
    years = claim_years(claim["year"])
    nearby = evidence.resolved[
        (evidence.resolved["country"] == claim["country"])
        & (evidence.resolved["metric"] == claim["metric"])
    ]
    if years is not None and not nearby.empty:
        nearby = nearby[nearby["year"].isin(years)]
        if not nearby.empty:
            parts.append(
                "only partial-year figures exist: "
                + "; ".join(
                    f"{r['period']} {int(r['year'])} {r['printed']} ({r['source_id']})"
                    for _, r in nearby.iterrows()
                )
            )
    parts_text = printed_parts(claim, evidence, years)
    if parts_text:
        parts.append(parts_text)
    gone = evidence.excluded[
        (evidence.excluded["country"] == claim["country"])
        & (evidence.excluded["metric"] == claim["metric"])
    ]
    if years is not None:
        gone = gone[gone["year"].isin(years)]
    if not gone.empty:
        parts.append(
            "a figure a correction excludes is not used: "
            + "; ".join(f"{r['printed']} ({r['source_id']})" for _, r in gone.iterrows())
        )
    return "; ".join(parts) + "."


def claim_problems(judged: pd.DataFrame) -> list[str]:
    """Structural errors in judged claims: an unknown verdict, no explanation, a bad interval."""
    problems = []
    for row in judged.itertuples():
        if row.verdict not in VERDICTS:
            problems.append(f"{row.claim_id}: unknown verdict {row.verdict!r}")
        if not isinstance(row.explanation, str) or len(row.explanation) < 40:
            problems.append(f"{row.claim_id}: no substantive explanation")
        low, high, value = row.recomputed_low, row.recomputed_high, row.recomputed_value
        if pd.notna(low) and pd.notna(high) and low > high:
            problems.append(f"{row.claim_id}: recomputed interval [{low}, {high}] is empty")
        if (
            pd.notna(value)
            and pd.notna(low)
            and (value < low - 1e-9 or (pd.notna(high) and value > high + 1e-9))
        ):
            problems.append(f"{row.claim_id}: recomputed {value} lies outside [{low}, {high}]")
        if row.verdict == "consistent" and pd.isna(value):
            problems.append(f"{row.claim_id}: consistent, but with nothing recomputed")
    return problems


def judge_claims(claims: pd.DataFrame, evidence: Evidence) -> pd.DataFrame:

    rows = []
    for _, claim in claims.iterrows():
        result = judge(claim, claims, evidence)
        claimed = read_claimed(claim["claimed_value"], claim["unit"])
        rows.append(
            {
                "claim_id": claim["claim_id"],
                "paper": claim["paper"],
                "country": claim["country"],
                "metric": claim["metric"],
                "year": int(claim["year"]) if re.fullmatch(r"\d{4}", claim["year"]) else None,
                "claimed_value": claimed.values[0] if claimed.kind == "point" else None,
                "unit": claim["unit"],
                "cited_source": claim["cited_source"],
                "verdict": result.verdict,
                "recomputed_value": result.value,
                "recomputed_low": None if result.interval is None else result.interval.low,
                "recomputed_high": None
                if result.interval is None or not result.interval.bounded
                else result.interval.high,
                "explanation": result.explanation,
                "cited_source_id": claim["cited_source_id"] or None,
                "claimed_as": f"{claim['claimed_value']} ({claim['year']}): {claim['claimed_as']}",
                "evidence_obs_ids": list(result.obs_ids),
            }
        )
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)
