"""The table the snapshot stage produces: mart.sources (the source registry).

Touches: nothing (describes mart.sources). Imports: common."""

from __future__ import annotations

from pipelines.common.schema import View, column

SOURCES = View(
    "sources",
    "Every document behind a figure (the source registry in raw/sources). kind = what the document is; "
    "access = how procstats read it. Copies and reports point at the primary document in reports_on.",
    (
        column("source_id", "VARCHAR", "Registry id; observations.source_id refers to it."),
        column("title", "VARCHAR", "Title of the document as read (original language)."),
        column(
            "producer",
            "VARCHAR",
            "Who produced the statistics (e.g. the SPP), not who carried the text.",
        ),
        column(
            "kind",
            "VARCHAR",
            "work_report, case_data_release, white_paper, press_conference, press_release, "
            "statistical_table, statistical_report, academic, court_decision or news.",
        ),
        column(
            "url",
            "VARCHAR",
            "Address of the document (the canonical one where known); NULL if unknown.",
        ),
        column(
            "mirror_urls",
            "VARCHAR[]",
            "Addresses where figures from this document were actually read.",
        ),
        column(
            "published_on",
            "VARCHAR",
            "Publication date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD.",
        ),
        column(
            "accessed_on",
            "DATE",
            "Day procstats read or copied it; NULL when not recorded (see access_note).",
        ),
        column("format", "VARCHAR", "html, pdf, json, csv, xlsx or text."),
        column("language", "VARCHAR", "BCP 47 tag: zh-Hans, zh-Hant, en, ja, de, ko, fil."),
        column(
            "sha256", "VARCHAR", "SHA-256 of the stored copy in raw/, NULL when no file is stored."
        ),
        column("license", "VARCHAR", "Licence or legal basis for reusing the figures."),
        column(
            "title_en", "VARCHAR", "English title where the original is not English (may be NULL)."
        ),
        column(
            "publisher",
            "VARCHAR",
            "Who published the text that was read (a mirror, news outlet, translator).",
        ),
        column(
            "access",
            "VARCHAR",
            "primary (producer's site), mirror, translation, report (a news account), relay "
            "(data re-published by a third party) or not_seen (registered because cited, never read).",
        ),
        column(
            "country",
            "VARCHAR",
            "ISO 3166 alpha-2 country the figures are about; NULL for general works.",
        ),
        column(
            "reports_on",
            "VARCHAR",
            "source_id of the primary document this copy reproduces or reports.",
        ),
        column(
            "covers",
            "VARCHAR",
            "Data years the document reports (for primary documents), e.g. 2018-2022.",
        ),
        column("access_note", "VARCHAR", "How and when the document was read, or why it was not."),
        column(
            "stored_file",
            "VARCHAR",
            "Path of the stored copy under raw/, content-addressed by sha256.",
        ),
        column("notes", "VARCHAR", "Anything else a reader of the source should know."),
    ),
)
