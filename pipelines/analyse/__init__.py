"""Stage 5, analyse: named series, the cross-country comparisons (mart.comparisons) and the
statsmodels trend models (schema analysis).

May import: reconcile, normalise, extract, snapshot and common."""
