import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

GOOD = {"coping": 2, "functional_capacity": "good"}


def run(tmp_path: Path, payload: str, *args: str) -> None:
    path = tmp_path / "answers.json"
    path.write_text(payload, encoding="utf-8")
    call_command("assess", "--answers", str(path), *args)


def test_the_default_instrument_works_right_after_migrate(tmp_path: Path, capsys) -> None:
    run(tmp_path, json.dumps(GOOD))
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {
        "special_support",
        "segment",
        "personal_worker",
        "pair_required",
        "deadlines",
        "explanations",
        "rule_version",
    }
    assert result["rule_version"] == "erityisen-tuen-tarve@2"


@pytest.mark.parametrize(
    ("answers", "item"),
    [
        ({"coping": 2}, "functional_capacity"),
        ({**GOOD, "shoe_size": 42}, "shoe_size"),
        ({**GOOD, "urgent": "very"}, "urgent"),
        ({**GOOD, "coping": 9}, "coping"),
    ],
)
def test_bad_answers_exit_with_code_two_naming_the_item(
    tmp_path: Path, answers: dict, item: str
) -> None:
    with pytest.raises(CommandError) as error:
        run(tmp_path, json.dumps(answers))
    assert error.value.returncode == 2
    assert str(error.value).startswith(item)


def test_a_bad_json_line_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="line 2: not JSON") as error:
        run(tmp_path, json.dumps(GOOD) + "\n{oops\n")
    assert error.value.returncode == 2


def test_a_bad_answer_on_a_later_line_names_line_and_item(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="line 2: coping"):
        run(tmp_path, json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "coping": 0}) + "\n")


def test_an_unknown_instrument_version_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such instrument version") as error:
        run(tmp_path, json.dumps(GOOD), "--instrument", "erityisen-tuen-tarve@9")
    assert error.value.returncode == 2
