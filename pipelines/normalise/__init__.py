"""Stage 3, normalise: the metric catalogue and tidy observations (mart.observations), with
interval arithmetic and the structural checks that stop publication.

May import: extract, snapshot and common."""
