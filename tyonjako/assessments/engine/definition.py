"""Loading and validating instrument definitions (YAML/JSON) into :class:`Instrument`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from tyonjako.common.yamlines import YamlSyntaxError, load_marked_yaml

from . import expressions as ex
from .answers import build_normaliser
from .calendar import WEEKDAY_NAMES, WorkCalendar, country_supported
from .errors import AnswerError, InstrumentError
from .model import (
    ITEM_TYPES,
    OUTPUTS,
    PROFESSIONALS,
    DeadlineSpec,
    Instrument,
    Item,
    Option,
    OutputValue,
    Row,
    Section,
    Table,
    Texts,
)
from .source import Problems, join, line_of

DEFAULT_LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_RESERVED = frozenset(OUTPUTS) | {"deadlines", "today"}
_DEADLINE_UNITS = ("weekdays", "days", "months")

_TOP_KEYS = {
    "key",
    "version",
    "name",
    "description",
    "languages",
    "effective_from",
    "calendar",
    "sections",
    "outputs",
    "rules",
    "deadlines",
}
_ITEM_KEYS = {
    "key",
    "type",
    "required",
    "default",
    "label",
    "help",
    "options",
    "min",
    "max",
    "max_length",
}
_ROW_KEYS = {"id", "when", "default", "value", "deadline", "explanation", "legal_basis", "show"}


def load_instrument(path_or_text: str | Path) -> Instrument:
    """Load an instrument from a file path or from YAML/JSON text."""
    if isinstance(path_or_text, Path) or _looks_like_path(path_or_text):
        path = Path(path_or_text)
        text, name = path.read_text(encoding="utf-8"), str(path)
    else:
        text, name = str(path_or_text), "<text>"
    try:
        data = load_marked_yaml(text)
    except YamlSyntaxError as exc:
        raise InstrumentError(name, [str(exc)]) from exc
    return parse_instrument(data, name)


def _looks_like_path(value: str) -> bool:
    return "\n" not in value and value.strip().endswith((".yaml", ".yml", ".json"))


def parse_instrument(data: Mapping[str, Any] | object, source_name: str = "<data>") -> Instrument:
    """Validate ``data`` (parsed YAML/JSON) and build an :class:`Instrument`.

    Raises :class:`InstrumentError` listing every problem found.
    """
    problems = Problems()
    if not isinstance(data, dict):
        raise InstrumentError(source_name, ["line 1: the definition must be a mapping"])
    problems.report_duplicates(data, "")
    instrument = _Parser(problems, source_name).instrument(data)
    if problems.errors or instrument is None:
        raise InstrumentError(source_name, problems.errors or ["invalid definition"])
    return instrument


class _Parser:
    """Walks the definition once; every check reports instead of raising."""

    def __init__(self, problems: Problems, source_name: str) -> None:
        self.p = problems
        self.source_name = source_name
        self.languages: tuple[str, ...] = DEFAULT_LANGUAGES
        self.rule_ids: set[str] = set()

    # -- small typed getters ------------------------------------------------

    def err(self, parent: object, key: object, path: str, msg: str) -> None:
        self.p.add(line_of(parent, key), path, msg)

    def mapping(
        self, node: object, parent: object, key: object, path: str
    ) -> dict[Any, Any] | None:
        if isinstance(node, dict):
            return node
        self.err(parent, key, path, "must be a mapping")
        return None

    def seq(self, node: object, parent: object, key: object, path: str) -> list[Any] | None:
        if isinstance(node, list):
            return node
        self.err(parent, key, path, "must be a list")
        return None

    def unknown_keys(self, node: dict[Any, Any], allowed: set[str], path: str) -> None:
        for key in node:
            if key not in allowed:
                self.err(node, key, join(path, str(key)), f"unknown field '{key}'")

    def required(self, node: dict[Any, Any], key: str, path: str) -> object:
        if key not in node:
            self.err(node, None, path, f"missing required field '{key}'")
        return node.get(key)

    def identifier(
        self, node: dict[Any, Any], key: str, path: str, pattern: re.Pattern[str]
    ) -> str | None:
        value = self.required(node, key, path)
        if value is None:
            return None
        if not isinstance(value, str) or not pattern.match(value):
            self.err(
                node,
                key,
                join(path, key),
                f"'{value}' is not a valid key (pattern {pattern.pattern})",
            )
            return None
        return value

    def texts(
        self, node: dict[Any, Any], key: str, path: str, *, required: bool = True
    ) -> Texts | None:
        """A ``{fi, sv, en}`` text; every configured language must be non-empty."""
        value = node.get(key)
        where = join(path, key)
        if value is None:
            if required:
                self.err(
                    node, None, path, f"missing required text '{key}' ({'/'.join(self.languages)})"
                )
            return None
        if not isinstance(value, dict):
            self.err(node, key, where, "must be a mapping of language to text")
            return None
        result: Texts = {}
        for lang in self.languages:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.err(
                    value,
                    lang if lang in value else None,
                    join(where, lang),
                    f"missing {lang} text",
                )
            else:
                result[lang] = text.strip()
        for lang in value:
            if lang not in self.languages:
                self.err(value, lang, join(where, str(lang)), f"unknown language '{lang}'")
        return result

    def integer(self, node: dict[Any, Any], key: str, path: str, *, minimum: int = 0) -> int | None:
        value = node.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.err(node, key, join(path, key), f"must be a whole number >= {minimum}")
            return None
        return value

    # -- top level ----------------------------------------------------------

    def instrument(self, data: dict[Any, Any]) -> Instrument | None:
        self.unknown_keys(data, _TOP_KEYS, "")
        self._languages(data)
        key = self.identifier(data, "key", "", _SLUG_RE)
        version = self.integer(data, "version", "", minimum=1) if "version" in data else None
        if "version" not in data:
            self.err(data, None, "", "missing required field 'version'")
        name = self.texts(data, "name", "")
        description = self.texts(data, "description", "", required=False)
        effective_from = self._effective_from(data)
        calendar = self._calendar(data.get("calendar"), data)
        sections = self._sections(data)
        items = {item.key: item for section in sections for item in section.items}
        segments, professionals = self._outputs(data)
        tables = self._rule_tables(data, items, segments, professionals)
        deadline_tables = self._deadline_tables(data, items, segments, professionals)
        if self.p.errors or key is None or version is None or name is None:
            return None
        return Instrument(
            key=key,
            version=version,
            name=name,
            description=description,
            languages=self.languages,
            sections=tuple(sections),
            items=items,
            segments=segments,
            professionals=professionals,
            tables=tables,
            deadline_tables=deadline_tables,
            calendar=calendar,
            normalisers={k: build_normaliser(item) for k, item in items.items()},
            source_name=self.source_name,
            effective_from=effective_from,
        )

    def _languages(self, data: dict[Any, Any]) -> None:
        value = data.get("languages")
        if value is None:
            return
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v for v in value)
        ):
            self.err(data, "languages", "languages", "must be a non-empty list of language codes")
            return
        self.languages = tuple(value)

    def _effective_from(self, data: dict[Any, Any]) -> date | None:
        value = data.get("effective_from")
        if value is None or isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.err(data, "effective_from", "effective_from", "must be a date YYYY-MM-DD")
        return None

    def _calendar(self, node: object, data: dict[Any, Any]) -> WorkCalendar:
        if node is None:
            return WorkCalendar()
        cal = self.mapping(node, data, "calendar", "calendar")
        if cal is None:
            return WorkCalendar()
        self.unknown_keys(
            cal,
            {"working_days", "public_holidays", "extra_days_off", "extra_working_days"},
            "calendar",
        )
        days = cal.get("working_days", list(WEEKDAY_NAMES[:5]))
        if not isinstance(days, list) or not days or any(d not in WEEKDAY_NAMES for d in days):
            self.err(
                cal,
                "working_days",
                "calendar.working_days",
                f"must be a non-empty list of {', '.join(WEEKDAY_NAMES)}",
            )
            days = list(WEEKDAY_NAMES[:5])
        country = cal.get("public_holidays", "FI")
        if country is not None and (not isinstance(country, str) or not country_supported(country)):
            self.err(
                cal,
                "public_holidays",
                "calendar.public_holidays",
                f"unknown holiday calendar {country!r}",
            )
            country = None
        return WorkCalendar(
            working_days=frozenset(WEEKDAY_NAMES.index(d) for d in days),
            public_holidays=country,
            extra_days_off=self._dates(cal, "extra_days_off"),
            extra_working_days=self._dates(cal, "extra_working_days"),
        )

    def _dates(self, cal: dict[Any, Any], key: str) -> frozenset[date]:
        values = cal.get(key, [])
        path = f"calendar.{key}"
        if not isinstance(values, list):
            self.err(cal, key, path, "must be a list of dates")
            return frozenset()
        found: set[date] = set()
        for index, value in enumerate(values):
            try:
                found.add(value if isinstance(value, date) else date.fromisoformat(str(value)))
            except ValueError:
                self.err(values, index, f"{path}[{index}]", f"{value!r} is not a date YYYY-MM-DD")
        return frozenset(found)

    # -- items --------------------------------------------------------------

    def _sections(self, data: dict[Any, Any]) -> list[Section]:
        nodes = self.seq(self.required(data, "sections", ""), data, "sections", "sections")
        sections: list[Section] = []
        seen_sections: set[str] = set()
        seen_items: set[str] = set()
        for index, node in enumerate(nodes or []):
            path = f"sections[{index}]"
            sec = self.mapping(node, nodes, index, path)
            if sec is None:
                continue
            self.unknown_keys(sec, {"key", "title", "items"}, path)
            key = self.identifier(sec, "key", path, _KEY_RE)
            if key is not None and key in seen_sections:
                self.err(sec, "key", join(path, "key"), f"duplicate section key '{key}'")
            seen_sections.add(key or "")
            title = self.texts(sec, "title", path)
            items = self._items(sec, path, key or "", seen_items)
            sections.append(Section(key or "", title or {}, tuple(items)))
        return sections

    def _items(self, sec: dict[Any, Any], path: str, section: str, seen: set[str]) -> list[Item]:
        nodes = self.seq(self.required(sec, "items", path), sec, "items", join(path, "items"))
        items: list[Item] = []
        for index, node in enumerate(nodes or []):
            item_path = f"{path}.items[{index}]"
            raw = self.mapping(node, nodes, index, item_path)
            if raw is None:
                continue
            item = self._item(raw, item_path, section)
            if item is None:
                continue
            if item.key in seen:
                self.err(raw, "key", join(item_path, "key"), f"duplicate item key '{item.key}'")
            elif item.key in _RESERVED:
                self.err(
                    raw,
                    "key",
                    join(item_path, "key"),
                    f"'{item.key}' is reserved for a derived output",
                )
            seen.add(item.key)
            items.append(item)
        return items

    def _item(self, raw: dict[Any, Any], path: str, section: str) -> Item | None:
        self.unknown_keys(raw, _ITEM_KEYS, path)
        key = self.identifier(raw, "key", path, _KEY_RE)
        kind = self.required(raw, "type", path)
        if kind is not None and kind not in ITEM_TYPES:
            self.err(
                raw,
                "type",
                join(path, "type"),
                f"unknown item type '{kind}' (one of {', '.join(ITEM_TYPES)})",
            )
            kind = None
        required = raw.get("required", False)
        if not isinstance(required, bool):
            self.err(raw, "required", join(path, "required"), "must be true or false")
        label = self.texts(raw, "label", path)
        help_texts = self.texts(raw, "help", path, required=False)
        if key is None or not isinstance(kind, str):
            return None
        minimum, maximum = self._scale_bounds(raw, path) if kind == "scale" else (None, None)
        options = self._options(raw, path, kind, minimum, maximum)
        max_length = (
            self.integer(raw, "max_length", path, minimum=1) if "max_length" in raw else None
        )
        item = Item(
            key=key,
            type=kind,
            label=label or {},
            help=help_texts,
            required=required is True,
            default=_EMPTY_DEFAULTS[kind],
            options=tuple(options),
            minimum=minimum,
            maximum=maximum,
            max_length=max_length,
            section=section,
        )
        return self._with_default(raw, path, item)

    def _scale_bounds(self, raw: dict[Any, Any], path: str) -> tuple[int | None, int | None]:
        low = self.integer(raw, "min", path, minimum=-1000) if "min" in raw else None
        high = self.integer(raw, "max", path, minimum=-1000) if "max" in raw else None
        if low is None or high is None or low >= high:
            self.err(raw, "min", path, "a scale needs whole numbers min < max")
            return None, None
        return low, high

    def _options(
        self, raw: dict[Any, Any], path: str, kind: str, low: int | None, high: int | None
    ) -> list[Option]:
        if kind not in ("scale", "choice", "multi"):
            if "options" in raw:
                self.err(raw, "options", join(path, "options"), f"a {kind} item has no options")
            return []
        nodes = self.seq(self.required(raw, "options", path), raw, "options", join(path, "options"))
        options: list[Option] = []
        for index, node in enumerate(nodes or []):
            opt_path = f"{path}.options[{index}]"
            opt = self.mapping(node, nodes, index, opt_path)
            if opt is None:
                continue
            self.unknown_keys(opt, {"value", "label"}, opt_path)
            value = self.required(opt, "value", opt_path)
            label = self.texts(opt, "label", opt_path)
            if value is None:
                continue
            if kind == "scale":
                if (
                    isinstance(value, bool)
                    or not isinstance(value, int)
                    or low is None
                    or high is None
                    or not low <= value <= high
                ):
                    self.err(
                        opt,
                        "value",
                        join(opt_path, "value"),
                        f"wrong option value {value!r}: must be a whole number in {low}–{high}",
                    )
                    continue
            elif not isinstance(value, str) or not _KEY_RE.match(value):
                self.err(
                    opt,
                    "value",
                    join(opt_path, "value"),
                    f"wrong option value {value!r}: must be a key like 'some_value'",
                )
                continue
            if any(o.value == value for o in options):
                self.err(opt, "value", join(opt_path, "value"), f"duplicate option value {value!r}")
                continue
            options.append(Option(value, label or {}))
        if kind == "scale" and low is not None and high is not None and nodes is not None:
            missing = [v for v in range(low, high + 1) if v not in {o.value for o in options}]
            if missing:
                self.err(
                    raw,
                    "options",
                    join(path, "options"),
                    f"scale values without a label: {missing}",
                )
        elif not options and nodes is not None:
            self.err(raw, "options", join(path, "options"), "needs at least one option")
        return options

    def _with_default(self, raw: dict[Any, Any], path: str, item: Item) -> Item:
        if "default" not in raw or raw["default"] is None:
            return item
        try:
            value = build_normaliser(item)(raw["default"])
        except AnswerError as exc:
            self.err(raw, "default", join(path, "default"), f"invalid default: {exc.message}")
            return item
        return Item(**{**item.__dict__, "default": value})

    # -- outputs ------------------------------------------------------------

    def _outputs(
        self, data: dict[Any, Any]
    ) -> tuple[tuple[OutputValue, ...], tuple[OutputValue, ...]]:
        node = self.mapping(self.required(data, "outputs", ""), data, "outputs", "outputs")
        if node is None:
            return (), ()
        self.unknown_keys(node, {"segment", "personal_worker"}, "outputs")
        segments = self._output_values(node, "segment", None)
        professionals = self._output_values(node, "personal_worker", PROFESSIONALS)
        return segments, professionals

    def _output_values(
        self, node: dict[Any, Any], name: str, fixed: tuple[str, ...] | None
    ) -> tuple[OutputValue, ...]:
        path = f"outputs.{name}"
        nodes = self.seq(self.required(node, name, "outputs"), node, name, path)
        values: list[OutputValue] = []
        for index, raw in enumerate(nodes or []):
            val_path = f"{path}[{index}]"
            entry = self.mapping(raw, nodes, index, val_path)
            if entry is None:
                continue
            self.unknown_keys(entry, {"value", "label", "description"}, val_path)
            value = self.identifier(entry, "value", val_path, _KEY_RE)
            label = self.texts(entry, "label", val_path)
            description = self.texts(entry, "description", val_path, required=False)
            if value is None:
                continue
            if fixed is not None and value not in fixed:
                self.err(
                    entry,
                    "value",
                    join(val_path, "value"),
                    f"wrong value '{value}': must be one of {', '.join(fixed)}",
                )
            elif any(v.value == value for v in values):
                self.err(entry, "value", join(val_path, "value"), f"duplicate value '{value}'")
            else:
                values.append(OutputValue(value, label or {}, description))
        if nodes is not None and not values:
            self.err(node, name, path, "needs at least one value")
        return tuple(values)

    # -- rule tables --------------------------------------------------------

    def _symbols(self, items: Mapping[str, Item]) -> dict[str, ex.Symbol]:
        kinds = {
            "bool": ex.BOOL,
            "scale": ex.NUMBER,
            "choice": ex.STR,
            "multi": ex.LIST,
            "text": ex.STR,
            "date": ex.DATE,
        }
        return {
            key: ex.Symbol(
                kinds[item.type], frozenset(item.option_values) if item.options else None
            )
            for key, item in items.items()
        }

    def _output_symbols(
        self, segments: tuple[OutputValue, ...], professionals: tuple[OutputValue, ...]
    ) -> dict[str, ex.Symbol]:
        return {
            "special_support": ex.Symbol(ex.BOOL),
            "segment": ex.Symbol(ex.STR, frozenset(v.value for v in segments)),
            "personal_worker": ex.Symbol(ex.STR, frozenset(v.value for v in professionals)),
            "pair_required": ex.Symbol(ex.BOOL),
        }

    def _rule_tables(
        self,
        data: dict[Any, Any],
        items: Mapping[str, Item],
        segments: tuple[OutputValue, ...],
        professionals: tuple[OutputValue, ...],
    ) -> tuple[Table, ...]:
        node = self.mapping(self.required(data, "rules", ""), data, "rules", "rules")
        if node is None:
            return ()
        self.unknown_keys(node, set(OUTPUTS), "rules")
        answers, outputs = self._symbols(items), self._output_symbols(segments, professionals)
        tables: list[Table] = []
        for position, output in enumerate(OUTPUTS):
            if output not in node:
                self.err(node, None, "rules", f"missing rule table '{output}'")
                continue
            scope = ex.Scope(
                answers,
                {name: outputs[name] for name in OUTPUTS[:position]},
                frozenset(OUTPUTS[position:]),
            )
            allowed = outputs[output].allowed
            rows = self._rows(node[output], node, output, f"rules.{output}", scope, output, allowed)
            tables.append(Table(output, rows))
        return tuple(tables)

    def _deadline_tables(
        self,
        data: dict[Any, Any],
        items: Mapping[str, Item],
        segments: tuple[OutputValue, ...],
        professionals: tuple[OutputValue, ...],
    ) -> tuple[Table, ...]:
        node = data.get("deadlines")
        if node is None:
            return ()
        tables_node = self.mapping(node, data, "deadlines", "deadlines")
        if tables_node is None:
            return ()
        scope = ex.Scope(self._symbols(items), self._output_symbols(segments, professionals))
        tables: list[Table] = []
        for name, raw in tables_node.items():
            path = f"deadlines.{name}"
            if not isinstance(name, str) or not _KEY_RE.match(name):
                self.err(tables_node, name, path, f"'{name}' is not a valid deadline key")
                continue
            table = self.mapping(raw, tables_node, name, path)
            if table is None:
                continue
            self.unknown_keys(table, {"label", "rows"}, path)
            label = self.texts(table, "label", path)
            rows = self._rows(
                self.required(table, "rows", path),
                table,
                "rows",
                f"{path}.rows",
                scope,
                f"deadlines.{name}",
                None,
                items,
            )
            tables.append(Table(f"deadlines.{name}", rows, label))
        return tuple(tables)

    def _rows(
        self,
        node: object,
        parent: object,
        key: object,
        path: str,
        scope: ex.Scope,
        output: str,
        allowed: frozenset[object] | None,
        date_items: Mapping[str, Item] | None = None,
    ) -> tuple[Row, ...]:
        nodes = self.seq(node, parent, key, path)
        if nodes is None:
            return ()
        rows: list[Row] = []
        for index, raw in enumerate(nodes):
            row_path = f"{path}[{index}]"
            entry = self.mapping(raw, nodes, index, row_path)
            if entry is None:
                continue
            row = self._row(entry, row_path, scope, output, allowed, date_items)
            if row is not None:
                rows.append(row)
        defaults = [
            i for i, r in enumerate(nodes) if isinstance(r, dict) and r.get("default") is True
        ]
        if not defaults:
            self.err(parent, key, path, "needs a final default row ('default: true')")
        elif defaults != [len(nodes) - 1]:
            self.err(
                nodes,
                defaults[0],
                f"{path}[{defaults[0]}]",
                "the default row must be the only one and the last",
            )
        return tuple(rows)

    def _row(
        self,
        entry: dict[Any, Any],
        path: str,
        scope: ex.Scope,
        output: str,
        allowed: frozenset[object] | None,
        date_items: Mapping[str, Item] | None,
    ) -> Row | None:
        self.unknown_keys(entry, _ROW_KEYS, path)
        rule_id = self.required(entry, "id", path)
        if rule_id is not None and (not isinstance(rule_id, str) or not rule_id.strip()):
            self.err(entry, "id", join(path, "id"), "rule id must be a non-empty string")
            rule_id = None
        elif isinstance(rule_id, str):
            if rule_id in self.rule_ids:
                self.err(entry, "id", join(path, "id"), f"duplicate rule id '{rule_id}'")
            self.rule_ids.add(rule_id)
        is_default = entry.get("default") is True
        if "default" in entry and not isinstance(entry["default"], bool):
            self.err(entry, "default", join(path, "default"), "must be true or false")
        compiler = ex.Compiler(scope, self.p)
        predicate = self._predicate(entry, path, compiler, is_default)
        value = self._row_value(entry, path, output, allowed, date_items, compiler)
        self._show(entry, path, compiler)
        explanation = self.texts(entry, "explanation", path)
        legal_basis = self.texts(entry, "legal_basis", path)
        if (
            not isinstance(rule_id, str)
            or predicate is None
            or explanation is None
            or legal_basis is None
        ):
            return None
        return Row(
            rule_id,
            output,
            predicate,
            value,
            explanation,
            legal_basis,
            tuple(compiler.refs),
            is_default,
            entry.get("when"),
        )

    def _predicate(
        self, entry: dict[Any, Any], path: str, compiler: ex.Compiler, is_default: bool
    ) -> ex.Fn | None:
        if is_default:
            if "when" in entry:
                self.err(entry, "when", join(path, "when"), "a default row has no 'when'")
            return _always
        if "when" not in entry:
            self.err(entry, None, path, "missing 'when' (or 'default: true')")
            return None
        return compiler.condition(entry["when"], entry, "when", join(path, "when"))

    def _row_value(
        self,
        entry: dict[Any, Any],
        path: str,
        output: str,
        allowed: frozenset[object] | None,
        date_items: Mapping[str, Item] | None,
        compiler: ex.Compiler,
    ) -> object:
        if date_items is not None:
            return self._deadline(entry, path, date_items, compiler)
        if "value" not in entry:
            self.err(entry, None, path, "missing required field 'value'")
            return None
        value = entry["value"]
        if allowed is None:
            if not isinstance(value, bool):
                self.err(
                    entry,
                    "value",
                    join(path, "value"),
                    f"wrong value {value!r}: '{output}' is true or false",
                )
        elif not isinstance(value, str) or value not in allowed:
            options = ", ".join(sorted(str(v) for v in allowed))
            self.err(
                entry,
                "value",
                join(path, "value"),
                f"wrong value {value!r} for '{output}' (one of {options})",
            )
        return value

    def _deadline(
        self, entry: dict[Any, Any], path: str, items: Mapping[str, Item], compiler: ex.Compiler
    ) -> DeadlineSpec | None:
        if "deadline" not in entry:
            self.err(entry, None, path, "missing 'deadline' (a mapping, or null for no deadline)")
            return None
        node = entry["deadline"]
        if node is None:
            return None
        where = join(path, "deadline")
        spec = self.mapping(node, entry, "deadline", where)
        if spec is None:
            return None
        self.unknown_keys(spec, {"from", *_DEADLINE_UNITS}, where)
        start = spec.get("from", "today")
        if start != "today" and (start not in items or items[start].type != "date"):
            self.err(
                spec, "from", join(where, "from"), f"'{start}' is not a date item (or 'today')"
            )
        elif start != "today" and start not in compiler.refs:
            compiler.refs.append(start)
        units = [u for u in _DEADLINE_UNITS if u in spec]
        if len(units) != 1:
            self.err(spec, None, where, f"needs exactly one of {', '.join(_DEADLINE_UNITS)}")
            return None
        amount = self.integer(spec, units[0], where)
        return DeadlineSpec(str(start), units[0], amount or 0)

    def _show(self, entry: dict[Any, Any], path: str, compiler: ex.Compiler) -> None:
        """``show`` lists extra names to display in an explanation's inputs."""
        names = entry.get("show", [])
        if not isinstance(names, list):
            self.err(entry, "show", join(path, "show"), "must be a list of answer keys or outputs")
            return
        scope = compiler.scope
        for index, name in enumerate(names):
            if not isinstance(name, str) or (
                name not in scope.answers and name not in scope.variables
            ):
                self.err(
                    names, index, f"{path}.show[{index}]", f"unknown answer key or output {name!r}"
                )
            elif name not in compiler.refs:
                compiler.refs.append(name)


def _always(env: object) -> bool:
    return True


_EMPTY_DEFAULTS: dict[str, object] = {
    "bool": False,
    "scale": None,
    "choice": None,
    "multi": (),
    "text": "",
    "date": None,
}
