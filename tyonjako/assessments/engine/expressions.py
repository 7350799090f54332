"""A small, safe expression language for routing rules.

Expressions are JSON-style trees such as ``{"all": [{"answer": "urgent"},
{"gte": [{"answer": "coping"}, 3]}]}``. They are compiled once, at load time,
into nested Python closures: evaluation then costs a few function calls and
never parses, looks up attributes by name or calls ``eval``/``exec``. The only
names an expression can reach are answer keys and already derived outputs,
both checked against the instrument during compilation. Strings are always
data, so ``"__import__('os')"`` is just a string that equals nothing useful.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from tyonjako.common.yamlines import MarkedDict, MarkedList

from .model import Env
from .source import Problems, line_of

Fn = Callable[[Env], Any]

BOOL, NUMBER, STR, DATE, LIST, NULL = "bool", "number", "str", "date", "list", "null"

OPERATORS: tuple[str, ...] = (
    "all",
    "any",
    "not",
    "eq",
    "ne",
    "in",
    "contains",
    "contains_any",
    "gt",
    "gte",
    "lt",
    "lte",
    "count",
    "answer",
    "var",
)


@dataclass(frozen=True)
class Symbol:
    """What a name (answer key or derived output) evaluates to, for static checks."""

    kind: str
    allowed: frozenset[object] | None = None  # enumerated values; for lists, element values


@dataclass(frozen=True)
class Scope:
    answers: Mapping[str, Symbol]
    variables: Mapping[str, Symbol]
    later_variables: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Compiled:
    fn: Fn
    kind: str
    allowed: frozenset[object] | None = None
    name: str | None = None  # set for a direct ``answer``/``var`` reference
    is_const: bool = False
    value: object = None


class Compiler:
    """Compiles one expression tree, collecting problems and referenced names."""

    def __init__(self, scope: Scope, problems: Problems) -> None:
        self.scope = scope
        self.problems = problems
        self.refs: list[str] = []

    # -- entry points -------------------------------------------------------

    def condition(self, node: object, parent: object, key: object, path: str) -> Fn | None:
        """Compile an expression that must yield a boolean (a row's ``when``)."""
        compiled = self.expr(node, parent, key, path)
        if compiled is None:
            return None
        if compiled.kind not in (BOOL,):
            self._error(node, parent, key, path, f"condition must be boolean, got {compiled.kind}")
            return None
        return compiled.fn

    def expr(self, node: object, parent: object, key: object, path: str) -> Compiled | None:
        if isinstance(node, dict):
            return self._operator(node, parent, key, path)
        if isinstance(node, list):
            return self._list_literal(node, parent, key, path)
        return self._literal(node, parent, key, path)

    # -- helpers ------------------------------------------------------------

    def _error(self, node: object, parent: object, key: object, path: str, msg: str) -> None:
        line = node.line if isinstance(node, (MarkedDict, MarkedList)) else None
        self.problems.add(line if line is not None else line_of(parent, key), path, msg)

    def _literal(self, node: object, parent: object, key: object, path: str) -> Compiled | None:
        if node is None:
            kind = NULL
        elif isinstance(node, bool):
            kind = BOOL
        elif isinstance(node, (int, float)):
            kind = NUMBER
        elif isinstance(node, str):
            kind = STR
        elif isinstance(node, date):
            kind = DATE
        else:
            self._error(node, parent, key, path, f"unsupported literal {node!r}")
            return None
        value = node
        return Compiled(lambda env: value, kind, is_const=True, value=value)

    def _list_literal(
        self, node: list[Any], parent: object, key: object, path: str
    ) -> Compiled | None:
        for index, element in enumerate(node):
            if isinstance(element, (dict, list)):
                self._error(
                    element,
                    node,
                    index,
                    f"{path}[{index}]",
                    "a list literal may hold only plain values",
                )
                return None
        value = tuple(node)
        return Compiled(lambda env: value, LIST, is_const=True, value=value)

    def _operator(
        self, node: dict[Any, Any], parent: object, key: object, path: str
    ) -> Compiled | None:
        if len(node) != 1:
            names = ", ".join(repr(k) for k in node)
            self._error(
                node,
                parent,
                key,
                path,
                f"an expression needs exactly one operator, got {names or 'none'}",
            )
            return None
        ((op, arg),) = node.items()
        handler = _HANDLERS.get(op) if isinstance(op, str) else None
        if handler is None:
            self._error(node, parent, key, path, f"unknown operator '{op}'")
            return None
        return handler(self, arg, node, f"{path}.{op}")

    def args(
        self, arg: object, node: dict[Any, Any], path: str, op: str, count: int | None
    ) -> list[Compiled] | None:
        """Compile an operator's argument list (exactly ``count`` items, or >= 1 if None)."""
        if not isinstance(arg, list) or (count is not None and len(arg) != count) or not arg:
            want = f"a list of {count} expressions" if count else "a non-empty list of expressions"
            self._error(arg, node, op, path, f"'{op}' needs {want}")
            return None
        compiled = [self.expr(a, arg, i, f"{path}[{i}]") for i, a in enumerate(arg)]
        if any(c is None for c in compiled):
            return None
        return [c for c in compiled if c is not None]

    def need_kind(
        self, c: Compiled, kinds: tuple[str, ...], arg: object, index: int, path: str, what: str
    ) -> bool:
        if c.kind in kinds:
            return True
        self._error(
            _element(arg, index),
            arg,
            index,
            f"{path}[{index}]",
            f"{what} must be {' or '.join(kinds)}, got {c.kind}",
        )
        return False

    def check_values(
        self, ref: Compiled, values: tuple[object, ...], arg: object, index: int, path: str
    ) -> bool:
        """Report literal values that the referenced answer/output can never take."""
        if ref.allowed is None:
            return True
        bad = [
            v
            for v in values
            if v not in ref.allowed or isinstance(v, bool) != _all_bool(ref.allowed)
        ]
        if not bad:
            return True
        options = ", ".join(str(v) for v in sorted(ref.allowed, key=str))
        shown = ", ".join(repr(v) for v in bad)
        self._error(
            _element(arg, index),
            arg,
            index,
            f"{path}[{index}]",
            f"{shown} is not an option of '{ref.name}' (options: {options})",
        )
        return False

    def reference(self, name: object, node: dict[Any, Any], path: str, op: str) -> Compiled | None:
        table = self.scope.answers if op == "answer" else self.scope.variables
        if not isinstance(name, str):
            self._error(name, node, op, path, f"'{op}' needs a name")
            return None
        symbol = table.get(name)
        if symbol is None:
            if op == "var" and name in self.scope.later_variables:
                msg = f"output '{name}' is decided after this table and cannot be used here"
            elif op == "answer":
                msg = f"unknown answer key '{name}'"
            else:
                msg = f"unknown variable '{name}'"
            self._error(name, node, op, path, msg)
            return None
        if name not in self.refs:
            self.refs.append(name)
        return Compiled(operator.itemgetter(name), symbol.kind, symbol.allowed, name=name)


def _const_tuple(compiled: Compiled) -> tuple[object, ...]:
    value = compiled.value
    return value if isinstance(value, tuple) else ()


def _element(container: object, index: int) -> object:
    if isinstance(container, list) and 0 <= index < len(container):
        return container[index]
    return None


def _all_bool(values: frozenset[object]) -> bool:
    return all(isinstance(v, bool) for v in values)


# -- operator handlers ------------------------------------------------------

Handler = Callable[[Compiler, object, dict[Any, Any], str], Compiled | None]


def _bool_args(
    c: Compiler, arg: object, node: dict[Any, Any], path: str, op: str
) -> list[Fn] | None:
    args = c.args(arg, node, path, op, None)
    if args is None:
        return None
    if not all(
        c.need_kind(a, (BOOL,), arg, i, path, f"'{op}' argument") for i, a in enumerate(args)
    ):
        return None
    return [a.fn for a in args]


def _all(c: Compiler, arg: object, node: dict[Any, Any], path: str) -> Compiled | None:
    fns = _bool_args(c, arg, node, path, "all")
    if fns is None:
        return None

    # An explicit loop avoids building a generator per call (hot path).
    def all_(env: Env) -> bool:
        for fn in fns:  # noqa: SIM110
            if not fn(env):
                return False
        return True

    return Compiled(all_, BOOL)


def _any(c: Compiler, arg: object, node: dict[Any, Any], path: str) -> Compiled | None:
    fns = _bool_args(c, arg, node, path, "any")
    if fns is None:
        return None

    def any_(env: Env) -> bool:
        for fn in fns:  # noqa: SIM110
            if fn(env):
                return True
        return False

    return Compiled(any_, BOOL)


def _count(c: Compiler, arg: object, node: dict[Any, Any], path: str) -> Compiled | None:
    fns = _bool_args(c, arg, node, path, "count")
    if fns is None:
        return None

    def count(env: Env) -> int:
        total = 0
        for fn in fns:
            if fn(env):
                total += 1
        return total

    return Compiled(count, NUMBER)


def _not(c: Compiler, arg: object, node: dict[Any, Any], path: str) -> Compiled | None:
    # ``not`` takes one expression; a one-element list is accepted for symmetry.
    if isinstance(arg, list):
        if len(arg) != 1:
            c._error(arg, node, "not", path, "'not' needs exactly one expression")
            return None
        inner = c.expr(arg[0], arg, 0, f"{path}[0]")
    else:
        inner = c.expr(arg, node, "not", path)
    if inner is None:
        return None
    if inner.kind != BOOL:
        c._error(arg, node, "not", path, f"'not' argument must be bool, got {inner.kind}")
        return None
    fn = inner.fn
    return Compiled(lambda env: not fn(env), BOOL)


def _pair(
    c: Compiler, arg: object, node: dict[Any, Any], path: str, op: str
) -> tuple[Compiled, Compiled] | None:
    args = c.args(arg, node, path, op, 2)
    if args is None:
        return None
    left, right = _coerce_date_literal(args[0], args[1]), _coerce_date_literal(args[1], args[0])
    if left is None or right is None:
        c._error(arg, node, op, path, "a date can only be compared with an ISO date 'YYYY-MM-DD'")
        return None
    return left, right


def _coerce_date_literal(this: Compiled, other: Compiled) -> Compiled | None:
    """Let rules write dates as ISO strings when compared with a date answer."""
    if other.kind == DATE and this.is_const and isinstance(this.value, str):
        try:
            value = date.fromisoformat(this.value)
        except ValueError:
            return None
        return Compiled(lambda env: value, DATE, is_const=True, value=value)
    return this


def _compatible(a: Compiled, b: Compiled) -> bool:
    return a.kind == b.kind or NULL in (a.kind, b.kind)


def _equality(op: str) -> Handler:
    negate = op == "ne"

    def handler(c: Compiler, arg: object, node: dict[Any, Any], path: str) -> Compiled | None:
        pair = _pair(c, arg, node, path, op)
        if pair is None:
            return None
        left, right = pair
        if not _compatible(left, right):
            c._error(arg, node, op, path, f"cannot compare {left.kind} with {right.kind}")
            return None
        for ref, lit, index in ((left, right, 1), (right, left, 0)):
            if (
                lit.is_const
                and lit.kind != NULL
                and not c.check_values(ref, (lit.value,), arg, index, path)
            ):
                return None
        return Compiled(_compare_fn(left, right, operator.ne if negate else operator.eq), BOOL)

    return handler


def _compare_fn(left: Compiled, right: Compiled, op: Callable[[Any, Any], bool]) -> Fn:
    lf, rf = left.fn, right.fn
    if right.is_const:
        value = right.value
        return lambda env: op(lf(env), value)
    return lambda env: op(lf(env), rf(env))


def _ordering(op: str) -> Handler:
    py_op = _ORDER_OPS[op]

    def handler(c: Compiler, arg: object, node: dict[Any, Any], path: str) -> Compiled | None:
        pair = _pair(c, arg, node, path, op)
        if pair is None:
            return None
        left, right = pair
        for index, side in enumerate(pair):
            if not c.need_kind(side, (NUMBER, DATE), arg, index, path, f"'{op}' argument"):
                return None
        if left.kind != right.kind:
            c._error(arg, node, op, path, f"cannot compare {left.kind} with {right.kind}")
            return None
        lf, rf = left.fn, right.fn

        # An unanswered optional item is None: the comparison is simply false.
        def ordered(env: Env) -> bool:
            x, y = lf(env), rf(env)
            return x is not None and y is not None and py_op(x, y)

        return Compiled(ordered, BOOL)

    return handler


_ORDER_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def _in(c: Compiler, arg: object, node: dict[Any, Any], path: str) -> Compiled | None:
    args = c.args(arg, node, path, "in", 2)
    if args is None:
        return None
    needle, haystack = args
    if not c.need_kind(haystack, (LIST,), arg, 1, path, "'in' second argument"):
        return None
    if haystack.is_const:
        values = _const_tuple(haystack)
        if not c.check_values(needle, values, arg, 1, path):
            return None
        members, nf = frozenset(values), needle.fn
        return Compiled(lambda env: nf(env) in members, BOOL)
    nf, hf = needle.fn, haystack.fn
    return Compiled(lambda env: nf(env) in (hf(env) or ()), BOOL)


def _contains(c: Compiler, arg: object, node: dict[Any, Any], path: str) -> Compiled | None:
    args = c.args(arg, node, path, "contains", 2)
    if args is None:
        return None
    haystack, needle = args
    if not c.need_kind(haystack, (LIST,), arg, 0, path, "'contains' first argument"):
        return None
    if needle.is_const and not c.check_values(haystack, (needle.value,), arg, 1, path):
        return None
    hf, nf = haystack.fn, needle.fn
    return Compiled(lambda env: nf(env) in (hf(env) or ()), BOOL)


def _contains_any(c: Compiler, arg: object, node: dict[Any, Any], path: str) -> Compiled | None:
    args = c.args(arg, node, path, "contains_any", 2)
    if args is None:
        return None
    haystack, needles = args
    for index, side in enumerate(args):
        if not c.need_kind(side, (LIST,), arg, index, path, "'contains_any' argument"):
            return None
    if not needles.is_const:
        c._error(
            arg,
            node,
            "contains_any",
            path,
            "'contains_any' second argument must be a list of values",
        )
        return None
    values = _const_tuple(needles)
    if not c.check_values(haystack, values, arg, 1, path):
        return None
    wanted, hf = frozenset(values), haystack.fn
    return Compiled(lambda env: not wanted.isdisjoint(hf(env) or ()), BOOL)


def _answer(c: Compiler, arg: object, node: dict[Any, Any], path: str) -> Compiled | None:
    return c.reference(arg, node, path, "answer")


def _var(c: Compiler, arg: object, node: dict[Any, Any], path: str) -> Compiled | None:
    return c.reference(arg, node, path, "var")


_HANDLERS: dict[str, Handler] = {
    "all": _all,
    "any": _any,
    "not": _not,
    "count": _count,
    "eq": _equality("eq"),
    "ne": _equality("ne"),
    "gt": _ordering("gt"),
    "gte": _ordering("gte"),
    "lt": _ordering("lt"),
    "lte": _ordering("lte"),
    "in": _in,
    "contains": _contains,
    "contains_any": _contains_any,
    "answer": _answer,
    "var": _var,
}
assert set(_HANDLERS) == set(OPERATORS)
