"""The one YAML reader of the definition files (common/yamlines.py)."""

from pathlib import Path

import pytest

import tyonjako
from tyonjako.common.yamlines import (
    HIDDEN_KEYS,
    MarkedDict,
    MarkedList,
    YamlSyntaxError,
    duplicate_keys,
    key_line,
    line_of,
    load_marked_yaml,
    load_with_lines,
    located,
    strip_marks,
    visible,
)

TEXT = """\
key: demo
version: 1
tasks:
  - code: a
    names:
      fi: Yksi
  - code: b
    code: c
"""


def test_every_mapping_knows_its_line_and_each_key_its_own() -> None:
    data = load_with_lines(TEXT)
    assert line_of(data) == 1
    assert key_line(data, "tasks") == 3
    first, second = data["tasks"]
    assert line_of(first) == 4
    assert key_line(first, "names") == 5
    assert line_of(first["names"]) == 6
    # an absent key answers with its mapping's line
    assert key_line(second, "names") == 7


def test_a_key_given_twice_is_remembered_with_the_line_of_the_second() -> None:
    data = load_with_lines(TEXT)
    assert duplicate_keys(data["tasks"][1]) == [("code", 8)]
    assert duplicate_keys(data) == []


def test_the_marks_are_hidden_from_the_data() -> None:
    data = load_with_lines(TEXT)
    assert set(data) - set(visible(data)) == HIDDEN_KEYS
    assert strip_marks(data) == {
        "key": "demo",
        "version": 1,
        "tasks": [{"code": "a", "names": {"fi": "Yksi"}}, {"code": "c"}],
    }


@pytest.mark.parametrize("loader", [load_with_lines, load_marked_yaml])
def test_text_that_is_not_yaml_names_its_line(loader: object) -> None:
    with pytest.raises(YamlSyntaxError) as raised:
        loader("a: 1\nb: [2\nc: 3\n")  # type: ignore[operator]
    assert raised.value.line >= 2
    assert str(raised.value).startswith(f"line {raised.value.line}: not valid YAML: ")


def test_the_reader_constructs_no_python_objects() -> None:
    with pytest.raises(YamlSyntaxError):
        load_with_lines("a: !!python/object/apply:os.system ['true']\n")


def test_the_marked_form_carries_lines_as_attributes() -> None:
    data = load_marked_yaml(TEXT)
    assert isinstance(data, MarkedDict)
    assert not set(data) & HIDDEN_KEYS
    assert data.key_lines["tasks"] == 3
    tasks = data["tasks"]
    assert isinstance(tasks, MarkedList)
    assert tasks.item_lines == [4, 7]
    assert data["tasks"][1].duplicates == [("code", 8)]


def test_a_problem_names_file_line_and_field() -> None:
    assert located(41, "tasks[7].who", "unknown value") == "line 41: tasks[7].who: unknown value"
    assert located(3, "", "empty", file="org.yaml") == "org.yaml, line 3: empty"
    assert located(None, "key", "required") == "line ?: key: required"


def test_no_other_module_builds_its_own_line_tracking_yaml_loader() -> None:
    """One reader: a SafeLoader subclass or a construct_mapping of its own elsewhere would
    be a second one (its errors and line rules would drift from these)."""
    root = Path(tyonjako.__file__).parent
    own = root / "common" / "yamlines.py"
    others = [
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if path != own
        and "migrations" not in path.parts
        and any(
            marker in path.read_text(encoding="utf-8")
            for marker in ("yaml.SafeLoader)", "def construct_mapping", "Loader=_")
        )
    ]
    assert others == []
