"""Issue 14 §3: duration bands configurable per county, and the `duration_band` import
column for exports that have only the band (the minutes stay unknown)."""

from __future__ import annotations

import dataclasses

import pytest

from tests.unit.encounters.helpers import errors, ok
from tyonjako.encounters.exports.labels import fixed_keys, text
from tyonjako.encounters.importing import DEFAULT_BANDS, ImportContext
from tyonjako.encounters.importing.values import (
    Band,
    band_label,
    band_of_code,
    bands_from_bounds,
    parse_band,
)


def test_the_default_bounds_give_the_default_bands() -> None:
    assert bands_from_bounds((15, 30, 60, 90)) == DEFAULT_BANDS


def test_a_countys_own_bounds() -> None:
    bands = bands_from_bounds((20, 45))
    assert bands == (Band("lt20", 0, 20), Band("20_44", 20, 45), Band("ge45", 45, None))
    assert [band_of_code(band.code) for band in bands] == list(bands)
    assert [band_label(band, "fi") for band in bands] == [
        "Alle 20 min",
        "20–44 min",
        "45 min tai yli",
    ]
    assert band_label(bands[2], "sv") == "45 min eller mer"


@pytest.mark.parametrize("bounds", [(), (0, 15), (30, 15), (15, 15)])
def test_bad_bounds_are_refused(bounds: tuple[int, ...]) -> None:
    with pytest.raises(ValueError):
        bands_from_bounds(bounds)


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("15_29", "15_29"),
        ("15–29 min", "15_29"),
        ("15-29 MIN", "15_29"),
        ("alle 15 min", "lt15"),
        ("Under 15 min", "lt15"),
        ("90 min eller mer", "ge90"),
        ("", None),
    ],
)
def test_a_band_by_its_code_or_its_label(cell: str, code: str | None) -> None:
    assert parse_band(cell, DEFAULT_BANDS) == code


def test_an_unknown_band_is_an_error_naming_the_known_ones() -> None:
    with pytest.raises(ValueError, match="known: lt15, 15_29"):
        parse_band("puoli tuntia", DEFAULT_BANDS)


def test_a_row_with_only_the_band_keeps_its_minutes_unknown(ctx: ImportContext) -> None:
    row = ok(ctx, duration_band="30–59 min")
    assert (row.duration_min, row.duration_band) == (None, "30_59")


def test_minutes_and_band_must_agree(ctx: ImportContext) -> None:
    assert ok(ctx, duration_min="45", duration_band="30_59").duration_band == "30_59"
    assert errors(ctx, duration_min="10", duration_band="30_59") == [
        "line 7, column duration_band: 10 min is in duration band lt15, not 30_59"
    ]
    assert errors(ctx, duration_band="x") == [
        "line 7, column duration_band: unknown duration band 'x' "
        "(known: lt15, 15_29, 30_59, 60_89, ge90)"
    ]


def test_the_import_context_carries_the_countys_bands(ctx: ImportContext) -> None:
    county = dataclasses.replace(ctx, bands=bands_from_bounds((20, 45)))
    assert ok(county, duration_min="30").duration_band == "20_44"
    assert ok(county, duration_band="20–44 min").duration_band == "20_44"


def test_the_countys_bands_are_labelled_in_every_export_language() -> None:
    report = {"duration_bands": {"lt20": 1, "20_44": 2, "ge45": 0, "unknown": 0}}
    assert fixed_keys([report], "duration_bands") == ["lt20", "20_44", "ge45", "unknown"]
    assert text("duration_bands", "20_44", "sv") == "20–44 min"
    assert text("duration_bands", "lt20", "en") == "Under 20 min"
    assert text("duration_bands", "unknown", "fi") == "Ei tiedossa"
