"""Line numbers of an instrument definition, and the problems found in it.

The definition is read by the project's one YAML reader (`common/yamlines.py`,
`load_marked_yaml`: mappings and sequences as dict/list subclasses that carry the
line of each key or element). Plain dicts (e.g. from ``json.loads``) work too; their
errors then say ``line ?``.
"""

from __future__ import annotations

from tyonjako.common.yamlines import MarkedDict, MarkedList


def line_of(container: object, key: object = None) -> int | None:
    """Best known line of ``container[key]`` (or of the container itself)."""
    if isinstance(container, MarkedDict):
        if key is not None and key in container.key_lines:
            return container.key_lines[key]
        return container.line
    if isinstance(container, MarkedList):
        if isinstance(key, int) and 0 <= key < len(container.item_lines):
            return container.item_lines[key]
        return container.line
    return None


class Problems:
    """Collects validation problems as ``line N: path: message`` strings."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, line: int | None, path: str, message: str) -> None:
        where = "?" if line is None else str(line)
        self.errors.append(
            f"line {where}: {path}: {message}" if path else f"line {where}: {message}"
        )

    def report_duplicates(self, node: object, path: str) -> None:
        """Walk the whole tree once and report duplicate mapping keys."""
        if isinstance(node, dict):
            for key, line in getattr(node, "duplicates", ()):
                self.add(line, join(path, str(key)), f"duplicate key '{key}'")
            for key, value in node.items():
                self.report_duplicates(value, join(path, str(key)))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                self.report_duplicates(value, f"{path}[{index}]")


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
