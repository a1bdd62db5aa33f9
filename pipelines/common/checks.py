"""How asset checks report: problems as a list, findings as a table, both readable in the UI.

Touches: nothing (builds Dagster check results). Imports: nothing."""

import dagster as dg
import pandas as pd


def table_md(frame: pd.DataFrame, columns: list[str], limit: int = 60) -> dg.MetadataValue:
    """The first `limit` rows of `frame` as a Markdown table ("none" when empty)."""
    shown = frame[columns].head(limit)
    return dg.MetadataValue.md(shown.to_markdown(index=False) if len(shown) else "none")


def problems_result(
    problems: list[str],
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR,
    **counts: int,
) -> dg.AssetCheckResult:
    """A check's result: passed when there is no problem, else the first 20 listed; ERROR for a
    blocking check, WARN for one that only reports. `counts` are shown beside the problems."""
    return dg.AssetCheckResult(
        passed=not problems,
        severity=severity,
        metadata={
            "problems": len(problems),
            "first_problems": dg.MetadataValue.md(
                "\n".join(f"- {p}" for p in problems[:20]) or "none"
            ),
            **counts,
        },
    )
