"""Parse results kept by content: a document whose bytes and extractor code are unchanged is not
parsed again. The key is the document's sha256 and a digest of the extractor's own source files, so
editing the parser invalidates every entry. Entries are JSON files in .cache/extract/, written
atomically; a damaged entry is ignored and rewritten.

Touches: reads and writes .cache/extract/. Imports: common."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from pipelines.common.paths import PACKAGE_ROOT, sidecar_path, write_atomically

# The code a parse result depends on.
_EXTRACTOR_SOURCES = ("extract", "snapshot/charset.py", "common/textnorm.py")


@cache
def extractor_version() -> str:
    digest = hashlib.sha256()
    for name in _EXTRACTOR_SOURCES:
        path = PACKAGE_ROOT / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.name.encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def document_key(path: Path, sha256: str) -> str:
    """The document's sha256, and its sidecar's when it has one (the sidecar's content type can
    change how the bytes are decoded)."""
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        return sha256
    return f"{sha256}-{hashlib.sha256(sidecar.read_bytes()).hexdigest()[:16]}"


@dataclass(frozen=True)
class Parsed:
    statements: list[dict]
    problem: str | None


class ExtractCache:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.hits = self.misses = 0

    def _path(self, key: str) -> Path | None:
        if self.directory is None or not key:
            return None
        return self.directory / f"{key}-{extractor_version()}.json"

    def get(self, key: str) -> Parsed | None:
        path = self._path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path else None
        except (OSError, ValueError):
            data = None
        if data is None:
            self.misses += 1
            return None
        self.hits += 1
        return Parsed(**data)

    def put(self, key: str, parsed: Parsed) -> None:
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(asdict(parsed), ensure_ascii=False).encode("utf-8"))
