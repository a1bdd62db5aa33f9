"""Stage 6, publish: the warehouse (built aside and swapped in), its exports, the HTML report
and the build summary.

May import: every earlier stage and common."""
