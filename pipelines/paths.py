"""Where procstats reads and writes. PROCSTATS_ROOT points a run (or a test) at another tree."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
METADATA = PACKAGE_ROOT / "metadata"


@dataclass(frozen=True)
class ProjectPaths:
    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def warehouse_dir(self) -> Path:
        return self.root / "warehouse"

    @property
    def warehouse_db(self) -> Path:
        return self.warehouse_dir / "procstats.duckdb"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    @property
    def report_html(self) -> Path:
        return self.reports_dir / "index.html"

    @property
    def dagster_home(self) -> Path:
        return self.root / ".dagster"


def project_paths() -> ProjectPaths:
    root = os.environ.get("PROCSTATS_ROOT")
    return ProjectPaths(Path(root).resolve() if root else PACKAGE_ROOT.parent)


def inputs_sha256(paths: ProjectPaths) -> str:
    """One digest over every input file a build reads (raw/ and the package metadata), so a build
    can say exactly what it was made from and a rebuild can tell whether anything changed."""
    import hashlib

    digest = hashlib.sha256()
    for base in (paths.raw, METADATA):
        for file in sorted(p for p in base.rglob("*") if p.is_file()):
            digest.update(str(file.relative_to(base.parent)).encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()
