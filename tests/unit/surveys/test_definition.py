"""Survey definitions: XLSForm through pyxform, YAML, the round trip and refusals."""

from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tyonjako.surveys.definition import (
    DefinitionError,
    language_code,
    read_file,
    read_xlsform,
    write_xlsform,
)
from tyonjako.surveys.expressions import ExpressionError, holds, parse
from tyonjako.surveys.rules import clean_page

LIBRARY = Path(__file__).parents[3] / "tyonjako" / "surveys" / "library"


def _xlsform(rows: list[list[str]], header: list[str] | None = None) -> bytes:
    import io

    workbook = openpyxl.Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(header or ["type", "name", "label::Finnish (fi)", "label::Svenska (sv)"])
    for row in rows:
        survey.append(row)
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", "label::Finnish (fi)", "label::Svenska (sv)"])
    choices.append(["yn", "1", "Kyllä", "Ja"])
    choices.append(["yn", "0", "Ei", "Nej"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Suomi (fi)", "fi"),
        ("Finnish (fi)", "fi"),
        ("suomi", "fi"),
        ("Svenska (sv)", "sv"),
        ("Swedish", "sv"),
        ("sv-FI", "sv"),
        ("English (en)", "en"),
        ("default", "fi"),
        ("Deutsch (de)", None),
    ],
)
def test_every_xlsform_spelling_of_a_language_is_understood(spelling: str, code: str) -> None:
    assert language_code(spelling) == code


def test_an_xlsform_with_groups_matrix_and_logic_loads_with_every_question() -> None:
    content = _xlsform(
        [
            ["begin_group", "scale", "Väitteet", "Påståenden", "table-list"],
            ["select_one yn", "a", "A", "A sv", ""],
            ["select_one yn", "b", "B", "B sv", ""],
            ["end_group", "", "", "", ""],
            ["select_multiple yn or_other", "m", "M", "M sv", ""],
            ["integer", "n", "N", "N sv", ""],
            ["note", "info", "Huom", "Obs", ""],
        ],
        ["type", "name", "label::Finnish (fi)", "label::Svenska (sv)", "appearance"],
    )
    definition = read_xlsform(content, key="test")
    assert [q.name for q in definition.questions] == ["a", "b", "m", "n", "info"]
    assert definition.groups[0].matrix
    assert definition.question("a").label == {"fi": "A", "sv": "A sv"}
    assert definition.question("m").or_other


def test_an_unsupported_type_is_refused_naming_row_and_type() -> None:
    content = _xlsform([["text", "t", "T", "T"], ["geopoint", "where", "Missä", "Var"]])
    with pytest.raises(DefinitionError) as error:
        read_xlsform(content)
    assert "row 3" in str(error.value) and "geopoint" in str(error.value)


def test_a_relevant_on_an_unknown_question_is_refused() -> None:
    content = _xlsform(
        [["text", "t", "T", "T", "${nowhere} = '1'"]],
        ["type", "name", "label::Finnish (fi)", "label::Svenska (sv)", "relevant"],
    )
    with pytest.raises(DefinitionError, match="nowhere"):
        read_xlsform(content)


def test_a_broken_file_is_refused_with_a_message() -> None:
    with pytest.raises(DefinitionError):
        read_file(b"not a workbook", "form.xlsx")
    with pytest.raises(DefinitionError, match="line"):
        read_file(b"key: x\nquestions: [\n", "form.yaml")


@pytest.mark.parametrize("name", ["monthly-self-assessment", "october-staff-survey"])
def test_the_shipped_templates_survive_the_xlsform_round_trip(name: str) -> None:
    definition = read_file((LIBRARY / f"{name}.yaml").read_bytes(), f"{name}.yaml")
    again = read_xlsform(write_xlsform(definition))
    assert again.questions == definition.questions
    assert again.groups == definition.groups
    assert again.key == definition.key and again.anonymous == definition.anonymous
    for question in definition.questions:
        assert {"fi", "sv"} <= set(question.label)


def test_every_shipped_template_loads() -> None:
    for path in LIBRARY.glob("*.yaml"):
        assert read_file(path.read_bytes(), path.name).answered


@pytest.mark.parametrize(
    ("expression", "answers", "expected"),
    [
        ("${a} = '1'", {"a": "1"}, True),
        ("${a} = '1'", {"a": "2"}, False),
        ("${n} > 3 and ${n} <= 5", {"n": "4"}, True),
        ("selected(${m}, 'x')", {"m": ["x", "y"]}, True),
        ("not(selected(${m}, 'x'))", {"m": ["y"]}, True),
        ("count-selected(${m}) >= 2 or ${a} != ''", {"m": ["y"], "a": None}, False),
        ("regex(${a}, '^[0-9]{5}$')", {"a": "65100"}, True),
        ("int(${a}) + 1 = 3", {"a": "2.7"}, True),
    ],
)
def test_relevant_expressions(expression: str, answers: dict, expected: bool) -> None:
    assert holds(expression, answers) is expected


def test_an_unsupported_expression_is_refused() -> None:
    with pytest.raises(ExpressionError):
        parse("pulldata('x', 'y')")


@given(st.integers(min_value=-1000, max_value=1000))
def test_a_range_constraint_holds_exactly_inside_its_bounds(number: int) -> None:
    assert holds(". >= 0 and . <= 200", {}, str(number)) is (0 <= number <= 200)


def test_cleaning_a_page_checks_required_types_and_skips_irrelevant() -> None:
    definition = read_file((LIBRARY / "monthly-self-assessment.yaml").read_bytes(), "m.yaml")
    situations = [q for q in definition.questions if q.group == "situations"]
    answers, errors = clean_page(
        situations,
        {"coping_clients": ["4"], "needed_consultation": ["no"], "consultations": ["7"]},
        {},
    )
    assert errors == {} and "consultations" not in answers
    answers, errors = clean_page(
        situations, {"needed_consultation": ["yes"], "consultations": ["lots"]}, {}
    )
    assert errors == {"coping_clients": "required", "consultations": "number"}
    _answers, errors = clean_page(
        situations,
        {"coping_clients": ["9"], "needed_consultation": ["yes"], "consultations": ["500"]},
        {},
    )
    assert errors == {"coping_clients": "choice", "consultations": "constraint"}
