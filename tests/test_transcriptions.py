"""Hand transcriptions load as figures, and a slip in any row is caught and located."""

import csv

import pandas as pd
import pytest

from pipelines.common.errors import TranscriptionError
from pipelines.extract.transcriptions import COLUMNS, load_transcriptions
from pipelines.snapshot.registry import load_registry
from tests.conftest import REPO


def _rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _change_first(project, match, **changes):
    """Change the first row of china.csv matching `match`; return its line number."""
    path = project.raw / "transcriptions" / "china.csv"
    rows = _rows(path)
    index = next(i for i, r in enumerate(rows) if all(r[k] == v for k, v in match.items()))
    rows[index].update(changes)
    _write(path, rows)
    return index + 2


def test_committed_transcriptions_load():
    frame = load_transcriptions(REPO / "raw", load_registry(REPO / "raw"))
    assert len(frame) == 516
    assert frame["country"].value_counts().to_dict() == {
        "CN": 385,
        "DE": 74,
        "JP": 34,
        "US": 22,
        "KR": 1,
    }
    row = frame[
        (frame["metric"] == "prosecuted")
        & (frame["year"] == 2023)
        & (frame["source_id"] == "cn-wr2024-abstract")
    ].iloc[0]
    assert (row["printed"], row["value"], row["low"], row["high"]) == (
        "168.8万人",
        1_688_000,
        1_687_500,
        1_688_500,
    )
    assert row["change_pct"] == 17.3 and row["change_base"] == "previous year"
    # one figure seen at two mirrors of the same text is one row
    assert row["seen_at"].count(" | ") == 1


def test_computed_rows_stay_marked_computed():
    """Rates computed from counts are the pipeline's job (derive.py); the one figure computed by
    hand that stays is a German total no document prints and no formula of the pipeline gives."""
    frame = load_transcriptions(REPO / "raw", load_registry(REPO / "raw"))
    computed = frame[frame["is_derived"]]
    assert len(computed) == 1
    row = computed.iloc[0]
    assert (row["country"], row["year"], row["metric"], row["value"]) == (
        "DE",
        2022,
        "proceedings_disposed",
        5_101_000,
    )
    assert pd.isna(row["printed"]) and "5 503 000 - 402 000" in row["method"]


def test_a_value_that_disagrees_with_its_printed_form_is_refused(project):
    line = _change_first(project, {"printed": "168.8万人"}, value="1698000")
    with pytest.raises(
        TranscriptionError,
        match=rf"china\.csv:{line}: value 1698000 disagrees with "
        r"the printed form '168\.8万人' \(reads as 1\.688e\+06\)",
    ):
        load_transcriptions(project.raw, load_registry(project.raw))


def test_a_qualifier_that_disagrees_with_the_words_is_refused(project):
    line = _change_first(project, {"printed": "超过90%"}, qualifier="exact")
    with pytest.raises(
        TranscriptionError, match=rf"china\.csv:{line}: qualifier 'exact' .* lower_bound"
    ):
        load_transcriptions(project.raw, load_registry(project.raw))


def test_unknown_and_unread_sources_are_refused(project):
    first = _change_first(project, {"printed": "72.6万人"}, source_id="cn-nowhere")
    second = _change_first(project, {"printed": "1818808"}, source_id="cn-spp-cdr-2019-fy")
    with pytest.raises(TranscriptionError) as caught:
        load_transcriptions(project.raw, load_registry(project.raw))
    message = str(caught.value)
    assert f"china.csv:{first}: source_id 'cn-nowhere' is not in the registry" in message
    assert message.endswith("(and 1 more)")
    rows = _rows(project.raw / "transcriptions" / "china.csv")
    assert rows[second - 2]["source_id"] == "cn-spp-cdr-2019-fy"


def test_wrong_columns_are_refused(project):
    path = project.raw / "transcriptions" / "peers.csv"
    path.write_text("country,year,value\nDE,2021,3.1\n", encoding="utf-8")
    with pytest.raises(
        TranscriptionError, match=r"^peers\.csv: columns must be country, jurisdiction"
    ):
        load_transcriptions(project.raw, load_registry(project.raw))
