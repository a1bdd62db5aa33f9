"""The committed raw/ snapshot resolved and derived as the pipeline does it, computed once per
test session for the tests of the stages after normalisation."""

from __future__ import annotations

from functools import cache

from pipelines.catalogue import load_catalogue
from pipelines.derive import derive
from pipelines.japan_cube import read_cubes
from pipelines.observations import normalise
from pipelines.registry import load_registry
from pipelines.resolve import excluded_ids, load_corrections, resolve
from pipelines.transcriptions import load_transcriptions
from tests.conftest import REPO


@cache
def committed() -> tuple:
    """The committed raw/ snapshot resolved and derived, as the pipeline does it."""
    raw = REPO / "raw"
    sources = load_registry(raw)
    observations = normalise(
        [load_transcriptions(raw, sources), read_cubes(raw, sources)], load_catalogue()
    )
    corrections = load_corrections(raw)
    resolved, conflicts = resolve(observations, sources, corrections)
    derived = derive(resolved)
    excluded = observations[observations["obs_id"].isin(excluded_ids(observations, corrections))]
    return sources, observations, corrections, resolved, conflicts, derived, excluded
