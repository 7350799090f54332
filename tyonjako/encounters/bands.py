"""The county's duration bands (aikaporrastus), from the settings.

`TYONJAKO_DURATION_BANDS` gives the minute bounds between the bands (default
15,30,60,90); every encounter recorded or imported gets the band of its
minutes, or the band an export gives when it has only the band. The statistics
count these bands; an encounter stored under other bands (recorded before the
bands were changed) is counted as "not known".
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .importing.values import Band, bands_from_bounds


@cache
def _bands(bounds: tuple[int, ...]) -> tuple[Band, ...]:
    try:
        return bands_from_bounds(bounds)
    except ValueError as error:
        raise ImproperlyConfigured(f"TYONJAKO_DURATION_BANDS: {error}") from None


def county_bands() -> tuple[Band, ...]:
    return _bands(tuple(settings.DURATION_BAND_BOUNDS))
