"""Printed figures → value, qualifier and the interval the printing allows."""

import pytest

from pipelines.extract.numbers import NumberFormatError, parse_quantity


@pytest.mark.parametrize(
    ("printed", "lang", "value", "qualifier", "low", "high", "unit"),
    [
        ("72.6万人", None, 726_000, "exact", 725_500, 726_500, "persons"),
        ("168.8万", None, 1_688_000, "exact", 1_687_500, 1_688_500, None),
        ("1,818,808", None, 1_818_808, "exact", 1_818_808, 1_818_808, None),
        ("9.5%", None, 9.5, "exact", 9.45, 9.55, "pct"),
        ("85%", None, 85, "exact", 84.5, 85.5, "pct"),
        ("超过90%", None, 90, "lower_bound", 90, 100, "pct"),
        ("90%以上", None, 90, "lower_bound", 90, 100, "pct"),
        ("more than 46,000", None, 46_000, "lower_bound", 46_000, None, None),
        ("exceeding 90 percent", None, 90, "lower_bound", 90, 100, "pct"),
        ("Nearly 87 percent", None, 87, "upper_bound", 0, 87, "pct"),
        ("29万余人", None, 290_000, "lower_bound", 290_000, 300_000, "persons"),
        ("160余万人", None, 1_600_000, "lower_bound", 1_600_000, 1_700_000, "persons"),
        ("三十六万余人", None, 360_000, "lower_bound", 360_000, 370_000, "persons"),
        ("接近95%", None, 95, "upper_bound", 0, 95, "pct"),
        ("Nearly 1.7 million", None, 1_700_000, "upper_bound", 0, 1_700_000, None),
        ("5万人左右", None, 50_000, "approx", 45_000, 55_000, "persons"),
        ("about 3.5%", None, 3.5, "approx", 3.45, 3.55, "pct"),
        ("880,000", None, 880_000, "exact", 875_000, 885_000, None),
        ("213万9,557人", None, 2_139_557, "exact", 2_139_557, 2_139_557, "persons"),
        ("３７．７％", None, 37.7, "exact", 37.65, 37.75, "pct"),
        ("十四万", None, 140_000, "exact", 135_000, 145_000, None),
        ("3,5 %", "de", 3.5, "exact", 3.45, 3.55, "pct"),
        ("rund 4,7 Millionen", "de", 4_700_000, "approx", 4_650_000, 4_750_000, None),
        ("rund 5 464 300", "de", 5_464_300, "approx", 5_464_250, 5_464_350, None),
        ("knapp 5 503 000", "de", 5_503_000, "upper_bound", 0, 5_503_000, None),
        ("rund sieben Prozent", "de", 7, "approx", 6.5, 7.5, "pct"),
        ("Fifty-nine percent", "en", 59, "exact", 58.5, 59.5, "pct"),
        ("同比增加2.9个百分点", None, 2.9, "exact", 2.85, 2.95, "pp"),
    ],
)
def test_printed_forms(printed, lang, value, qualifier, low, high, unit):
    q = parse_quantity(printed, lang)
    assert (q.value, q.qualifier, q.unit) == (pytest.approx(value), qualifier, unit)
    assert q.low == pytest.approx(low)
    assert q.high == (None if high is None else pytest.approx(high))


def test_a_value_always_lies_in_its_interval():
    for printed in ("72.6万", "超过90%", "29万余", "接近95%", "880,000", "rund 58 %"):
        q = parse_quantity(printed, "de" if "rund" in printed else None)
        assert q.low <= q.value <= (q.high if q.high is not None else q.value)


@pytest.mark.parametrize("text", ["", "   ", "no figure here", "同比上升"])
def test_text_without_a_figure_is_an_error(text):
    with pytest.raises(NumberFormatError):
        parse_quantity(text)
