"""Finnish unless the person chooses otherwise; Swedish first to a browser that asks."""

import pytest

from tyonjako.web.middleware import negotiated_language


@pytest.mark.parametrize(
    ("header", "chosen", "expected"),
    [
        ("", None, "fi"),
        ("en-US,en;q=0.9", None, "fi"),
        ("sv-FI,sv;q=0.9,fi;q=0.8", None, "sv"),
        ("fi-FI,sv;q=0.8", None, "fi"),
        ("en-GB,sv;q=0.7", None, "sv"),
        ("de", None, "fi"),
        ("sv", "fi", "fi"),
        ("fi", "en", "en"),
        ("fi", "xx", "fi"),
    ],
)
def test_the_interface_language(header: str, chosen: str | None, expected: str) -> None:
    assert negotiated_language(header, chosen) == expected
