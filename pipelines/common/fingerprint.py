"""What a build is made from, as one digest: every file in raw/, the package's code, metadata and
templates, and the versions of the libraries that shape the output. Two builds with the same digest
produce the same mart rows, so a rebuild with an unchanged digest has nothing to do.

Touches: reads every file in raw/ and in the package. Imports: common."""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

from pipelines.common.paths import PACKAGE_ROOT, ProjectPaths

# Libraries whose version can change a figure, a model or a chart.
LIBRARIES = (
    "dagster",
    "duckdb",
    "pandas",
    "statsmodels",
    "altair",
    "vl-convert-python",
    "pdfplumber",
)


def _files(base: Path) -> list[Path]:
    return sorted(
        p
        for p in base.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def build_fingerprint(paths: ProjectPaths) -> str:
    digest = hashlib.sha256()
    for base, relative_to in ((paths.raw, paths.root), (PACKAGE_ROOT, PACKAGE_ROOT.parent)):
        for file in _files(base):
            digest.update(str(file.relative_to(relative_to)).encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    for library in LIBRARIES:
        digest.update(f"{library}=={version(library)}".encode())
    return digest.hexdigest()
