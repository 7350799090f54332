"""The arithmetic of survey results: tallies, the minimum, and comparing rounds."""

import statistics
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tyonjako.surveys.definition import read_file
from tyonjako.surveys.rules import compare, hide_small, tally

LIBRARY = Path(__file__).parents[3] / "tyonjako" / "surveys" / "library"
DEFINITION = read_file((LIBRARY / "october-staff-survey.yaml").read_bytes(), "o.yaml")


def test_a_tally_counts_and_shares() -> None:
    question = DEFINITION.question("clear_roles")
    result = tally(
        question, [{"clear_roles": "4"}, {"clear_roles": "4"}, {"clear_roles": "2"}], "sv"
    )
    counts = {row.code: row.count for row in result.rows}
    assert counts["4"] == 2 and counts["2"] == 1 and result.answered == 3
    assert result.rows[3].label == "Delvis av samma åsikt"
    assert abs(result.mean - 10 / 3) < 1e-9


def test_a_question_below_the_minimum_shows_nothing() -> None:
    question = DEFINITION.question("clear_roles")
    result = hide_small(tally(question, [{"clear_roles": "4"}] * 4, "fi"), 5)
    assert not result.shown and result.rows == ()


def test_a_select_multiple_counts_each_choice() -> None:
    question = DEFINITION.question("cooperation")
    result = tally(
        question, [{"cooperation": ["consultation", "referral"]}, {"cooperation": ["other"]}], "fi"
    )
    counts = {row.code: row.count for row in result.rows}
    assert counts == {"consultation": 1, "referral": 1, "meeting": 0, "none": 0, "other": 1}


def test_a_clear_improvement_is_found_by_the_rank_test() -> None:
    question = DEFINITION.question("clear_roles")
    before = [{"clear_roles": str(v)} for v in [1, 2, 2, 3, 2, 1, 3, 2] * 5]
    after = [{"clear_roles": str(v)} for v in [4, 5, 4, 3, 5, 4, 4, 5] * 5]
    result = compare(question, before, after, "fi", 5)
    assert result.test == "mann-whitney" and result.p_value < 0.001
    assert result.low < result.difference < result.high and result.low > 0
    assert not result.indicative


def test_small_rounds_are_marked_indicative_and_tiny_ones_not_compared() -> None:
    question = DEFINITION.question("clear_roles")
    six = [{"clear_roles": str(v)} for v in [1, 2, 3, 4, 5, 3]]
    assert compare(question, six, six, "fi", 5).indicative
    assert not compare(question, six[:4], six, "fi", 5).shown


def test_nominal_answers_are_compared_with_chi_square() -> None:
    question = DEFINITION.question("respondent_role")
    before = [{"respondent_role": "doctor"}] * 20 + [{"respondent_role": "nurse"}] * 20
    after = [{"respondent_role": "doctor"}] * 10 + [{"respondent_role": "nurse"}] * 30
    result = compare(question, before, after, "fi", 5)
    assert result.test == "chi-square" and result.p_value is not None
    assert abs(result.difference - (-0.25)) < 1e-9


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=60))
def test_mean_and_median_from_counts_equal_the_plain_ones(values: list[int]) -> None:
    question = DEFINITION.question("clear_roles")
    result = tally(question, [{"clear_roles": str(v)} for v in values], "fi")
    assert abs(result.mean - statistics.mean(values)) < 1e-9
    assert result.median == statistics.median(values)
    assert sum(row.count for row in result.rows) == len(values)


def test_the_plain_xlsx_writer_reads_back_with_openpyxl() -> None:
    import io

    import openpyxl

    from tyonjako.common.plain_xlsx import workbook

    data = workbook([("responses", [["a", "b"], [1, "x<&>"], [2.5, None]]), ("codes", [["q"]])])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["responses", "codes"]
    rows = list(book["responses"].iter_rows(values_only=True))
    assert rows == [("a", "b"), (1, "x<&>"), (2.5, None)]


def test_a_scheduled_reminder_is_due_every_n_days_at_most_so_many_times() -> None:
    import datetime as dt

    from tyonjako.surveys.rules import reminder_due

    opened = dt.date(2026, 10, 1)
    due = lambda day, **kw: reminder_due(  # noqa: E731
        dt.date(2026, 10, day),
        opened=opened,
        **{"last": None, "every": 5, "sent": 0, "most": 2, **kw},
    )
    assert not due(5) and due(6)
    assert not due(10, last=dt.date(2026, 10, 6), sent=1) and due(
        11, last=dt.date(2026, 10, 6), sent=1
    )
    assert not due(30, sent=2)
    assert not due(30, every=0)
    assert not reminder_due(dt.date(2026, 10, 30), opened=None, last=None, every=1, sent=0, most=1)
