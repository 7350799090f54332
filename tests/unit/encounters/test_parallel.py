"""Parsing in a second process hands out exactly what parsing in-process does."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from tests.unit.encounters.conftest import WriteFile
from tyonjako.encounters.importing import (
    ImportContext,
    iter_import,
    load_builtin_profile,
    parallel,
)
from tyonjako.encounters.importing.parallel import ParseProcessError, ProcessImportRun

HEADER = "source_id;date;unit;client;contact_type;duration_min;partners;codes\n"


def _rows(count: int, bad_every: int = 0) -> str:
    lines = []
    for i in range(count):
        when = "31.2.2024" if bad_every and i % bad_every == 0 else f"{1 + i % 28}.3.2024"
        lines.append(f"E{i};{when};Töölö;A{i % 97};käynti;{i % 120};Kela|Verve;RS1|ICD10:Z59.0\n")
    return HEADER + "".join(lines)


def _both(path: Path, ctx: ImportContext, **kwargs: object) -> tuple[list, list, object, object]:
    local = iter_import(path, ctx, **kwargs)  # type: ignore[arg-type]
    expected = list(local)
    remote = ProcessImportRun(path, ctx, **kwargs)  # type: ignore[arg-type]
    try:
        got = list(remote)
    finally:
        remote.close()
    return expected, got, local.header_errors, remote.header_errors


def test_the_same_items_in_the_same_order_good_and_bad(
    write: WriteFile, ctx: ImportContext
) -> None:
    # More than one chunk, with bad rows among the good.
    path = write(_rows(parallel.CHUNK_ROWS * 2 + 17, bad_every=500))
    expected, got, _, _ = _both(path, ctx)
    assert len(got) == parallel.CHUNK_ROWS * 2 + 17
    assert got == expected
    assert any(isinstance(item, list) for _line, item in got)


def test_a_header_problem_arrives_as_header_errors(write: WriteFile, ctx: ImportContext) -> None:
    path = write("päivä;yksikkö\n1.1.2024;X\n")
    expected, got, local_errors, remote_errors = _both(path, ctx)
    assert got == expected and remote_errors == local_errors and remote_errors


def test_a_missing_file_is_an_item_not_a_crash(tmp_path: Path, ctx: ImportContext) -> None:
    expected, got, _, _ = _both(tmp_path / "nowhere.csv", ctx)
    assert got == expected and len(got) == 1


def test_a_profile_travels_to_the_parsing_process(write: WriteFile, ctx: ImportContext) -> None:
    profile = load_builtin_profile("potilastietojarjestelma-tilasto")
    assert pickle.loads(pickle.dumps(profile)) == profile
    header = ";".join(["Käyntipäivä", "Toimipiste", "Asiakasnumero", "Yhteystapa"])
    path = write(
        f"{header}\n1.3.2024;Töölö;A1;Vastaanottokäynti\n2.3.2024;Töölö;A2;Puhelinkontakti\n"
    )
    expected, got, _, _ = _both(path, ctx, profile=profile)
    assert got == expected
    assert [item.contact_type for _line, item in got] == ["visit", "phone"]  # type: ignore[union-attr]


def test_progress_reaches_the_end(write: WriteFile, ctx: ImportContext) -> None:
    run = ProcessImportRun(write(_rows(50)), ctx)
    try:
        assert len(list(run)) == 50
        assert run.progress() == 1.0
    finally:
        run.close()


def test_a_dead_parsing_process_is_an_error_not_a_short_import(
    write: WriteFile, ctx: ImportContext
) -> None:
    run = ProcessImportRun(write(_rows(parallel.CHUNK_ROWS * 20)), ctx)
    try:
        next(run)
        run._process.kill()
        with pytest.raises(ParseProcessError):
            for _item in run:
                pass
    finally:
        run.close()


def test_closing_early_stops_the_parsing_process(write: WriteFile, ctx: ImportContext) -> None:
    run = ProcessImportRun(write(_rows(parallel.CHUNK_ROWS * 20)), ctx)
    next(run)
    run.close()
    assert run._process.poll() is not None


def test_a_row_pickles_by_value(ctx: ImportContext, write: WriteFile) -> None:
    [(_line, row)] = list(iter_import(write(_rows(1)), ctx))
    copy = pickle.loads(pickle.dumps(row))
    assert copy == row and copy.digest == row.digest
    assert dataclasses.replace(row, unit="X").digest != row.digest


def test_a_failure_in_the_parsing_process_names_its_cause(
    write: WriteFile, ctx: ImportContext
) -> None:
    # A context the child cannot use: bands that are not bands fail inside the child.
    broken = dataclasses.replace(ctx, bands=("not a band",))  # type: ignore[arg-type]
    run = ProcessImportRun(write(_rows(3)), broken)
    try:
        with pytest.raises(ParseProcessError, match="the parsing process failed: "):
            list(run)
    finally:
        run.close()


def test_the_parsing_process_reports_its_own_peak_memory(
    write: WriteFile, ctx: ImportContext
) -> None:
    remote = ProcessImportRun(write(_rows(100)), ctx)
    try:
        assert len(list(remote)) == 100
    finally:
        remote.close()
    # A Python process that parsed 100 rows: some megabytes, and not the parent's
    # memory that the child's rusage would count.
    assert remote.peak_memory_kb is not None and 5_000 < remote.peak_memory_kb < 200_000
