"""The committed raw/ snapshot resolved and derived as the pipeline does it, computed once per
test session for the tests of the stages after normalisation."""

from __future__ import annotations

from functools import cache

from pipelines.extract.japan_cube import read_cubes
from pipelines.extract.transcriptions import load_transcriptions
from pipelines.normalise.catalogue import load_catalogue
from pipelines.normalise.observations import normalise
from pipelines.reconcile.corrections import excluded_ids, load_corrections
from pipelines.reconcile.derive import derive
from pipelines.reconcile.resolve import resolve
from pipelines.snapshot.registry import load_registry
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
