"""Helpers every stage may use: paths, errors, the build fingerprint, table descriptions, the
matching view of Chinese text, and the Dagster resource and check-result helpers.

Touches: nothing. Imports: nothing."""
