"""A survey definition as plain values: read from XLSForm (with pyxform) or YAML, written
back to XLSForm. Pure apart from reading the file; no ORM.

Stable keys: a survey's `key`, its version number and each question's `name` never
change meaning, so pilots can point evaluation questions at them.
"""

from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .expressions import ExpressionError, parse, references

LANGUAGES = ("fi", "sv", "en")
QUESTION_TYPES = (
    "text",
    "integer",
    "decimal",
    "date",
    "select_one",
    "select_multiple",
    "note",
    "range",
)
# XLSForm spellings pyxform accepts for the types we support.
_TYPE_ALIASES = {
    "text": "text",
    "string": "text",
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "note": "note",
    "range": "range",
    "select_one": "select_one",
    "select one": "select_one",
    "select1": "select_one",
    "select_multiple": "select_multiple",
    "select all that apply": "select_multiple",
    "select multiple": "select_multiple",
}
_STRUCTURE = {"begin_group", "begin group", "end_group", "end group", ""}
# Metadata types (every spelling pyxform knows): a phone's clock, device, SIM, user name,
# e-mail, location or audio. Accepted so that forms made for ODK/KoboToolbox load, but never
# collected: they would identify the respondent or the moment of answering (docs/surveys.md).
METADATA_TYPES = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "device id",
        "get device id",
        "uri:deviceid",
        "imei",
        "subscriberid",
        "subscriber id",
        "get subscriber id",
        "uri:subscriberid",
        "simserial",
        "sim id",
        "get sim id",
        "uri:simserial",
        "phonenumber",
        "get phone number",
        "uri:phonenumber",
        "username",
        "uri:username",
        "email",
        "uri:email",
        "audit",
        "start time",
        "get start time",
        "end time",
        "get end time",
        "get today",
        "start-geopoint",
        "background-audio",
        "background-geopoint",
    }
)
# Columns that would change what a respondent sees or what is stored if silently dropped.
_UNSUPPORTED_COLUMNS = ("choice_filter", "calculation", "repeat_count", "trigger")

_LANGUAGE_NAMES = {
    "fi": "fi",
    "fin": "fi",
    "suomi": "fi",
    "finnish": "fi",
    "finska": "fi",
    "sv": "sv",
    "swe": "sv",
    "svenska": "sv",
    "swedish": "sv",
    "ruotsi": "sv",
    "en": "en",
    "eng": "en",
    "english": "en",
    "englanti": "en",
    "engelska": "en",
    "default": "fi",
}
XLSFORM_LANGUAGE = {"fi": "Suomi (fi)", "sv": "Svenska (sv)", "en": "English (en)"}


class DefinitionError(ValueError):
    """A definition that cannot be used; `errors` name each row or question and what is wrong."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def language_code(spelling: str) -> str | None:
    """fi/sv/en from any XLSForm spelling: `Suomi (fi)`, `Finnish`, `sv`, `English (en)`…"""
    text = spelling.strip()
    code = re.search(r"\(([A-Za-z]{2,3})(?:-[A-Za-z]+)?\)\s*$", text)
    if code:
        return _LANGUAGE_NAMES.get(code.group(1).lower())
    return _LANGUAGE_NAMES.get(text.lower().split("-")[0])


Texts = dict[str, str]


def _texts(value: Any, default: str = "fi") -> Texts:
    """Labels per language from a plain string or a dict keyed by any spelling."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {default: value}
    if isinstance(value, dict):
        out: Texts = {}
        for spelling, text in value.items():
            code = language_code(str(spelling))
            if code and text not in (None, ""):
                out.setdefault(code, str(text))
        return out
    return {default: str(value)}


@dataclass(frozen=True)
class Choice:
    name: str
    label: Texts


@dataclass(frozen=True)
class Question:
    name: str
    type: str
    label: Texts
    hint: Texts = field(default_factory=dict)
    list_name: str = ""
    choices: tuple[Choice, ...] = ()
    or_other: bool = False
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_message: Texts = field(default_factory=dict)
    appearance: str = ""
    start: float | None = None
    end: float | None = None
    step: float | None = None
    group: str = ""

    @property
    def answers(self) -> bool:
        return self.type != "note"

    @property
    def is_choice(self) -> bool:
        return self.type in ("select_one", "select_multiple")

    @property
    def is_ordinal(self) -> bool:
        """Answers that can be ranked: numbers, ranges and scales whose codes are numbers."""
        if self.type in ("integer", "decimal", "range"):
            return True
        return self.type == "select_one" and all(_is_number(c.name) for c in self.choices)

    @property
    def is_open(self) -> bool:
        return self.type == "text"

    def choice_label(self, name: str, language: str) -> str:
        for choice in self.choices:
            if choice.name == name:
                return pick(choice.label, language)
        return name


