"""The one YAML reader of the definition files (organisation, task catalogue, pilots,
import mapping profiles, staffing scenarios; the assessment engine's marked form too).

It remembers on which line each mapping and each key started and which keys were given
twice, so error messages point at the line a person has to fix, and it turns every YAML
syntax error into one `YamlSyntaxError` that names the line. Pure: no Django."""

from __future__ import annotations

from typing import Any

import yaml

LINE_KEY = "__line__"
KEY_LINES_KEY = "__key_lines__"
DUPLICATES_KEY = "__duplicate_keys__"
# The keys the reader adds to every mapping; a reader that checks for unknown keys or
# copies a mapping's values skips them (`visible`).
HIDDEN_KEYS = frozenset({LINE_KEY, KEY_LINES_KEY, DUPLICATES_KEY})


class YamlSyntaxError(yaml.YAMLError, ValueError):
    """Text that is not valid YAML, with the line (1-based) where the reader stopped."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: not valid YAML: {problem}")
        self.line = line
        self.problem = problem


class _LineLoader(yaml.SafeLoader):
    """SafeLoader (no arbitrary objects) that marks every mapping with its line, each
    key's line, and the keys given twice (PyYAML would silently keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        lines: dict[Any, int] = {}
        duplicates: list[tuple[Any, int]] = []
        for key_node, _value in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in lines:
                duplicates.append((key, key_node.start_mark.line + 1))
            lines[key] = key_node.start_mark.line + 1
        mapping[LINE_KEY] = node.start_mark.line + 1
        mapping[KEY_LINES_KEY] = lines
        mapping[DUPLICATES_KEY] = duplicates
        return mapping


def syntax_error(error: yaml.YAMLError) -> YamlSyntaxError:
    """The reader's own error for one PyYAML raised."""
    if isinstance(error, YamlSyntaxError):
        return error
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = getattr(error, "problem", None) or str(error)
    return YamlSyntaxError(line, str(problem))


# ---------------------------------------------------------------- the marked form


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
    """Parse YAML (JSON is accepted too, being nearly a subset) into `MarkedDict` and
    `MarkedList`, which carry their lines as attributes instead of hidden keys (the
    form the assessment engine reads). Raises `YamlSyntaxError`."""
    try:
        return yaml.load(text, Loader=_MarkedLoader)
    except yaml.YAMLError as error:
        raise syntax_error(error) from None


def load_with_lines(text: str) -> Any:
    """Parse YAML; every mapping gets `__line__` (1-based), `__key_lines__` (each key's own
    line) and `__duplicate_keys__` ((key, line) of each key given again). Raises
    `YamlSyntaxError`."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.YAMLError as error:
        raise syntax_error(error) from None


def lines_by_path(content: str) -> dict[tuple[str, ...], int]:
    """The 1-based line of every mapping key and list item, by path of keys (as
    ``str()`` of what the reader makes of them) and list indexes (``"0"``, ``"1"``…):
    for readers that name a problem by its path. Call after `load_with_lines`
    accepted the text."""
    lines: dict[tuple[str, ...], int] = {}
    root = yaml.compose(content, Loader=yaml.SafeLoader)

    def walk(node: yaml.Node | None, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = (*path, _scalar_text(key))
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                sub = (*path, str(index))
                lines[sub] = item.start_mark.line + 1
                walk(item, sub)

    walk(root, ())
    return lines


def _scalar_text(node: yaml.Node) -> str:
    """A key as ``str()`` of what SafeLoader makes of it (``no`` is ``False``)."""
    value = str(node.value)
    tag = str(node.tag)
    if tag.endswith(":bool"):
        return str(yaml.SafeLoader.bool_values.get(value.lower(), value))
    if tag.endswith(":null"):
        return "None"
    if tag.endswith((":int", ":float")):
        try:
            return str(yaml.safe_load(value))
        except yaml.YAMLError:
            return value
    return value


def line_of(mapping: Any, default: int = 0) -> int:
    return int(mapping.get(LINE_KEY, default)) if isinstance(mapping, dict) else default


def key_line(mapping: Any, key: str) -> int:
    """The line of a key in a mapping (the mapping's own line when the key is absent)."""
    if isinstance(mapping, dict):
        return int((mapping.get(KEY_LINES_KEY) or {}).get(key, line_of(mapping)))
    return 0


def duplicate_keys(mapping: Any) -> list[tuple[Any, int]]:
    """(key, line) of each key given a second time in this mapping."""
    return list(mapping.get(DUPLICATES_KEY, [])) if isinstance(mapping, dict) else []


def visible(mapping: dict[Any, Any]) -> dict[Any, Any]:
    """The mapping's own keys and values, without the reader's marks."""
    return {key: value for key, value in mapping.items() if key not in HIDDEN_KEYS}


def strip_marks(value: Any) -> Any:
    """The same data with the reader's marks removed at every depth."""
    if isinstance(value, dict):
        return {key: strip_marks(item) for key, item in visible(value).items()}
    if isinstance(value, list):
        return [strip_marks(item) for item in value]
    return value


def located(line: int | None, field: str, message: str, *, file: str | None = None) -> str:
    """One problem as the readers print it: ``file, line N: field: message``."""
    where = f"line {'?' if line is None else line}"
    if file:
        where = f"{file}, {where}"
    return f"{where}: {field}: {message}" if field else f"{where}: {message}"
