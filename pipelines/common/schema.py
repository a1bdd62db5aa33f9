"""How a warehouse table is described: its columns, their SQL types and their COMMENTs.

Each stage declares the tables it produces in its own `tables.py`; publish/schema.py lists them in
the order analysts see them.

Touches: nothing. Imports: nothing."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    comment: str


@dataclass(frozen=True)
class View:
    name: str
    comment: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def column(name: str, sql_type: str, comment: str) -> Column:
    return Column(name, sql_type, comment)
