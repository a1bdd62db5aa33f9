"""Extraction: every figure in each fixture is found with the right metric, scope, value, qualifier,
period, year and change, and nothing else is (golden files in tests/golden)."""

import csv
import json
import math

import pdfplumber
import pytest

from pipelines.extract.documents import ExtractError, document_from_bytes, read_document
from pipelines.extract.statements import extract_statements
from tests.conftest import REPO, run_cli
from tests.pdfs import break_character_map, write_pdf

FIXTURES = REPO / "raw" / "fixtures"
GOLDEN = REPO / "tests" / "golden"
KEY = [
    "metric",
    "scope",
    "value",
    "qualifier",
    "year",
    "period",
    "change_pct",
    "change_pp",
    "change_base",
]


def _golden(name: str) -> list[tuple]:
    with (GOLDEN / f"{name}.csv").open(encoding="utf-8") as handle:
        return sorted((_key(row) for row in csv.DictReader(handle)), key=repr)


def _key(row: dict) -> tuple:
    def number(v):
        return (
            None
            if v in (None, "") or (isinstance(v, float) and math.isnan(v))
            else round(float(v), 6)
        )

    return (
        row["metric"],
        row["scope"] or "",
        number(row["value"]),
        row["qualifier"] or "",
        int(row["year"]) if row["year"] not in (None, "") else None,
        row["period"],
        number(row["change_pct"]),
        number(row["change_pp"]),
        row["change_base"] or "",
    )


def _found(document) -> list[tuple]:
    return sorted(
        (_key(s.record() | {"change_base": s.change_base}) for s in extract_statements(document)),
        key=repr,
    )


@pytest.mark.parametrize("name", sorted(p.stem for p in GOLDEN.glob("*.csv")))
def test_fixture_statements_match_the_golden_file(name):
    path = next(p for p in FIXTURES.glob(f"{name}.*") if not p.name.endswith(".meta.json"))
    assert _found(read_document(path)) == _golden(name)


def test_white_paper_pdf_gives_the_same_statements(tmp_path):
    pdf = write_pdf(tmp_path / "wp.pdf", (FIXTURES / "cn-fixture-wp-criminal-2024.txt").read_text())
    with pdfplumber.open(pdf) as doc:
        raw = doc.pages[0].extract_text()
    assert "刑刑事事" in raw  # the fake-bold title really is doubled in the PDF
    assert "起诉1\n63.1万人" in raw  # and a figure really is split across lines
    document = read_document(pdf)
    assert document.format == "pdf" and "刑事检察工作白皮书（2024）" in document.text
    assert _found(document) == _golden("cn-fixture-wp-criminal-2024")


def test_every_fixture_is_marked_and_has_a_golden_file():
    documents = [p for p in FIXTURES.iterdir() if not p.name.endswith(".meta.json")]
    assert len(documents) == 15
    for path in documents:
        assert read_document(path).meta["fixture"] is True
        assert (GOLDEN / f"{path.stem}.csv").is_file()
        assert (
            "procstats" in path.read_bytes()[:400].decode("utf-8", "ignore")
            or path.suffix == ".html"
        )


@pytest.mark.parametrize(
    "name",
    [
        "cn-fixture-wr-2024.txt",
        "cn-fixture-cdr-2019-en.txt",
        "cn-fixture-cdr-2022-jan-sep-hant.txt",
    ],
)
def test_spans_point_at_the_printed_figure(name):
    document = read_document(FIXTURES / name)
    for statement in extract_statements(document):
        assert document.text[statement.start : statement.end] == statement.printed
        assert statement.printed in statement.sentence


def test_boilerplate_figures_are_not_statements():
    document = read_document(FIXTURES / "cn-fixture-cdr-2020-jan-sep.html")
    values = {s.value for s in extract_statements(document)}
    assert 280333 not in values and 132914 not in values  # sidebar headlines of other releases
    assert "浏览次数" in document.text and "首页" not in document.text


