"""Hostile input: documents past the page cap, file names from untrusted metadata. (Fetch limits are
in test_fetch, the escaping of planted markup in test_report, read-only queries in test_cli.)"""

from __future__ import annotations

import json

import pytest
from reportlab.pdfgen import canvas

from pipelines.common.errors import ProcstatsError
from pipelines.extract.documents import MAX_PDF_PAGES, ExtractError, read_document
from pipelines.snapshot.inventory import inventory
from tests.conftest import run_cli


def test_a_pdf_over_the_page_cap_is_refused_unread(tmp_path):
    path = tmp_path / "long.pdf"
    pdf = canvas.Canvas(str(path))
    for page in range(MAX_PDF_PAGES + 1):
        pdf.drawString(72, 720, f"page {page}")
        pdf.showPage()
    pdf.save()
    with pytest.raises(ExtractError, match=f"{MAX_PDF_PAGES + 1} pages, more than the 500 allowed"):
        read_document(path)


def test_a_sidecar_cannot_name_a_file_outside_its_folder(project):
    folder = project.raw / "snapshots" / "cn-evil"
    folder.mkdir(parents=True)
    meta = {
        "source_id": "cn-evil",
        "content_type": "text/html",
        "extension": "/../../../etc/passwd",
    }
    (folder / "abc.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ProcstatsError, match="is not a plain file extension"):
        inventory(project.raw)
    result = run_cli(project, "build")
    assert result.returncode == 1
    assert "is not a plain file extension" in result.stderr.strip().splitlines()[-1]
