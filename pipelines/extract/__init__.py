"""Stage 2, extract: figures as read from every kind of source — statements with spans from
documents (HTML, PDF, text), hand transcriptions and the Japanese statistics cubes — each a Figure
with its printed form, interval and locator.

May import: snapshot and common."""
