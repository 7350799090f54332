"""YAML loading that remembers line numbers.

Validation errors must point at a line in the definition file, so mappings and
sequences are built as dict/list subclasses that carry the line of each key or
element. Plain dicts (e.g. from ``json.loads``) work too; their errors then say
``line ?``.
"""

from __future__ import annotations

from typing import Any

import yaml


class MarkedDict(dict[Any, Any]):
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int | None = None

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[object, int] = {}
        # PyYAML silently keeps the last of duplicate keys; we keep evidence instead.
        self.duplicates: list[tuple[object, int]] = []


class MarkedList(list[Any]):
    """A sequence that knows its own line and the line of each element (1-based)."""

    line: int | None = None

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []


class _MarkedLoader(yaml.SafeLoader):
    """SafeLoader (no arbitrary object construction) that records line marks."""


def _construct_mapping(loader: _MarkedLoader, node: yaml.MappingNode) -> MarkedDict:
    loader.flatten_mapping(node)
    result = MarkedDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a scalar", key_node.start_mark
            )
        key_line = key_node.start_mark.line + 1
        if key in result:
            result.duplicates.append((key, key_line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_line
    return result


def _construct_sequence(loader: _MarkedLoader, node: yaml.SequenceNode) -> MarkedList:
    result = MarkedList()
    result.line = node.start_mark.line + 1
    for child in node.value:
        result.append(loader.construct_object(child, deep=True))
        result.item_lines.append(child.start_mark.line + 1)
    return result


_MarkedLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_MarkedLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def load_marked_yaml(text: str) -> object:
    """Parse YAML (JSON is accepted too, being nearly a subset) keeping line marks."""
    return yaml.load(text, Loader=_MarkedLoader)


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
