from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.unit.encounters.helpers import SECRET, TODAY
from tyonjako.encounters.importing import ImportContext

WriteFile = Callable[..., Path]


@pytest.fixture
def ctx() -> ImportContext:
    return ImportContext(pseudonym_secret=SECRET, today=TODAY)


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """Write text to tmp_path/name in an encoding; return the path."""

    def _write(
        text: str, name: str = "export.csv", encoding: str = "utf-8", bom: bool = False
    ) -> Path:
        path = tmp_path / name
        data = text.encode(encoding)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        return path

    return _write
