"""The small part of XLSForm's XPath that `relevant` and `constraint` use, as a pure evaluator.

Supported: `${name}`, `.` (the answer being checked), numbers, quoted strings,
`= != < <= > >=`, `and`, `or`, `not(...)`, `+ -`, parentheses and the functions
`selected(a, 'x')`, `count-selected(a)`, `string-length(a)`, `regex(a, 'pattern')`,
`number(a)`, `int(a)` and `string(a)`. Anything else is
refused when the survey is loaded, so a form never half-works.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Answer = str | list[str] | None


class ExpressionError(ValueError):
    pass


_TOKEN = re.compile(
    r"\s*(?:(?P<ref>\$\{[A-Za-z_][\w.-]*\})|(?P<num>\d+(?:\.\d+)?)|(?P<str>'[^']*'|\"[^\"]*\")"
    r"|(?P<op>!=|<=|>=|=|<|>|\+|-|\(|\)|,)|(?P<dot>\.)|(?P<word>[A-Za-z][\w-]*))"
)

_FUNCTIONS = {
    "selected": 2,
    "count-selected": 1,
    "string-length": 1,
    "not": 1,
    "regex": 2,
    "number": 1,
    "int": 1,
    "string": 1,
}


@dataclass(frozen=True)
class Node:
    kind: str  # ref, num, str, dot, call, bin
    value: Any = None
    args: tuple[Node, ...] = ()


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise ExpressionError(f"cannot read {text[position:]!r}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        position = match.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.items = _tokens(text)
        self.at = 0

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.at] if self.at < len(self.items) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        item = self.peek()
        if item is None or (value is not None and item[1] != value):
            raise ExpressionError(f"expected {value or 'more'}")
        self.at += 1
        return item

    def parse(self) -> Node:
        node = self.or_()
        if self.peek() is not None:
            raise ExpressionError(f"unexpected {self.peek()[1]!r}")  # type: ignore[index]
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.peek() == ("word", "or"):
            self.take()
            node = Node("bin", "or", (node, self.and_()))
        return node

    def and_(self) -> Node:
        node = self.compare()
        while self.peek() == ("word", "and"):
            self.take()
            node = Node("bin", "and", (node, self.compare()))
        return node

    def compare(self) -> Node:
        node = self.add()
        item = self.peek()
        if item and item[0] == "op" and item[1] in ("=", "!=", "<", "<=", ">", ">="):
            self.take()
            node = Node("bin", item[1], (node, self.add()))
        return node

    def add(self) -> Node:
        node = self.primary()
        while (item := self.peek()) and item[0] == "op" and item[1] in "+-":
            self.take()
            node = Node("bin", item[1], (node, self.primary()))
        return node

    def primary(self) -> Node:
        kind, value = self.take()
        if kind == "ref":
            return Node("ref", value[2:-1])
        if kind == "num":
            return Node("num", float(value))
        if kind == "str":
            return Node("str", value[1:-1])
        if kind == "dot":
            return Node("dot")
        if kind == "op" and value == "(":
            node = self.or_()
            self.take(")")
            return node
        if kind == "op" and value == "-":
            return Node("bin", "-", (Node("num", 0.0), self.primary()))
        if kind == "word" and value in _FUNCTIONS:
            self.take("(")
            args = [self.or_()]
            while self.peek() == ("op", ","):
                self.take()
                args.append(self.or_())
            self.take(")")
            if len(args) != _FUNCTIONS[value]:
                raise ExpressionError(f"{value}() takes {_FUNCTIONS[value]} argument(s)")
            return Node("call", value, tuple(args))
        raise ExpressionError(f"unsupported {value!r}")


def parse(text: str) -> Node:
    """Parse an expression or raise ExpressionError naming what is not supported."""
    return _Parser(text).parse()


def references(node: Node) -> set[str]:
    found = {node.value} if node.kind == "ref" else set()
    for arg in node.args:
        found |= references(arg)
    return found


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "."))
        except ValueError:
            return None
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _truth(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value != 0
    if isinstance(value, list):
        return bool(value)
    return bool(value)


def _compare(op: str, left: Any, right: Any) -> bool:
    a, b = _number(left), _number(right)
    if op in ("=", "!="):
        both_text = isinstance(left, str | None) and isinstance(right, str | None)
        equal = _text(left) == _text(right) if both_text or a is None or b is None else a == b
        return equal if op == "=" else not equal
    if a is None or b is None:
        return False
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def evaluate(node: Node, answers: Mapping[str, Answer], current: Answer = None) -> Any:
    """The value of an expression over the answers given so far."""
    if node.kind == "ref":
        return answers.get(node.value)
    if node.kind in ("num", "str"):
        return node.value
    if node.kind == "dot":
        return current
    if node.kind == "call":
        values = [evaluate(arg, answers, current) for arg in node.args]
        if node.value == "not":
            return not _truth(values[0])
        if node.value == "selected":
            chosen = values[0] if isinstance(values[0], list) else _text(values[0]).split()
            return _text(values[1]) in chosen
        if node.value == "count-selected":
            return float(len(values[0]) if isinstance(values[0], list) else 0)
        if node.value == "regex":
            try:
                return re.search(_text(values[1]), _text(values[0])) is not None
            except re.error:
                return False
        if node.value in ("number", "int"):
            number = _number(values[0])
            if number is None:
                return float("nan")
            return float(int(number)) if node.value == "int" else number
        if node.value == "string":
            return _text(values[0])
        return float(len(_text(values[0])))
    left = evaluate(node.args[0], answers, current)
    if node.value == "and":
        return _truth(left) and _truth(evaluate(node.args[1], answers, current))
    if node.value == "or":
        return _truth(left) or _truth(evaluate(node.args[1], answers, current))
    right = evaluate(node.args[1], answers, current)
    if node.value in ("+", "-"):
        a, b = _number(left) or 0.0, _number(right) or 0.0
        return a + b if node.value == "+" else a - b
    return _compare(node.value, left, right)


def holds(text: str, answers: Mapping[str, Answer], current: Answer = None) -> bool:
    """Whether a `relevant` or `constraint` holds; an empty expression always does."""
    if not text.strip():
        return True
    return _truth(evaluate(parse(text), answers, current))
