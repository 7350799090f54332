import datetime as dt

import pytest

from tyonjako.common.dates import parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31.12.2023", dt.date(2023, 12, 31)),
        ("1.3.2023", dt.date(2023, 3, 1)),
        ("2023-12-31", dt.date(2023, 12, 31)),
    ],
)
def test_finnish_and_iso_dates_are_read(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.13.2023", "2023/12/31", "", "eilen"])
def test_other_forms_are_refused_with_the_expected_forms_named(text: str) -> None:
    with pytest.raises(ValueError, match=r"31\.12\.2023 or 2023-12-31"):
        parse_date(text)
