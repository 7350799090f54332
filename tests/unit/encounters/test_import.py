from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.unit.encounters.conftest import WriteFile
from tests.unit.encounters.helpers import SECRET, VALID_HETU
from tyonjako.common.pseudonym import hetu_key
from tyonjako.encounters.importing import (
    ImportContext,
    NormalisedRow,
    RowError,
    iter_import,
    load_builtin_profile,
)

ROOT = Path(__file__).resolve().parents[3]

EXPORT = (
    "Tapahtuman tunniste;Käyntipäivä;Toimipiste;Työntekijä;Henkilötunnus;Yhteystapa;"
    "Kesto (min);Asiointiperuste;Kohdejoukko;RS-koodit;Yhteistyötahot;Raportointipäivä\n"
    "T1;2.1.2024 9.15;Terveysasema Töölö;sari.s;{hetu};Vastaanottokäynti;45;toimeentulo;"
    "aikuiset;RS101|ICD10:Z59.0;Kela|Seurakunta;31.1.2024\n"
    ";3.1.2024;Terveysasema Töölö;sari.s;{hetu};Puhelinkontakti;10;asuminen;aikuiset;;;31.1.2024\n"
)


def _split(
    items: list[tuple[int, NormalisedRow | list[RowError]]],
) -> tuple[list[tuple[int, NormalisedRow]], list[str]]:
    good = [(line, r) for line, r in items if isinstance(r, NormalisedRow)]
    bad = [str(e) for _, r in items if isinstance(r, list) for e in r]
    return good, bad


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_semicolon_export_through_the_example_profile(
    write: WriteFile, ctx: ImportContext, encoding: str
) -> None:
    path = write(EXPORT.format(hetu=VALID_HETU), encoding=encoding)
    profile = load_builtin_profile("potilastietojarjestelma-tilasto")
    good, bad = _split(list(iter_import(path, ctx, profile=profile)))
    assert bad == []
    (l1, first), (l2, second) = good
    assert (l1, l2) == (2, 3)
    assert first.source_id == "T1"
    assert first.unit == "Terveysasema Töölö"
    assert (first.date, first.time) == (dt.date(2024, 1, 2), dt.time(9, 15))
    assert first.contact_type == "visit" and second.contact_type == "phone"
    assert first.client_key == hetu_key(VALID_HETU, SECRET)
    assert first.codes == (("RS", "RS101"), ("ICD10", "Z59.0"))
    assert first.partners == ("Kela", "Seurakunta")
    assert second.source_id.startswith("c-")


def test_reimporting_gives_the_same_ids(write: WriteFile, ctx: ImportContext) -> None:
    path = write(EXPORT.format(hetu=VALID_HETU))
    profile = load_builtin_profile("potilastietojarjestelma-tilasto")
    ids = [_split(list(iter_import(path, ctx, profile=profile)))[0] for _ in range(2)]
    assert ids[0] == ids[1]


def test_comma_file_with_canonical_header(write: WriteFile, ctx: ImportContext) -> None:
    text = (
        " Date ,UNIT,client,contact_type,partners,reason\n"
        '1.1.2024,TSO,A1,käynti,Kela;Verve,"toimeentulo, asuminen"\n'
    )
    ((line, row),) = list(iter_import(write(text), ctx))
    assert line == 2 and isinstance(row, NormalisedRow)
    assert row.partners == ("Kela", "Verve")
    assert row.reason == "toimeentulo, asuminen"


def test_the_profile_can_override_the_list_separator(write: WriteFile, ctx: ImportContext) -> None:
    from tyonjako.encounters.importing import load_profile

    profile = load_profile('name: p\nlist_separator: ","\n')
    text = 'date;unit;client;contact_type;partners\n1.1.2024;TSO;A1;visit;"Kela, Verve"\n'
    ((_, row),) = list(iter_import(write(text), ctx, profile=profile))
    assert isinstance(row, NormalisedRow) and row.partners == ("Kela", "Verve")


def test_header_errors_end_the_import(write: WriteFile, ctx: ImportContext) -> None:
    text = "date,unit,client,contact_type,Kunta\n1.1.2024,TSO,A1,visit,Oulu\n"
    run = iter_import(write(text), ctx)
    assert [(line, [str(e) for e in r]) for line, r in run] == [  # type: ignore[union-attr]
        (1, ["line 1, column Kunta: unknown column 'Kunta'"])
    ]
    assert run.header_errors


