"""The import never materialises the file: memory stays flat however long it is."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from tyonjako.encounters.importing import ImportContext, NormalisedRow, iter_import, open_rows

ROWS = 200_000
LIMIT = 20 * 1024 * 1024


def _generate(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("source_id;date;unit;client;contact_type;duration_min;partners\n")
        out.writelines(
            f"E{i};{1 + i % 28}.{1 + i % 12}.2024;Töölö;A{i % 9973};käynti;{i % 120};Kela|Verve\n"
            for i in range(rows)
        )


@pytest.mark.slow  # over 20 s (docs/testing.md); CI runs it
def test_a_200k_row_import_keeps_memory_flat(tmp_path: Path, ctx: ImportContext) -> None:
    path = tmp_path / "big.csv"
    _generate(path, ROWS)
    assert path.stat().st_size > LIMIT / 3  # the file itself would be a sizeable share
    run = iter_import(path, ctx)
    assert not isinstance(run, list | tuple)  # a lazy iterator, not a materialised list
    tracemalloc.start()
    try:
        count = last = 0
        for line, result in run:
            assert isinstance(result, NormalisedRow)
            count += 1
            last = line
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (count, last) == (ROWS, ROWS + 1)
    assert peak < LIMIT, f"peak {peak / 1e6:.1f} MB"


def test_the_reader_alone_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    _generate(path, 50_000)
    source = open_rows(path)
    tracemalloc.start()
    try:
        first = next(iter(source))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        source.close()
    assert first[0] == 2
    assert peak < 1024 * 1024  # reading one row touched well under a megabyte
