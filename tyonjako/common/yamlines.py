"""YAML loading that remembers on which line each mapping started,
so error messages can point at the line a person has to fix."""

from __future__ import annotations

from typing import Any

import yaml

LINE_KEY = "__line__"


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


def load_with_lines(text: str) -> Any:
    """Parse YAML; every mapping gets a `__line__` key (1-based)."""
    return yaml.load(text, Loader=_LineLoader)


def line_of(mapping: Any, default: int = 0) -> int:
    return int(mapping.get(LINE_KEY, default)) if isinstance(mapping, dict) else default