def test_ignored_columns(write: WriteFile, ctx: ImportContext) -> None:
    text = "date,unit,client,contact_type,Raportointipäivä\n1.1.2024,TSO,A1,visit,2.1.2024\n"
    profile = load_builtin_profile("potilastietojarjestelma-tilasto")
    ((_, row),) = list(iter_import(write(text), ctx, profile=profile))
    assert isinstance(row, NormalisedRow)


def test_file_errors_are_reported_as_row_errors(write: WriteFile, ctx: ImportContext) -> None:
    assert [(n, [str(e) for e in r]) for n, r in iter_import(write(""), ctx)] == [  # type: ignore[union-attr]
        (1, ["line 1: the file is empty or its first line is blank"])
    ]


def test_extra_cells_and_line_numbers_with_multiline_cells(
    write: WriteFile, ctx: ImportContext
) -> None:
    text = (
        "date,unit,client,contact_type,reason\n"
        '1.1.2024,TSO,A1,visit,"monta\nriviä"\n'
        "2.1.2024,TSO,A1,visit,x,ylimääräinen\n"
        "3.1.2024,TSO,A1,kirje,x\n"
    )
    good, bad = _split(list(iter_import(write(text), ctx)))
    assert [line for line, _ in good] == [2]
    assert good[0][1].reason == "monta\nriviä"
    assert bad == [
        "line 4: the row has more cells than the header",
        "line 5, column contact_type: unknown contact type 'kirje' "
        "(expected visit, phone, no_show, home_visit, remote, other, "
        "consultation, group, information)",
    ]


def test_xlsx_with_real_dates_and_numbers(tmp_path: Path, ctx: ImportContext) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Käyntipäivä", "Toimipiste", "Asiakasnumero", "Yhteystapa", "Kesto (min)",
                  "RS-koodit", "Suostumus", "Syntymävuosi"])  # fmt: skip
    sheet.append([dt.date(2024, 1, 2), "Åland", 12345, "Kotikäynti", 45, "RS1;RS2", "x", 1950])
    sheet.append([dt.datetime(2024, 1, 3, 14, 30), "Åland", "B7", "etä", 59.0, None, None, None])
    sheet.append([dt.date(2024, 1, 4), "Åland", "B7", "etä", 45.5, None, None, None])
    path = tmp_path / "export.xlsx"
    book.save(path)
    profile = load_builtin_profile("potilastietojarjestelma-tilasto")
    run = iter_import(path, ctx, profile=profile)
    good, bad = _split(list(run))
    assert run.progress() == 1.0
    (_, first), (_, second) = good
    assert (first.date, first.time) == (dt.date(2024, 1, 2), None)
    assert first.client_key == "12345"
    assert first.contact_type == "home_visit"
    assert (first.duration_min, first.duration_band) == (45, "30_59")
    assert first.codes == (("RS", "RS1"), ("RS", "RS2"))
    assert first.consent is True and first.client_birth_year == 1950
    assert (second.date, second.time) == (dt.date(2024, 1, 3), dt.time(14, 30))
    assert second.contact_type == "remote" and second.duration_min == 59
    assert bad == ["line 4, column duration_min: not a whole number of minutes: '45.5'"]


def test_progress_of_a_run(write: WriteFile, ctx: ImportContext) -> None:
    text = "date,unit,client,contact_type\n" + "1.1.2024,TSO,A1,visit\n" * 100
    run = iter_import(write(text), ctx)
    assert run.progress() == 0.0
    next(run)
    progress = run.progress()
    assert progress is not None and 0.0 < progress <= 1.0
    run.close()


def test_context_list_separator_wins(write: WriteFile, ctx: ImportContext) -> None:
    ctx = dataclasses.replace(ctx, list_separator="/")
    text = "date,unit,client,contact_type,partners\n1.1.2024,TSO,A1,visit,Kela/Verve\n"
    ((_, row),) = list(iter_import(write(text), ctx))
    assert isinstance(row, NormalisedRow) and row.partners == ("Kela", "Verve")


def test_the_import_layer_does_not_import_django(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("date,unit,client,contact_type\n1.1.2024,TSO,A1,visit\n", encoding="utf-8")
    code = (
        "import sys, datetime\n"
        "from tyonjako.encounters.importing import ImportContext, iter_import\n"
        "ctx = ImportContext(pseudonym_secret=b's', today=datetime.date(2026, 1, 1))\n"
        f"assert len(list(iter_import({str(path)!r}, ctx))) == 1\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    for source in (ROOT / "tyonjako" / "encounters" / "importing").glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, source
