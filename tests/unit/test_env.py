import pytest

from tyonjako.common.env import EnvError, env_bool, env_int, env_list, env_str


def test_booleans_accept_the_usual_spellings() -> None:
    assert env_bool("X", False, {"X": "yes"}) is True
    assert env_bool("X", True, {"X": "0"}) is False
    assert env_bool("X", True, {}) is True


def test_a_wrong_boolean_names_the_variable() -> None:
    with pytest.raises(EnvError, match="DEBUG: expected true/false"):
        env_bool("DEBUG", False, {"DEBUG": "maybe"})


def test_a_wrong_number_names_the_variable() -> None:
    with pytest.raises(EnvError, match="SECURE_HSTS_SECONDS: expected a whole number"):
        env_int("SECURE_HSTS_SECONDS", 0, {"SECURE_HSTS_SECONDS": "lots"})


def test_a_required_string_must_be_set() -> None:
    with pytest.raises(EnvError, match="SECRET_KEY: required"):
        env_str("SECRET_KEY", None, {})


def test_lists_are_comma_separated_and_trimmed() -> None:
    assert env_list("ALLOWED_HOSTS", [], {"ALLOWED_HOSTS": " a.fi, b.fi ,"}) == ["a.fi", "b.fi"]
