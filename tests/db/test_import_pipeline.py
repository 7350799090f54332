"""The import's fast paths: parsing in a second process, keys drawn with the rows,
tasks derived on the way in, and foreign keys that Django still guards."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db.models import ProtectedError

from tests.conftest import Org
from tests.db.test_encounter_import import GOOD, codes, write  # noqa: F401 — the fixture
from tests.db.test_tasks import reserved_task
from tyonjako.clients.models import Client
from tyonjako.encounters.importer import ImportOptions, run_import
from tyonjako.encounters.importing import parallel
from tyonjako.encounters.models import CodeValue, Encounter, EncounterLink, ImportStatus
from tyonjako.tasks.catalogue import default_catalogue
from tyonjako.tasks.linking import TaskDeriver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("codes")]


def many_rows(count: int) -> list[str]:
    return [
        f"M{i},{1 + i % 28}.2.2023,KESKI-3064,ohjaaja,C{i % 37},,{1950 + i % 40},"
        f"{'nainen' if i % 2 else 'mies'},suomi,työtön,{'käynti' if i % 3 else 'puhelu'},"
        f"{i % 100},R{1 + i % 2},T1,{'ICD10:Z59.0' if i % 4 else ''},KELA,OSASTO,"
        f"{'TE' if i % 5 else 'KELA;TE'},julkinen,kyllä"
        for i in range(count)
    ]


def snapshot() -> list[tuple[Any, ...]]:
    """Everything an import decides about each encounter, without keys and stamps."""
    links: dict[int, list[tuple[str, str]]] = {}
    for encounter_id, role, code in EncounterLink.objects.values_list(
        "encounter_id", "role", "value__code"
    ):
        links.setdefault(encounter_id, []).append((role, code))
    rows = Encounter.objects.values_list(
        "id",
        "source_id",
        "date",
        "unit__code",
        "team__code",
        "worker__user__username",
        "client__key",
        "contact_type",
        "duration_min",
        "duration_band",
        "reason__code",
        "target_group__code",
        "referred_by__code",
        "provider",
        "consent",
        "task_code",
        "task_flag",
        "row_hash",
    )
    return sorted((*row[1:], tuple(sorted(links.get(row[0], [])))) for row in rows)


def clients() -> list[tuple[Any, ...]]:
    return sorted(
        Client.objects.values_list("key", "birth_year", "gender", "language", "employment")
    )


@pytest.mark.slow  # over 20 s (docs/testing.md); CI runs it
def test_parsing_in_a_second_process_writes_exactly_what_parsing_in_process_does(
    org: Org, tmp_path: Path, settings
) -> None:
    path = write(tmp_path, many_rows(parallel.CHUNK_ROWS + 300))
    settings.IMPORT_PARSE_PROCESS_BYTES = 10**12
    assert run_import(path, ImportOptions()).batch.rows_created == parallel.CHUNK_ROWS + 300
    in_process, in_process_clients = snapshot(), clients()
    EncounterLink.objects.all().delete()
    Encounter.objects.all().delete()
    settings.IMPORT_PARSE_PROCESS_BYTES = 0
    result = run_import(path, ImportOptions())
    assert result.batch.status == ImportStatus.DONE
    assert snapshot() == in_process and clients() == in_process_clients


def test_a_bad_row_parsed_in_the_second_process_still_writes_nothing(
    org: Org, tmp_path: Path, settings
) -> None:
    settings.IMPORT_PARSE_PROCESS_BYTES = 0
    rows = many_rows(50)
    rows[30] = rows[30].replace("käynti", "lentokone").replace("puhelu", "lentokone")
    result = run_import(write(tmp_path, rows), ImportOptions())
    assert result.batch.status == ImportStatus.REJECTED
    assert [(e.line, e.column) for e in result.errors] == [(32, "contact_type")]
    assert not Encounter.objects.exists()


def test_the_keys_drawn_with_the_rows_are_the_rows_keys(org: Org, tmp_path: Path) -> None:
    run_import(write(tmp_path, many_rows(120)), ImportOptions())
    for encounter in Encounter.objects.all():
        # The digest written with the row is the row's own: keys were not shifted.
        codes_linked = set(encounter.links.values_list("value__code", flat=True))
        assert ("Z59.0" in codes_linked) == (int(encounter.source_id[1:]) % 4 != 0)


def test_the_task_is_derived_while_importing_and_a_reserved_one_is_flagged(
    org: Org, tmp_path: Path
) -> None:
    catalogue = default_catalogue()
    reason_code, task_code = next(
        (i.value, t.code)
        for t in catalogue.tasks.values()
        for i in t.indicators
        if i.kind == "reason"
    )
    CodeValue.objects.create(list="reason", code=reason_code, name_fi="r", name_sv="r")
    header = "source_id,date,unit,worker,client,contact_type,reason,task\n"
    path = tmp_path / "tasks.csv"
    path.write_text(
        header
        + f"T1,1.3.2023,KESKI-3064,ohjaaja,AS-1,käynti,{reason_code},\n"
        + f"T2,1.3.2023,KESKI-3064,ohjaaja,AS-1,käynti,,{reserved_task()}\n",
        encoding="utf-8",
    )
    result = run_import(path, ImportOptions())
    assert result.ok, [str(e) for e in result.errors]
    derived = TaskDeriver(catalogue)((), reason_code, "counsellor", "")
    # The reason indicates a task; which one a counsellor gets is the catalogue's rule.
    assert task_code and derived[0]
    assert Encounter.objects.get(source_id="T1").task_code == derived[0]
    assert Encounter.objects.get(source_id="T2").task_flag == "reserved"


def test_django_still_protects_and_cascades_without_database_constraints(
    org: Org, tmp_path: Path
) -> None:
    run_import(write(tmp_path, GOOD), ImportOptions())
    first = Encounter.objects.get(source_id="E1")
    with pytest.raises(ProtectedError):
        first.reason.delete()
    with pytest.raises(ProtectedError):
        first.unit.delete()
    client = first.client
    links = EncounterLink.objects.filter(encounter__client=client).count()
    assert links
    client.delete()
    assert not Encounter.objects.filter(pk=first.pk).exists()
    assert not EncounterLink.objects.filter(encounter_id=first.pk).exists()