@dataclass(frozen=True)
class Group:
    name: str
    label: Texts
    matrix: bool = False
    relevant: str = ""


@dataclass(frozen=True)
class Definition:
    key: str
    title: Texts
    anonymous: bool
    questions: tuple[Question, ...]
    groups: tuple[Group, ...] = ()
    description: Texts = field(default_factory=dict)

    def question(self, name: str) -> Question:
        for question in self.questions:
            if question.name == name:
                return question
        raise KeyError(name)

    @property
    def answered(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.answers)

    def group(self, name: str) -> Group | None:
        return next((g for g in self.groups if g.name == name), None)

    def pages(self) -> list[tuple[Group | None, list[Question]]]:
        """Each top-level group is a page; consecutive ungrouped questions share one."""
        pages: list[tuple[Group | None, list[Question]]] = []
        for question in self.questions:
            group = self.group(question.group) if question.group else None
            if pages and pages[-1][0] == group:
                pages[-1][1].append(question)
            else:
                pages.append((group, [question]))
        return pages


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def pick(texts: Texts, language: str) -> str:
    return texts.get(language) or texts.get("fi") or next(iter(texts.values()), "")


# ---- plain dict (what the database stores) ------------------------------------------------


def to_dict(definition: Definition) -> dict[str, Any]:
    return {
        "key": definition.key,
        "title": definition.title,
        "description": definition.description,
        "anonymous": definition.anonymous,
        "groups": [g.__dict__ for g in definition.groups],
        "questions": [
            {
                **{k: v for k, v in q.__dict__.items() if k != "choices"},
                "choices": [c.__dict__ for c in q.choices],
            }
            for q in definition.questions
        ],
    }


def from_dict(data: dict[str, Any]) -> Definition:
    return Definition(
        key=data["key"],
        title=data.get("title", {}),
        description=data.get("description", {}),
        anonymous=bool(data.get("anonymous", True)),
        groups=tuple(Group(**g) for g in data.get("groups", [])),
        questions=tuple(
            Question(
                **{k: v for k, v in q.items() if k != "choices"},
                choices=tuple(Choice(**c) for c in q.get("choices", [])),
            )
            for q in data["questions"]
        ),
    )


# ---- checks shared by both readers ----------------------------------------------------


def _check(definition: Definition, rows: dict[str, int]) -> None:
    errors: list[str] = []
    names = [q.name for q in definition.questions]
    seen: set[str] = set()
    for question in definition.questions:
        where = f"row {rows[question.name]}" if question.name in rows else question.name
        if question.name in seen:
            errors.append(f"{where}: the name {question.name!r} is used twice")
        seen.add(question.name)
        if not question.label:
            errors.append(f"{where}: {question.name!r} has no label")
        if question.is_choice and not question.choices:
            errors.append(f"{where}: {question.name!r} has no choices")
        for attribute in ("relevant", "constraint"):
            text = getattr(question, attribute)
            if not text:
                continue
            try:
                unknown = references(parse(text)) - set(names)
            except ExpressionError as error:
                errors.append(f"{where}: {attribute} {text!r} is not supported ({error})")
                continue
            if unknown:
                listed = ", ".join(sorted(unknown))
                errors.append(f"{where}: {attribute} refers to unknown question(s) {listed}")
    if not definition.answered:
        errors.append("the survey has no questions to answer")
    if errors:
        raise DefinitionError(errors)


# ---- XLSForm -------------------------------------------------------------------------------


def _base_type(text: str) -> tuple[str, str, bool]:
    """(base type, list name, or_other) from an XLSForm type cell."""
    parts = text.strip().split()
    if not parts:
        return "", "", False
    or_other = parts[-1] == "or_other"
    if or_other:
        parts = parts[:-1]
    for spelling in sorted(_TYPE_ALIASES, key=len, reverse=True):
        words = spelling.split()
        if [p.lower() for p in parts[: len(words)]] == words:
            rest = parts[len(words) :]
            return _TYPE_ALIASES[spelling], (rest[0] if rest else ""), or_other
    return parts[0].lower(), "", or_other


