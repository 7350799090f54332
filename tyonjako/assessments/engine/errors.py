"""Exceptions raised by the assessment engine."""

from __future__ import annotations


class InstrumentError(ValueError):
    """An instrument definition is invalid.

    ``errors`` lists every problem found, each formatted as
    ``line N: path: message`` so that an editor can jump straight to it.
    All problems are collected before raising, because fixing a definition one
    error at a time is slow for the person maintaining it.
    """

    def __init__(self, source_name: str, errors: list[str]) -> None:
        self.source_name = source_name
        self.errors = list(errors)
        super().__init__(f"invalid instrument {source_name!r}:\n  " + "\n  ".join(self.errors))


class AnswerError(ValueError):
    """An answer set does not fit the instrument; ``item`` names the offending item."""

    def __init__(self, item: str, message: str) -> None:
        self.item = item
        self.message = message
        super().__init__(f"{item}: {message}" if item else message)
