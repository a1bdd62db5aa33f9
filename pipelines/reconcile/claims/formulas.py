"""Computed claims: a formula over metric ids (a rate from the work's own counts), recomputed from
the work's inputs and from the sources' printed counts, with intervals.

Touches: nothing (data frames). Imports: reconcile, normalise, common."""

from __future__ import annotations

import ast
import operator

import pandas as pd

from pipelines.common.errors import ProcstatsError
from pipelines.normalise.intervals import Interval, bounds, row_interval
from pipelines.reconcile.claims.evidence import Evidence, Verdict, describe, span
from pipelines.reconcile.claims.reading import Claimed, read_claimed
from pipelines.reconcile.consistency import PARTS

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


def judge_formula(
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
                + "; ".join(describe(r) for _, r in rows.iterrows())
                + ")"
            )
        else:
            supported[name] = rows.iloc[0]
    if supported:
        parts.append(
            "Supported by the sources: "
            + "; ".join(f"{n} ({describe(r)})" for n, r in supported.items())
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
        return f"{text} and not prosecuted {n['printed']} give {span(found, 'pct')}"
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
            f"{span(with_claimed, 'pct')} rather than {claim['claimed_value']}%"
        )
        if "discretionary_not_prosecuted" not in claim["formula"]:
            text += (
                f", because the work's formula ({claim['formula']}) does not use the printed "
                f"discretionary count {d['printed']}"
            )
    return text
