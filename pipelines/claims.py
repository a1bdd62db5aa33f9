"""Claims from the literature (raw/claims/*.csv), each judged against what the sources say.

Verdicts:
- misattributed: the cited document cannot contain the figure (it covers other years, or it was
  published before the years claimed);
- consistent / inconsistent: the claimed value's interval does / does not meet the interval of the
  figure procstats holds for that metric and year (printed, else derived);
- definition_mismatch: the value fits another reading of the claim (`other_readings`), not its own
  metric, or the readings disagree about a bound ("above 20%");
- unverifiable: no document procstats holds gives the figure, or a computed claim rests on an input
  no document gives.
Each verdict comes with the recomputed value, its interval and an explanation a reader can check.
"""

from __future__ import annotations

import ast
import csv
import math
import operator
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .consistency import PARTS
from .errors import ProcstatsError, summarise
from .intervals import Interval, bounds, row_interval
from .numbers import NumberFormatError, parse_quantity
from .warehouse_schema import CLAIMS

CLAIM_COLUMNS = CLAIMS.column_names
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
MAIN_SCOPES = ("all", "penal code offences", "non-traffic offences", "felonies")
VERDICTS = ("consistent", "inconsistent", "definition_mismatch", "misattributed", "unverifiable")


# ------------------------------------------------------------------ reading claims


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


# ------------------------------------------------------------------ evidence


@dataclass
class Evidence:
    resolved: pd.DataFrame  # resolved printed observations
    derived: pd.DataFrame  # derived observations
    excluded: pd.DataFrame  # observations corrections exclude
    sources: pd.DataFrame

    def figures(self, country: str, metric: str, years: tuple[int, ...] | None) -> pd.DataFrame:
        """Full-year figures for the metric: printed ones, else derived, in the main scopes."""
        for frame in (self.resolved, self.derived):
            if frame.empty:
                continue
            hits = frame[
                (frame["country"] == country)
                & (frame["metric"] == metric)
                & (frame["period"] == "FY")
                & frame["scope"].isin(MAIN_SCOPES)
                & frame["value"].notna()
            ]
            if years is not None:
                hits = hits[hits["year"].isin(years)]
            if not hits.empty:
                return hits.sort_values(["year", "scope"])
        return self.resolved.iloc[0:0]

    def source(self, source_id: str) -> pd.Series | None:
        hit = self.sources[self.sources["source_id"] == source_id]
        return None if hit.empty else hit.iloc[0]


def _span(interval: Interval, unit: str) -> str:
    if unit != "pct":
        return interval.shown(0)
    narrow = (
        interval.bounded and 0 < interval.high - interval.low < 0.05
    )  # 0.5038 → [50.375, 50.385]
    return interval.shown(3 if narrow else 2)


def _describe(row: pd.Series) -> str:
    scope = "" if row["scope"] == "all" else row["scope"]
    where = row["jurisdiction"] if row["jurisdiction"] != "national" else ""
    extra = ", ".join(x for x in (where, scope) if x)
    if pd.notna(row["printed"]):
        shown = row["printed"]
        if row["unit"] == "pct" and not re.search(r"%|percent|Prozent", shown):
            shown = f"{row['value']:g}% (printed as the ratio {shown})"
        return (
            f"{int(row['year'])}: {shown} {_span(row_interval(row), row['unit'])} "
            f"({row['source_id']}{', ' + extra if extra else ''})"
        )
    method = str(row["method"]).removeprefix("procstats: ")
    return (
        f"{int(row['year'])}: {row['value']:.2f} {_span(row_interval(row), row['unit'])}"
        f"{' (' + extra + ')' if extra else ''}, derived as {method}"
    )


# ------------------------------------------------------------------ verdicts


