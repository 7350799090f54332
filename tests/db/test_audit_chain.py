"""Tamper evidence and retention of the access log: seal, verify, purge."""

import datetime as dt
import threading

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from tests.conftest import Org
from tyonjako.audit.chain import RECENT_IDS, run_retention, seal, seal_recent, verify
from tyonjako.audit.log import log_client_reads
from tyonjako.audit.models import AuditPurge, ChainHead, ChainLink
from tyonjako.audit.purposes import Channel, Purpose
from tyonjako.clients.models import Client


def entry(when: dt.datetime | None = None, what: str = "AS-1") -> LogEntry:
    extra = {"timestamp": when} if when else {}
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Client),
        object_pk="1",
        object_repr=what,
        action=LogEntry.Action.ACCESS,
        additional_data={"purpose": "client_page", "channel": "web"},
        **extra,
    )


@pytest.mark.django_db
def test_sealed_rows_verify(capsys) -> None:
    rows = [entry() for _ in range(5)]
    assert seal() == 5
    assert ChainLink.objects.filter(entry_id__in=[row.pk for row in rows]).count() == 5
    call_command("audit", "verify")
    assert "OK: 5 links hold" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_changed_row_is_the_first_broken_link_and_exits_1() -> None:
    rows = [entry() for _ in range(4)]
    seal()
    LogEntry.objects.filter(pk=rows[2].pk).update(object_repr="AS-2")
    result = verify()
    assert result.broken is not None
    assert result.broken.entry_id == rows[2].pk and result.broken.reason == "altered"
    with pytest.raises(CommandError, match=f"log entry {rows[2].pk}") as error:
        call_command("audit", "verify")
    assert error.value.returncode == 1


@pytest.mark.django_db
def test_a_removed_row_is_named() -> None:
    rows = [entry() for _ in range(4)]
    seal()
    LogEntry.objects.filter(pk=rows[1].pk).delete()
    broken = verify().broken
    assert broken is not None and broken.entry_id == rows[1].pk and broken.reason == "missing"


@pytest.mark.django_db
def test_removing_the_last_row_and_its_link_is_caught() -> None:
    rows = [entry() for _ in range(3)]
    seal()
    LogEntry.objects.filter(pk=rows[-1].pk).delete()
    ChainLink.objects.filter(entry_id=rows[-1].pk).delete()
    broken = verify().broken
    assert broken is not None and broken.reason == "end"


@pytest.mark.django_db(transaction=True)
def test_rows_are_sealed_when_the_writing_transaction_commits(org: Org) -> None:
    with transaction.atomic():
        log_client_reads(org.counsellor.user, [org.own_client], Purpose.CLIENT_PAGE, Channel.PAGE)
        entry()
    assert not LogEntry.objects.exclude(pk__in=ChainLink.objects.values("entry_id")).exists()


@pytest.mark.django_db
def test_a_row_committed_far_behind_the_chain_end_waits_for_the_scheduled_seal() -> None:
    """The seal after a commit looks back RECENT_IDS ids only (it runs after every page
    that reads a client); the scheduled seal looks back much further."""
    entry()
    seal()
    late = LogEntry.objects.bulk_create(  # past the ORM's signal, as an import's rows
        [LogEntry(content_type=ContentType.objects.get_for_model(Client), object_pk="2",
                  object_repr="AS-2", action=LogEntry.Action.ACCESS)]
    )[0]  # fmt: skip
    ChainHead.objects.filter(pk=1).update(last_entry_id=late.pk + RECENT_IDS + 1)
    assert seal(recent_only=True) == 0
    assert seal_recent() == 1
    assert ChainLink.objects.filter(entry_id=late.pk).exists()
    assert verify().broken is None


@pytest.mark.django_db
def test_purge_removes_old_rows_keeps_a_record_and_the_chain_still_verifies(
    settings, capsys
) -> None:
    settings.AUDIT_RETENTION_YEARS = 12
    old = [entry(dt.datetime(2010, 1, day, tzinfo=dt.UTC)) for day in (1, 2, 3)]
    new = [entry(dt.datetime(2026, 11, 1, tzinfo=dt.UTC)) for _ in range(2)]
    seal()
    call_command("audit", "purge", "--dry-run")
    assert "would remove 3 log rows older than 25.11.2014" in capsys.readouterr().out
    assert LogEntry.objects.filter(pk__in=[row.pk for row in old]).count() == 3

    call_command("audit", "purge")
    out = capsys.readouterr().out
    assert "removed 3 log rows older than 25.11.2014 from 01.01.2010 to 03.01.2010" in out
    assert not LogEntry.objects.filter(pk__in=[row.pk for row in old]).exists()
    assert LogEntry.objects.filter(pk__in=[row.pk for row in new]).count() == 2
    record = AuditPurge.objects.get()
    assert record.removed == 3 and record.retention_years == 12
    assert record.oldest == dt.datetime(2010, 1, 1, tzinfo=dt.UTC)
    assert ChainHead.objects.get().anchor == record.anchor
    assert verify().broken is None
    # and the chain goes on after the purge
    entry()
    assert verify().broken is None and verify().links == 3


@pytest.mark.django_db
def test_the_scheduled_function_purges_with_the_configured_period(settings) -> None:
    settings.AUDIT_RETENTION_YEARS = 1
    entry(dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    entry()
    assert run_retention().removed == 1
    assert verify().broken is None


@pytest.mark.django_db
def test_a_purge_with_nothing_to_remove_records_nothing() -> None:
    entry()
    assert run_retention().removed == 0
    assert not AuditPurge.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_sealers_make_one_chain() -> None:
    """Writers in several threads, each sealing after its own rows: one chain, no row
    sealed twice, and it verifies (PostgreSQL: a row lock; SQLite: the write lock)."""
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("threads need a database file or server (the in-memory test database)")
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                entry()
                seal(recent_only=True)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert ChainLink.objects.count() == LogEntry.objects.count() == 20
    assert verify().broken is None
