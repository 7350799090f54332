"""The error type every layer of the import reports in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem on one line of an export.

    ``column`` is the canonical column name (or the export header when the
    problem is the header itself); it is empty for problems of a whole line.
    ``str(error)`` reads ``line 7, column duration_min: not a whole number of
    minutes: 'abc'``. A message never contains a personal identity code.
    """

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return f"line {self.line}, column {self.column}: {self.message}"
        return f"line {self.line}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "message": self.message}
