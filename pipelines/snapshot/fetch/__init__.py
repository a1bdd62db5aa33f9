"""Fetching documents: a polite HTTP client, the content-addressed snapshot store, the fetch run over
the source registry, and discovery of new documents on listing pages.

Touches: nothing. Imports: nothing."""
