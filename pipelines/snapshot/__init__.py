"""Stage 1, snapshot: the source registry (raw/sources), faithful copies of documents (fetch,
content-addressed store, discovery of new documents) and the inventory of what raw/ holds.

May import: common only."""