def test_distractors_are_left_alone():
    statements = extract_statements(read_document(FIXTURES / "cn-fixture-cdr-2020-jan-sep.html"))
    assert not [s for s in statements if s.value in (2.4, 1.5)]  # shares of the not-arrested total
    wr = extract_statements(read_document(FIXTURES / "cn-fixture-wr-2024.txt"))
    assert not [s for s in wr if s.value == 36]  # a gap to other cases, not a change
    national = [s for s in wr if s.metric == "prosecuted" and s.scope == ""]
    assert [s.value for s in national] == [1_688_000]  # the minors' count is not the national total
    en = extract_statements(read_document(FIXTURES / "cn-fixture-cdr-2019-en.txt"))
    assert not [s for s in en if s.value in (13, 10_000)]  # per-capita rate


def test_charset_variants_of_the_gbk_page_read_alike():
    data = (FIXTURES / "cn-fixture-cdr-2022-h1-gbk.html").read_bytes()
    expected = _found(document_from_bytes(data, "page.html"))
    no_meta = data.replace(b"charset=gbk", b"")
    assert _found(document_from_bytes(no_meta, "page.html")) == expected
    wrong_header = document_from_bytes(data, "page.html", "text/html; charset=utf-8")
    assert _found(wrong_header) == expected and wrong_header.encoding == "gb18030"
    utf8 = data.decode("gbk").replace("charset=gbk", "charset=utf-8").encode("utf-8")
    assert _found(document_from_bytes(utf8, "page.html", "text/html")) == expected


def test_a_pdf_without_a_character_map_is_refused(tmp_path):
    pdf = break_character_map(write_pdf(tmp_path / "cid.pdf", "不起诉率为19.8%。\n" * 3))
    with pytest.raises(ExtractError, match=r"no character map \(text reads as \(cid:NNN\)\)"):
        read_document(pdf)


def test_an_encrypted_pdf_is_refused(tmp_path):
    pdf = write_pdf(tmp_path / "locked.pdf", "批准逮捕72.6万人。", encrypt_with="secret")
    with pytest.raises(ExtractError, match="the PDF is encrypted"):
        read_document(pdf)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the document is empty"),
        (b"PK\x03\x04\x14\x00rest-of-a-zip", "an archive, Office file or image"),
        (b"%PDF-1.7\n garbage", "not a readable PDF"),
    ],
)
def test_unreadable_input_is_a_one_line_error(data, message):
    with pytest.raises(ExtractError, match=message):
        document_from_bytes(data, "input.bin")


def test_cli_extract_prints_the_contract_fields(tmp_path):
    project_root = tmp_path  # extract needs no warehouse
    from pipelines.common.paths import ProjectPaths

    result = run_cli(
        ProjectPaths(project_root),
        "extract",
        str(FIXTURES / "cn-fixture-cdr-2022-h1-gbk.html"),
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert set(records[0]) >= {
        "metric",
        "scope",
        "value",
        "unit",
        "qualifier",
        "low",
        "high",
        "period",
        "year",
        "printed",
        "change_pct",
        "change_pp",
        "start",
        "end",
        "doc",
    }
    first = records[0]
    assert (
        first["metric"],
        first["value"],
        first["low"],
        first["high"],
        first["printed"],
        first["change_pct"],
    ) == ("arrests_approved", 222000, 221500, 222500, "22.2万人", -51.2)
    missing = run_cli(ProjectPaths(project_root), "extract", str(tmp_path / "nope.pdf"))
    assert missing.returncode == 2 and missing.stderr.strip().startswith("error: ")
    assert len(missing.stderr.strip().splitlines()) == 1


def test_pdf_line_wraps_inside_figures_and_words_are_joined(tmp_path):
    from pipelines.extract.documents import _join_lines

    wrapped = "全年共批准逮捕各类犯罪嫌疑人72.6万人，不起诉率为35\n.3%，同比增加4.9个百分点，起诉1\n63.1万人。"
    assert (
        _join_lines(wrapped)
        == "全年共批准逮捕各类犯罪嫌疑人72.6万人，不起诉率为35.3%，同比增加4.9个百分点，起诉163.1万人。"
    )
    english = "They decided to prosecute 1,818,\n808 people, up 7.4 percent, and the non-prosecution\nrate was 9.5%."
    assert _join_lines(english) == (
        "They decided to prosecute 1,818,808 people, up 7.4 percent, and the "
        "non-prosecution rate was 9.5%."
    )