def _sheets(content: bytes, filename: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's rows by lower-case name: .xlsx with openpyxl, .xls with xlrd (both are
    pyxform's own readers)."""
    if filename.lower().endswith(".xls"):
        import xlrd

        try:
            book = xlrd.open_workbook(file_contents=content)
        except Exception as error:  # xlrd raises its own and plain errors on broken files
            raise DefinitionError(
                [f"the file cannot be read as an XLSForm workbook ({error})"]
            ) from None
        return {
            sheet.name.strip().lower(): [
                tuple(_xls_cell(v) for v in sheet.row_values(i)) for i in range(sheet.nrows)
            ]
            for sheet in book.sheets()
        }
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zip, XML and key errors on broken files
        raise DefinitionError(
            [f"the file cannot be read as an XLSForm workbook ({error})"]
        ) from None
    sheets = {
        name.strip().lower(): list(workbook[name].iter_rows(values_only=True))
        for name in workbook.sheetnames
    }
    workbook.close()
    return sheets


def _xls_cell(value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _raw_survey_rows(
    content: bytes, filename: str = "form.xlsx"
) -> tuple[list[tuple[int, str, str]], dict[str, str], list[str], dict[str, list[str]]]:
    """(row number, type, name) of every survey row, the settings row, the problems found in
    columns we do not support, and each choice list's names as written."""
    sheets = _sheets(content, filename)
    if "survey" not in sheets:
        raise DefinitionError(["the workbook has no 'survey' sheet"])
    rows = sheets["survey"]
    header = [str(c or "").strip().lower() for c in rows[0]] if rows else []
    if "type" not in header:
        raise DefinitionError(["the 'survey' sheet has no 'type' column"])
    type_at = header.index("type")
    name_at = header.index("name") if "name" in header else None
    refused = [
        (at, column)
        for at, column in enumerate(header)
        if column in _UNSUPPORTED_COLUMNS or column.startswith("bind:calculate")
    ]
    found = []
    problems = []
    for number, row in enumerate(rows[1:], start=2):
        kind = str(row[type_at] or "").strip() if type_at < len(row) else ""
        name = str(row[name_at] or "").strip() if name_at is not None and name_at < len(row) else ""
        if kind:
            found.append((number, kind, name))
        for at, column in refused:
            if at < len(row) and str(row[at] or "").strip():
                problems.append(f"row {number}: the column {column!r} is not supported")
    settings: dict[str, str] = {}
    srows = sheets.get("settings", [])
    if len(srows) >= 2:
        settings = {
            str(k).strip(): str(v).strip()
            for k, v in zip(srows[0], srows[1], strict=False)
            if k is not None and v is not None
        }
    lists: dict[str, list[str]] = {}
    crows = sheets.get("choices", [])
    if crows:
        cheader = [str(c or "").strip().lower() for c in crows[0]]
        list_at = next((cheader.index(h) for h in ("list_name", "list name") if h in cheader), None)
        cname_at = cheader.index("name") if "name" in cheader else None
        if list_at is not None and cname_at is not None:
            for row in crows[1:]:
                if max(list_at, cname_at) < len(row) and row[list_at] not in (None, ""):
                    lists.setdefault(str(row[list_at]).strip(), []).append(
                        str(row[cname_at]).strip()
                    )
    return found, settings, problems, lists


def read_xlsform(content: bytes, key: str | None = None, filename: str = "form.xlsx") -> Definition:
    """Read an XLSForm workbook with pyxform and map it to a Definition.

    Unsupported question types are refused with their row and type named.
    """
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import parse_file_to_json

    raw_rows, settings, errors, lists = _raw_survey_rows(content, filename)
    for number, kind, _name in raw_rows:
        base, _list, _other = _base_type(kind)
        if (
            base in _TYPE_ALIASES.values()
            or kind.lower() in _STRUCTURE
            or kind.lower() in METADATA_TYPES
        ):
            continue
        errors.append(f"row {number}: type {kind!r} is not supported")
    if errors:
        raise DefinitionError(errors)
    rows = {name: number for number, _kind, name in raw_rows if name}
    suffix = ".xls" if filename.lower().endswith(".xls") else ".xlsx"
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"form{suffix}"
            path.write_bytes(content)
            data = parse_file_to_json(str(path), warnings=[])
    except PyXFormError as error:
        raise DefinitionError([str(error).strip()]) from None
    except Exception as error:  # pyxform raises plain errors on some broken files
        raise DefinitionError([f"the file cannot be read as an XLSForm ({error})"]) from None
    default = language_code(str(data.get("default_language") or "default")) or "fi"
    questions: list[Question] = []
    groups: list[Group] = []
    _walk(data.get("children", []), "", questions, groups, default, lists)
    survey_key = key or str(data.get("id_string") or settings.get("form_id") or data.get("name"))
    definition = Definition(
        key=survey_key,
        title=_texts(data.get("title"), default) or {"fi": survey_key},
        anonymous=settings.get("anonymous", "yes").strip().lower() not in ("no", "false", "0"),
        questions=tuple(questions),
        groups=tuple(groups),
    )
    _check(definition, rows)
    return definition


_GENERATED = re.compile(
    r"^(generated_table_list_label_\d+|reserved_name_for_field_list_labels_\d+)$"
)


def _walk(
    children: list[dict[str, Any]],
    group: str,
    questions: list[Question],
    groups: list[Group],
    default: str,
    lists: dict[str, list[str]],
) -> None:
    others = {c["name"][: -len("_other")] for c in children if c.get("name", "").endswith("_other")}
    for child in children:
        kind = child.get("type", "")
        name = child.get("name", "")
        if kind == "group":
            if (child.get("control") or {}).get("bodyless") or name == "meta":
                continue
            inner = child.get("children", [])
            matrix = any(_GENERATED.match(c.get("name", "")) for c in inner)
            label = child.get("label")
            if matrix and label is None:
                label = next(
                    (c.get("label") for c in inner if c.get("name", "").startswith("generated_")),
                    None,
                )
            bind = child.get("bind") or {}
            groups.append(
                Group(
                    name=name,
                    label=_texts(label, default),
                    matrix=matrix,
                    relevant=str(bind.get("relevant", "")),
                )
            )
            # Nested groups are flattened into their top-level group (one page).
            _walk(inner, group or name, questions, groups, default, lists)
            continue
        bind = child.get("bind") or {}
        if _GENERATED.match(name) or kind in METADATA_TYPES or "jr:preload" in bind:
            continue  # metadata: accepted, never collected
        if name.endswith("_other") and name[: -len("_other")] in {q.name for q in questions}:
            continue  # the text box pyxform adds for `or_other` is part of its question
        base, _list, _other = _base_type(kind)
        parameters = child.get("parameters") or {}
        list_name = str(child.get("list_name") or child.get("itemset") or "")
        # pyxform adds `other` to a list an `or_other` question uses, also where another
        # question shares the list; keep the choices the sheet has.
        written = lists.get(list_name)
        choices = tuple(
            Choice(str(c["name"]), _texts(c.get("label"), default))
            for c in child.get("choices", [])
            if not (name in others and c["name"] == "other")
            and (written is None or str(c["name"]) in written)
        )
        questions.append(
            Question(
                name=name,
                type=base,
                label=_texts(child.get("label"), default),
                hint=_texts(child.get("hint"), default),
                list_name=list_name,
                choices=choices,
                or_other=name in others,
                required=str(bind.get("required", "")).lower() in ("yes", "true", "true()"),
                relevant=str(bind.get("relevant", "")),
                constraint=str(bind.get("constraint", "")),
                constraint_message=_texts(bind.get("jr:constraintMsg"), default),
                appearance=str((child.get("control") or {}).get("appearance", ""))
                if (child.get("control") or {}).get("appearance") not in ("list-nolabel",)
                else "",
                start=_float(parameters.get("start")),
                end=_float(parameters.get("end")),
                step=_float(parameters.get("step")),
                group=group,
            )
        )


def _float(value: Any) -> float | None:
    if value in (None, ""):
        return None
    return float(value)


def write_xlsform(definition: Definition) -> bytes:
    """The definition as an XLSForm workbook that `read_xlsform` (and pyxform) reads back."""
    import openpyxl

    workbook = openpyxl.Workbook()
    survey = workbook.active
    survey.title = "survey"
    langs = [code for code in LANGUAGES]
    header = ["type", "name"]
    header += [f"label::{XLSFORM_LANGUAGE[c]}" for c in langs]
    header += [f"hint::{XLSFORM_LANGUAGE[c]}" for c in langs]
    header += ["required", "relevant", "constraint"]
    header += [f"constraint_message::{XLSFORM_LANGUAGE[c]}" for c in langs]
    header += ["appearance", "parameters"]
    survey.append(header)

    def texts(values: Texts) -> list[str]:
        return [values.get(c, "") for c in langs]

    current = ""
    for question in definition.questions:
        if question.group != current:
            if current:
                survey.append(["end_group"])
            if question.group:
                group = definition.group(question.group)
                assert group is not None
                survey.append(
                    ["begin_group", group.name, *texts(group.label), *texts({}), "", group.relevant]
                    + [""] * (1 + len(langs))
                    + ["table-list" if group.matrix else "field-list", ""]
                )
            current = question.group
        kind = question.type
        if question.is_choice:
            kind = f"{kind} {question.list_name or question.name}"
            if question.or_other:
                kind += " or_other"
        parameters = ""
        if question.type == "range":
            parameters = " ".join(
                f"{k}={_plain(v)}"
                for k, v in (
                    ("start", question.start),
                    ("end", question.end),
                    ("step", question.step),
                )
                if v is not None
            )
        survey.append(
            [
                kind,
                question.name,
                *texts(question.label),
                *texts(question.hint),
                "yes" if question.required else "",
                question.relevant,
                question.constraint,
                *texts(question.constraint_message),
                question.appearance,
                parameters,
            ]
        )
    if current:
        survey.append(["end_group"])
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", *[f"label::{XLSFORM_LANGUAGE[c]}" for c in langs]])
    written: set[str] = set()
    for question in definition.questions:
        list_name = question.list_name or question.name
        if not question.is_choice or list_name in written:
            continue
        written.add(list_name)
        for choice in question.choices:
            choices.append([list_name, choice.name, *texts(choice.label)])
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "default_language", "anonymous"])
    # form_title has one language: the title's own (Finnish when it has one).
    title_language = "fi" if "fi" in definition.title else next(iter(definition.title), "fi")
    settings.append(
        [
            pick(definition.title, title_language),
            definition.key,
            XLSFORM_LANGUAGE[title_language],
            "yes" if definition.anonymous else "no",
        ]
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# ---- YAML ---------------------------------------------------------------------------------


def read_yaml(text: str, key: str | None = None) -> Definition:
    """The YAML form: the same types and columns as XLSForm, questions nested in groups."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise DefinitionError(
            [f"{where}not valid YAML ({getattr(error, 'problem', error)})"]
        ) from None
    if not isinstance(data, dict) or "questions" not in data:
        raise DefinitionError(["the file needs 'key', 'title' and 'questions'"])
    lists = {
        str(name): tuple(Choice(str(c["name"]), _texts(c.get("label"))) for c in items)
        for name, items in (data.get("choices") or {}).items()
    }
    questions: list[Question] = []
    groups: list[Group] = []
    errors: list[str] = []
    for item in data["questions"]:
        if str(item.get("type", "")).strip() == "group":
            groups.append(
                Group(
                    name=str(item["name"]),
                    label=_texts(item.get("label")),
                    matrix=bool(item.get("matrix", False)),
                    relevant=str(item.get("relevant", "")),
                )
            )
            for inner in item.get("questions", []):
                _yaml_question(inner, str(item["name"]), lists, questions, errors)
        else:
            _yaml_question(item, "", lists, questions, errors)
    if errors:
        raise DefinitionError(errors)
    definition = Definition(
        key=key or str(data.get("key", "")),
        title=_texts(data.get("title")),
        description=_texts(data.get("description")),
        anonymous=bool(data.get("anonymous", True)),
        questions=tuple(questions),
        groups=tuple(groups),
    )
    if not definition.key:
        raise DefinitionError(["the survey has no key"])
    _check(definition, {})
    return definition


def _yaml_question(
    item: dict[str, Any],
    group: str,
    lists: dict[str, tuple[Choice, ...]],
    questions: list[Question],
    errors: list[str],
) -> None:
    name = str(item.get("name", ""))
    kind = str(item.get("type", ""))
    base, list_name, or_other = _base_type(kind)
    if base not in QUESTION_TYPES:
        errors.append(f"{name or '?'}: type {kind!r} is not supported")
        return
    if base in ("select_one", "select_multiple") and list_name not in lists:
        errors.append(f"{name}: no choice list {list_name!r}")
        return
    questions.append(
        Question(
            name=name,
            type=base,
            label=_texts(item.get("label")),
            hint=_texts(item.get("hint")),
            list_name=list_name,
            choices=lists.get(list_name, ()),
            or_other=or_other,
            required=bool(item.get("required", False)),
            relevant=str(item.get("relevant", "")),
            constraint=str(item.get("constraint", "")),
            constraint_message=_texts(item.get("constraint_message")),
            appearance=str(item.get("appearance", "")),
            start=_float(item.get("start")),
            end=_float(item.get("end")),
            step=_float(item.get("step")),
            group=group,
        )
    )


def read_file(content: bytes, filename: str, key: str | None = None) -> Definition:
    """XLSForm (.xlsx/.xls) or YAML (.yaml/.yml), by the file's name."""
    lowered = filename.lower()
    if lowered.endswith((".xlsx", ".xls")):
        return read_xlsform(content, key, filename)
    if lowered.endswith((".yaml", ".yml")):
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            raise DefinitionError(["the file is not UTF-8 text"]) from None
        return read_yaml(text, key)
    raise DefinitionError([f"{filename}: give an XLSForm (.xlsx) or a YAML file (.yaml)"])
