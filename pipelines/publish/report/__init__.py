"""The HTML report: charts (Altair) and tables rendered from the warehouse into one offline page.

Touches: nothing. Imports: nothing."""
