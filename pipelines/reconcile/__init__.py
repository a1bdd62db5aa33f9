"""Stage 4, reconcile: corrections as data, which printed value stands where sources disagree,
figures derived from printed counts, the printed record checked against itself, and the
literature's claims judged against all of it.

May import: normalise, extract, snapshot and common."""
