"""Identity codes are found and masked in free text; nothing else is touched."""

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tyonjako.common.hetu_text import MASK, contains_hetu, mask_hetus
from tyonjako.common.logfilters import MaskHetuFilter

VALID = "131052-308T"  # the tax administration's example code
VALID_2000 = "010101A123N"


def test_a_valid_code_is_masked_wherever_it_stands() -> None:
    text = f"Not Found: /clients/{VALID}/assessment/ and ?q={VALID_2000}"
    assert mask_hetus(text) == f"Not Found: /clients/{MASK}/assessment/ and ?q={MASK}"
    assert contains_hetu(text) and not contains_hetu(mask_hetus(text))


def test_a_lookalike_with_a_wrong_check_character_stays() -> None:
    assert mask_hetus("/clients/131052-308U/") == "/clients/131052-308U/"
    assert not contains_hetu("AS-1 12345678901 h-0123456789abcdef01234567")


@given(st.text(alphabet="0123456789-+ABCDEFUVWXYZ/ ", max_size=40))
def test_masked_text_never_holds_a_valid_code(text: str) -> None:
    assert not contains_hetu(mask_hetus(text))
    assert mask_hetus(mask_hetus(text)) == mask_hetus(text)


def test_the_logging_filter_masks_message_arguments() -> None:
    record = logging.LogRecord(
        "django.request", logging.WARNING, "", 0, "Not Found: %s", (f"/clients/{VALID}/",), None
    )
    assert MaskHetuFilter().filter(record)
    assert record.getMessage() == f"Not Found: /clients/{MASK}/"


def test_every_configured_log_handler_masks_identity_codes() -> None:
    from django.conf import settings

    config = settings.LOGGING
    names = [n for n, f in config["filters"].items() if f["()"].endswith("MaskHetuFilter")]
    assert names and all(
        set(names) <= set(handler.get("filters", [])) for handler in config["handlers"].values()
    )


def _handlers(name: str) -> list[logging.Handler]:
    """The handlers a record of this logger reaches, pytest's own capture left out."""
    found: list[logging.Handler] = []
    logger: logging.Logger | None = logging.getLogger(name)
    while logger is not None:
        found += [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")]
        logger = logger.parent if logger.propagate else None
    return found


@pytest.mark.parametrize(
    "name", ["django.request", "django.server", "django.security", "tyonjako", "gunicorn.error"]
)
def test_the_loggers_in_use_reach_only_masking_handlers(name: str) -> None:
    handlers = _handlers(name)
    assert handlers
    assert all(any(isinstance(f, MaskHetuFilter) for f in h.filters) for h in handlers)