@dataclass
class Verdict:
    verdict: str
    explanation: str
    value: float | None = None
    interval: Interval | None = None
    obs_ids: tuple[str, ...] = ()


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
                _describe(r) for _, r in own.iterrows()
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
        return _judge_formula(claim, claims, evidence, years, claimed, wrong_source)
    own = evidence.figures(claim["country"], claim["metric"], years)
    if wrong_source:
        if not own.empty:
            context = "; the figures procstats holds for that year: " + "; ".join(
                _describe(r) for _, r in own.iterrows()
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
                f"The claimed {value} {_span(claimed.interval, claim['unit'])} agrees with "
                + "; ".join(_describe(r) for _, r in agree.iterrows())
                + _also_derived(agree, evidence)
            )
            if not disagree.empty:
                text += "; but not with " + "; ".join(_describe(r) for _, r in disagree.iterrows())
            return _with_best(Verdict("consistent", text + "."), agree, claimed)
    fitting = {m: _matches(claimed, rows)[0] for m, rows in others.items() if not rows.empty}
    fitting = {m: rows for m, rows in fitting.items() if not rows.empty}
    if fitting:
        metric, rows = next(iter(fitting.items()))
        text = f"The claimed {value} is not the {claim['metric']} but the {metric}: " + "; ".join(
            _describe(r) for _, r in rows.iterrows()
        )
        if not own.empty:
            text += f". The {claim['metric']} itself was " + "; ".join(
                _describe(r) for _, r in own.iterrows()
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
            f"The claimed {value} {_span(claimed.interval, claim['unit'])} does not meet the figures for "
            f"{claim['year']}: "
            + "; ".join(_describe(r) for _, r in own.iterrows())
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
    return "; and recomputed: " + "; ".join(_describe(r) for _, r in derived.iterrows())


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
    parts_text = _printed_parts(claim, evidence, years)
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


# ------------------------------------------------------------------ computed claims

_OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def compile_formula(text: str) -> tuple[list[str], callable]:
    """An expression over metric ids with + - * / and parentheses, as (names, function)."""
    tree = ast.parse(text, mode="eval")
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in names:
            names.append(node.id)
        elif not isinstance(
            node, (ast.Expression, ast.BinOp, ast.Name, ast.Constant, ast.Load, *_OPERATORS)
        ):
            raise ProcstatsError(f"formula {text!r}: only + - * / and parentheses are allowed")

    def evaluate(*values: float) -> float:
        env = dict(zip(names, values, strict=True))

        def walk(node: ast.AST) -> float:
            if isinstance(node, ast.Expression):
                return walk(node.body)
            if isinstance(node, ast.BinOp):
                return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))
            if isinstance(node, ast.Name):
                return env[node.id]
            return float(node.value)

        return walk(tree)

    return names, evaluate


def _judge_formula(
    claim: pd.Series,
    claims: pd.DataFrame,
    evidence: Evidence,
    years: tuple[int, ...] | None,
    claimed: Claimed,
    wrong_source: str | None,
) -> Verdict:
    names, function = compile_formula(claim["formula"])
    inputs = claims[
        (claims["paper"].str.split(",").str[0] == claim["paper"].split(",")[0])
        & (claims["year"] == claim["year"])
        & claims["metric"].isin(names)
    ]
    by_metric = {r["metric"]: r for _, r in inputs.iterrows()}
    missing = [n for n in names if n not in by_metric]
    if missing:
        return Verdict(
            "unverifiable", f"The formula uses {', '.join(missing)}, which the work does not state."
        )
    claimed_inputs = [
        read_claimed(by_metric[n]["claimed_value"], by_metric[n]["unit"]).interval for n in names
    ]
    from_claims = bounds(function, *claimed_inputs)
    value = function(
        *(
            read_claimed(by_metric[n]["claimed_value"], by_metric[n]["unit"]).values[0]
            for n in names
        )
    )
    stated = ", ".join(f"{n} {by_metric[n]['claimed_value']}" for n in names)
    parts = [
        f"From the work's own inputs ({stated}) the formula gives {value:.2f} {from_claims.shown()}"
        + (
            ", which matches the claim"
            if claimed.interval.overlaps(from_claims)
            else f", not the claimed {claim['claimed_value']}"
        )
    ]
    unsupported, supported = [], {}
    for name in names:
        rows = evidence.figures(claim["country"], name, years)
        input_claim = by_metric[name]
        interval = read_claimed(input_claim["claimed_value"], input_claim["unit"]).interval
        if rows.empty:
            unsupported.append(
                f"{name} {input_claim['claimed_value']} (no document procstats holds gives it)"
            )
        elif not any(interval.overlaps(row_interval(r)) for _, r in rows.iterrows()):
            unsupported.append(
                f"{name} {input_claim['claimed_value']} (sources: "
                + "; ".join(_describe(r) for _, r in rows.iterrows())
                + ")"
            )
        else:
            supported[name] = rows.iloc[0]
    if supported:
        parts.append(
            "Supported by the sources: "
            + "; ".join(f"{n} ({_describe(r)})" for n, r in supported.items())
        )
    if unsupported:
        parts.append("Unsupported: " + "; ".join(unsupported))

    claimed_total = (
        read_claimed(by_metric["not_prosecuted"]["claimed_value"], "persons").interval
        if "not_prosecuted" in by_metric
        else None
    )
    related = _related_evidence(claim, evidence, years, claimed_total)
    if related:
        parts.append(related)
    if wrong_source:
        parts.insert(0, wrong_source[0].upper() + wrong_source[1:])
    verdict = (
        "misattributed"
        if wrong_source
        else (
            "unverifiable"
            if unsupported
            else ("consistent" if claimed.interval.overlaps(from_claims) else "inconsistent")
        )
    )
    return Verdict(
        verdict,
        ". ".join(parts) + ".",
        value,
        from_claims,
        tuple(r["obs_id"] for r in supported.values()),
    )


