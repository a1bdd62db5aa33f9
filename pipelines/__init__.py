"""procstats: published prosecution statistics, from documents to a warehouse and a report.

Touches: nothing. Imports: nothing."""
