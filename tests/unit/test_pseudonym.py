import pytest
from hypothesis import given
from hypothesis import strategies as st

from tyonjako.common.pseudonym import (
    HASH_PREFIX,
    ClientKeyError,
    client_key,
    hetu_key,
    looks_like_hetu,
)

SECRET = b"test-secret"
VALID_HETU = "131052-308T"  # the example code of the Population Register Centre


def test_an_identity_code_becomes_a_keyed_hash_without_the_code() -> None:
    key = client_key(VALID_HETU, SECRET)
    assert key.startswith(HASH_PREFIX)
    assert "131052" not in key and "308T" not in key


def test_the_same_person_always_gets_the_same_key_whatever_the_case() -> None:
    assert client_key(VALID_HETU, SECRET) == client_key(" 131052-308t ", SECRET)


def test_another_secret_gives_another_key() -> None:
    assert hetu_key(VALID_HETU, SECRET) != hetu_key(VALID_HETU, b"other")


def test_a_mistyped_identity_code_is_refused_and_not_echoed() -> None:
    with pytest.raises(ClientKeyError) as error:
        client_key("131052-308A", SECRET)
    assert "131052" not in str(error.value)


def test_a_record_system_client_number_is_kept_as_it_is() -> None:
    assert client_key("AS-100001", SECRET) == "AS-100001"


def test_a_key_with_spaces_or_symbols_is_refused() -> None:
    with pytest.raises(ClientKeyError):
        client_key("AS 1; drop", SECRET)


def test_a_hashed_key_given_back_is_accepted() -> None:
    key = client_key(VALID_HETU, SECRET)
    assert client_key(key.upper().replace("H-", "h-"), SECRET) == key


@given(st.text(alphabet="0123456789-+ABCDEFUVWXY", min_size=11, max_size=11))
def test_anything_shaped_like_a_hetu_never_passes_through_unhashed(raw: str) -> None:
    if not looks_like_hetu(raw):
        return
    try:
        key = client_key(raw, SECRET)
    except ClientKeyError:
        return
    assert key.startswith(HASH_PREFIX)