def _printed_parts(claim: pd.Series, evidence: Evidence, years: tuple[int, ...] | None) -> str:
    """For a total nobody printed, the parts that were printed and what they add up to."""
    parts = PARTS.get(claim["metric"])
    if not parts or years is None:
        return ""
    found = [evidence.figures(claim["country"], p, years) for p in parts]
    found = [rows.iloc[0] for rows in found if not rows.empty]
    if not found:
        return ""
    low = sum(float(r["low"]) for r in found)
    high = sum(float(r["high"]) for r in found)
    listed = "; ".join(f"{r['metric']} {_describe(r)}" for r in found)
    return f"its printed parts are {listed}, together {_span(Interval(low, high), 'persons')}"


def _related_evidence(
    claim: pd.Series,
    evidence: Evidence,
    years: tuple[int, ...] | None,
    claimed_total: Interval | None,
) -> str:
    """The claimed rate recomputed from the SPP's own printed counts, as far as they go: the
    discretionary count is printed (相对不起诉); the total not prosecuted may not be, in which case
    the work's own total (`claimed_total`) is used beside the printed discretionary count."""

    if claim["metric"] != "discretionary_non_prosecution_rate":
        return ""
    figure = {
        m: evidence.figures(claim["country"], m, years)
        for m in ("discretionary_not_prosecuted", "prosecuted", "not_prosecuted")
    }
    if figure["discretionary_not_prosecuted"].empty or figure["prosecuted"].empty:
        return ""
    d, p = figure["discretionary_not_prosecuted"].iloc[0], figure["prosecuted"].iloc[0]
    rate = lambda dd, pp, nn: 100 * dd / (pp + nn)  # noqa: E731
    text = (
        f"From the SPP's printed counts, discretionary {d['printed']} and prosecuted {p['printed']}"
    )
    if not figure["not_prosecuted"].empty:
        n = figure["not_prosecuted"].iloc[0]
        found = bounds(rate, row_interval(d), row_interval(p), row_interval(n))
        return f"{text} and not prosecuted {n['printed']} give {_span(found, 'pct')}"
    parts = [evidence.figures(claim["country"], m, years) for m in PARTS["not_prosecuted"]]
    floor = sum(float(rows.iloc[0]["low"]) for rows in parts if not rows.empty)
    ceiling = bounds(rate, row_interval(d), row_interval(p), Interval(floor, floor))

    text += (
        f": the total not prosecuted is not printed, but its printed parts come to at least "
        f"{floor:,.0f}, so the rate is at most {ceiling.high:.2f}%"
    )
    if claimed_total:
        if claimed_total.high < floor:
            text += (
                f"; the work's total not prosecuted ({claimed_total.shown(0)}) is below the sum of "
                "the printed parts"
            )
        with_claimed = bounds(rate, row_interval(d), row_interval(p), claimed_total)

        text += (
            f"; with the work's total the SPP's own discretionary count gives "
            f"{_span(with_claimed, 'pct')} rather than {claim['claimed_value']}%"
        )
        if "discretionary_not_prosecuted" not in claim["formula"]:
            text += (
                f", because the work's formula ({claim['formula']}) does not use the printed "
                f"discretionary count {d['printed']}"
            )
    return text


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
