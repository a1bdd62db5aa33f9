"""Errors a user can act on. The CLI prints them as one line, never a traceback.

Touches: nothing. Imports: nothing."""


class ProcstatsError(Exception):
    """Bad input or a failed stage, with a message that says what and where."""


class RegistryError(ProcstatsError):
    """The source registry in raw/sources is malformed or inconsistent."""


class TranscriptionError(ProcstatsError):
    """A transcription row in raw/transcriptions is malformed or disagrees with its printed form."""


class WarehouseError(ProcstatsError):
    """The warehouse is missing, locked or cannot be built."""


def summarise(problems: list[str], what: str) -> str:
    """One line for many problems: the first one, and how many more."""
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{what}: {problems[0]}{more}"
