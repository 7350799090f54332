from __future__ import annotations

import pytest

from tyonjako.assessments.engine import Instrument, load_default_instrument


@pytest.fixture(scope="session")
def instrument() -> Instrument:
    return load_default_instrument()
