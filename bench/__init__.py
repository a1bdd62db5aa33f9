"""Benchmarks for procstats (`make bench`): synthetic documents, extraction throughput against a
regex floor, end-to-end builds, and the no-op rebuild against Dagster's own floor."""
