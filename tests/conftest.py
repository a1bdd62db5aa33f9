"""Shared fixtures: throw-away project trees (a copy of raw/) and the real CLI run in them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.common.paths import ProjectPaths

REPO = Path(__file__).resolve().parents[1]
PROCSTATS = Path(sys.executable).parent / "procstats"


def make_project(root: Path) -> ProjectPaths:
    """A project tree with its own copy of raw/ (so a test may damage it) and no outputs yet."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "raw", root / "raw")
    shutil.copy(REPO / "dagster.yaml", root / "dagster.yaml")
    return ProjectPaths(root)


def cli_env(paths: ProjectPaths) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "PROCSTATS_DEBUG")}
    env["PROCSTATS_ROOT"] = str(paths.root)
    env["COLUMNS"] = "250"
    return env


def run_cli(paths: ProjectPaths, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PROCSTATS), *args],
        env=cli_env(paths),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> ProjectPaths:
    """One full `procstats build` of the committed raw/ snapshot, shared by read-only tests."""
    paths = make_project(tmp_path_factory.mktemp("built"))
    result = run_cli(paths, "build")
    assert result.returncode == 0, result.stderr
    return paths


@pytest.fixture
def project(tmp_path: Path) -> ProjectPaths:
    return make_project(tmp_path / "project")
