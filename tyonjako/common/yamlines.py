"""YAML loading that remembers on which line each mapping and each key started,
so error messages can point at the line a person has to fix."""

from __future__ import annotations

from typing import Any

import yaml

LINE_KEY = "__line__"
KEY_LINES_KEY = "__key_lines__"


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


class _KeyLineLoader(_LineLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[KEY_LINES_KEY] = {
            key_node.value: key_node.start_mark.line + 1
            for key_node, _value in node.value
            if isinstance(key_node, yaml.ScalarNode)
        }
        return mapping


def load_with_lines(text: str, *, key_lines: bool = False) -> Any:
    """Parse YAML; every mapping gets a `__line__` key (1-based), and with `key_lines` a
    `__key_lines__` mapping of each key to its own line."""
    return yaml.load(text, Loader=_KeyLineLoader if key_lines else _LineLoader)


def line_of(mapping: Any, default: int = 0) -> int:
    return int(mapping.get(LINE_KEY, default)) if isinstance(mapping, dict) else default


def key_line(mapping: Any, key: str) -> int:
    """The line of a key in a mapping (the mapping's own line when the key is absent)."""
    if isinstance(mapping, dict):
        return int(mapping.get(KEY_LINES_KEY, {}).get(key, line_of(mapping)))
    return 0
