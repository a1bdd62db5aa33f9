"""Documents → one plain text whose character offsets every statement refers to.

HTML: navigation, headers, footers and sidebars are dropped and the article body kept, with block
elements on their own lines and table rows as "cell | cell | cell". PDF (pdfplumber): fake-bold
duplicates removed, hard line-wraps joined (so "35" / ".3%" becomes "35.3%"), ruled tables rendered
like HTML tables in reading order, and glyphs without a character map ("(cid:123)") refused.
Plain text is decoded and used as it is.

Touches: reads the document file it is given. Imports: snapshot, common."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from pipelines.common.errors import ProcstatsError
from pipelines.common.paths import sidecar_path
from pipelines.common.textnorm import is_cjk, matching_view
from pipelines.snapshot.charset import charset_from_content_type, decode

MAX_PDF_PAGES = 500
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # the largest SPP white paper PDF is a few MB


class ExtractError(ProcstatsError):
    """A document that cannot be read: unknown format, encrypted, no character map, empty."""


@dataclass
class Document:
    doc: str  # how the document is named in statements (path or source id)
    text: str
    format: str  # html, pdf or text
    title: str | None = None
    language: str = "zh-Hans"  # zh-Hans, zh-Hant or en
    encoding: str | None = None
    meta: dict = field(default_factory=dict)  # sidecar fields, when there is a sidecar


_BINARY_SIGNATURES = (
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
)


def sniff_format(data: bytes, name: str = "") -> str:
    lower = name.lower()
    if data.startswith(_BINARY_SIGNATURES):
        raise ExtractError(
            f"{name or 'document'}: not HTML, PDF or plain text (an archive, Office file or image)"
        )
    head = data[:2048].lstrip().lower()
    if data.startswith(b"%PDF-") or lower.endswith(".pdf"):
        return "pdf"
    if (
        lower.endswith((".html", ".htm", ".shtml", ".xhtml"))
        or head.startswith((b"<!doctype html", b"<html", b"<?xml"))
        or b"<body" in head
    ):
        return "html"
    if lower.endswith((".txt", ".text", ".md")) or b"\x00" not in data[:8192]:
        return "text"
    raise ExtractError(f"{name or 'document'}: not HTML, PDF or plain text")


def read_document(path: Path, name: str | None = None) -> Document:
    """Read a file (and its .meta.json sidecar, if any) as a Document."""
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise ExtractError(
                f"{name or path}: {size:,} bytes, more than the {MAX_DOCUMENT_BYTES:,} allowed"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExtractError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ExtractError(f"{path}: is a directory") from None
    meta = {}
    sidecar = sidecar_path(path)
    if sidecar.is_file():
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    return document_from_bytes(data, name or str(path), meta.get("content_type"), meta)


def document_from_bytes(
    data: bytes, name: str, content_type: str | None = None, meta: dict | None = None
) -> Document:
    if not data.strip():
        raise ExtractError(f"{name}: the document is empty")
    kind = sniff_format(data, name)
    if kind == "pdf":
        text, title, encoding = _pdf_text(data, name), None, None
    else:
        decoded = decode(data, charset_from_content_type(content_type))
        encoding = decoded.encoding
        if kind == "html":
            text, title = _html_text(decoded.text)
        else:
            text, title = _plain(decoded.text), None
            controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f") + text.count(
                "\ufffd"
            )
            if controls > max(2, len(text) // 100):
                raise ExtractError(f"{name}: not HTML, PDF or plain text (binary data)")
    if not text.strip():
        raise ExtractError(f"{name}: no text in the document")
    title = title or _first_line(text)
    return Document(name, text, kind, title, _language(text), encoding, meta or {})


def _plain(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith(("【procstats", "[procstats")):
            return line.strip()
    return None


def _language(text: str) -> str:
    cjk = sum(1 for c in text if is_cjk(c))
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    if cjk < latin / 3:
        return "en"
    changed = sum(1 for a, b in zip(text, matching_view(text), strict=True) if a != b and is_cjk(a))
    return "zh-Hant" if changed > max(3, cjk * 0.02) else "zh-Hans"


# ---------------------------------------------------------------- HTML

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "button",
    "select",
    "input",
    "svg",
)
_BOILERPLATE = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|header|footer|sidebar|side|breadcrumbs?|crumbs?|share|related|"
    r"comments?|copyright|search|login|banner|toolbar|pagination|pager|advert|ads|foot|top)($|[\s_-])",
    re.IGNORECASE,
)
_CONTENT = re.compile(
    r"(TRS_Editor|article|content|detail|main|text|zoom|news|zw|con_)", re.IGNORECASE
)
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "center",
    "figure",
    "figcaption",
    "hr",
}


def _is_boilerplate(tag: Tag) -> bool:
    names = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
    return bool(names.strip()) and bool(_BOILERPLATE.search(names))


def _html_text(html: str) -> tuple[str, str | None]:
    soup = BeautifulSoup(html, "lxml")
    page_title = soup.title.get_text(strip=True) if soup.title else None
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in [t for t in soup.find_all(True) if _is_boilerplate(t)]:
        if not tag.decomposed:
            tag.decompose()
    body = soup.body or soup
    candidates = [
        t
        for t in body.find_all(True)
        if t.name in ("article", "main")
        or _CONTENT.search(" ".join([t.get("id") or "", *(t.get("class") or [])]))
    ]
    root = max(candidates, key=lambda t: len(t.get_text(strip=True)), default=body)
    if len(root.get_text(strip=True)) < 0.5 * len(body.get_text(strip=True)):
        root = body  # the "content" element is a small part: keep the whole body
    lines: list[str] = []
    _walk(root, lines)
    text = "\n".join(line.strip() for line in "".join(lines).split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    heading = root.find(["h1", "h2"])
    title = heading.get_text(" ", strip=True) if heading else page_title
    return text, title


def _walk(node: Tag, out: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment or doctype
                out.append(re.sub(r"\s+", " ", str(child)))
        elif isinstance(child, Tag):
            if child.name == "br":
                out.append("\n")
            elif child.name == "tr":
                cells = [c.get_text(" ", strip=True) for c in child.find_all(["td", "th"])]
                out.append("\n" + " | ".join(cells) + "\n")
            elif child.name in _BLOCK:
                out.append("\n")
                _walk(child, out)
                out.append("\n")
            else:
                _walk(child, out)


# ---------------------------------------------------------------- PDF

_CID = re.compile(r"\(cid:\d+\)")
_SENTENCE_END = "。！？；：!?;:"
_HEADING = re.compile(
    r"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[章节部分]|表\s*\d)"
)


def _pdf_text(data: bytes, name: str) -> str:
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for damaged files, pdfplumber wraps them
        if any(isinstance(e, PDFPasswordIncorrect) for e in (exc, exc.__context__, *exc.args)):
            raise ExtractError(f"{name}: the PDF is encrypted") from None
        raise ExtractError(f"{name}: not a readable PDF ({type(exc).__name__})") from None
    with pdf:
        if len(pdf.pages) > MAX_PDF_PAGES:
            raise ExtractError(
                f"{name}: {len(pdf.pages)} pages, more than the {MAX_PDF_PAGES} allowed"
            )
        try:
            pages = [_page_text(page) for page in pdf.pages]
        except ExtractError:
            raise
        except Exception as exc:
            raise ExtractError(f"{name}: cannot read the PDF ({type(exc).__name__})") from None
    text = "\n\n".join(p for p in pages if p.strip())
    if _CID.search(text):
        raise ExtractError(
            f"{name}: the PDF's fonts have no character map (text reads as (cid:NNN)); "
            "it needs OCR or a transcription"
        )
    return text


def _page_text(page) -> str:
    page = page.dedupe_chars()
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    parts, top = [], 0.0
    for table in tables:
        _, t_top, _, t_bottom = table.bbox
        if t_top > top:
            parts.append(_join_lines(page.crop((0, top, page.width, t_top)).extract_text() or ""))
        rows = [
            " | ".join((cell or "").replace("\n", "") for cell in row) for row in table.extract()
        ]
        parts.append("\n".join(rows))
        top = t_bottom
    parts.append(_join_lines(page.crop((0, top, page.width, page.height)).extract_text() or ""))
    return "\n".join(p for p in parts if p.strip())


def _glued(last: str, first: str) -> bool:
    """No space at a wrap inside Chinese text or inside a number ("35" + ".3%")."""
    if not first:
        return True
    if is_cjk(last) or is_cjk(first) or first in "，。；：、％%）)":
        return True
    return (last.isdigit() and (first.isdigit() or first in ".,%")) or (
        last in ".," and first.isdigit()
    )


def _join_lines(text: str) -> str:
    """Join lines a PDF wrapped; keep breaks after sentence ends, headings and short lines."""
    lines = [line.rstrip() for line in text.split("\n")]
    longest = max((len(line) for line in lines), default=0)
    chinese = sum(1 for c in text if is_cjk(c)) > 0.3 * max(1, len(text.replace(" ", "")))
    out = ""
    for i, line in enumerate(lines):
        if i == 0:
            out = line
            continue
        previous = lines[i - 1]
        ends_paragraph = (
            not previous
            or previous[-1] in _SENTENCE_END
            or _HEADING.match(line)
            or _HEADING.match(previous)
            or len(previous) < 0.6 * longest
        )
        if ends_paragraph:
            out += "\n" + line
        elif previous and line and (chinese or _glued(previous[-1], line.lstrip()[:1])):
            out += line.lstrip()
        else:
            out += " " + line.lstrip()
    return out
