"""Real PDFs for the tests, drawn with reportlab's built-in CJK font STSong-Light (no font file)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def write_pdf(
    path: Path,
    source: str,
    chars_per_line: int = 34,
    fake_bold_title: bool = True,
    encrypt_with: str | None = None,
) -> Path:
    """Draw `source` like a printed report: paragraphs hard-wrapped at a fixed width (so numbers can
    break across lines), "a | b | c" lines as a ruled table, the title drawn twice a hair apart the
    way fake-bold headings are."""
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt_with)
    width, height = A4
    y = height - 60
    blocks = _blocks(source)
    title_done = False
    for kind, content in blocks:
        if y < 120:
            pdf.showPage()
            y = height - 60
        if kind == "table":
            table = Table(content)
            table.setStyle(
                TableStyle(
                    [("FONT", (0, 0), (-1, -1), FONT, 10), ("GRID", (0, 0), (-1, -1), 0.5, "black")]
                )
            )
            _, table_height = table.wrapOn(pdf, width - 120, y)
            y -= table_height
            table.drawOn(pdf, 60, y)
            y -= 14
            continue
        lines = [content[i : i + chars_per_line] for i in range(0, len(content), chars_per_line)]
        is_title = not title_done and not content.startswith("【")
        for line in lines:
            pdf.setFont(FONT, 14 if is_title else 11)
            pdf.drawString(60, y, line)
            if is_title and fake_bold_title:
                pdf.drawString(60.3, y, line)
            y -= 18
        title_done = title_done or is_title
        y -= 8
    pdf.save()
    return path


def _blocks(source: str) -> list[tuple[str, object]]:
    blocks: list[tuple[str, object]] = []
    rows: list[list[str]] = []
    for line in source.splitlines():
        if "|" in line:
            rows.append([cell.strip() for cell in line.split("|")])
            continue
        if rows:
            blocks.append(("table", rows))
            rows = []
        if line.strip():
            blocks.append(("paragraph", line.strip()))
    if rows:
        blocks.append(("table", rows))
    return blocks


def break_character_map(path: Path) -> Path:
    """Make the CJK font's encoding Identity-H (same length, so offsets stay valid): the glyph codes
    no longer map to characters, as in PDFs whose fonts lack a ToUnicode map."""
    data = path.read_bytes()
    assert b"/UniGB-UCS2-H" in data
    path.write_bytes(data.replace(b"/UniGB-UCS2-H", b"/Identity-H  "))
    return path
