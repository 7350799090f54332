"""Linking encounters to tasks: derived from codes and reasons when no task was chosen,
and checked against who may do the task (flagged for the report)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import connection

from tyonjako.encounters.models import Encounter, EncounterLink, LinkRole

from .catalogue import Catalogue, derive_task, may_do
from .report import profession_of_title
from .services import active_catalogue


def task_flag(catalogue: Catalogue, task_code: str, profession: str) -> str:
    """'' when the profession may do the task; 'reserved' when the law reserves it for
    someone else; 'not_theirs' when it is another profession's task (a warning)."""
    task = catalogue.task(task_code)
    if task is None or profession == "other":
        return ""
    permission = may_do(task, profession)
    if permission.allowed:
        return ""
    return "reserved" if permission.refusal else "not_theirs"


def link_tasks(ids: list[int]) -> None:
    if not ids:
        return
    catalogue = active_catalogue()
    codes: dict[int, list[str]] = defaultdict(list)
    for encounter_id, system, code in EncounterLink.objects.filter(
        encounter_id__in=ids, role=LinkRole.CODE
    ).values_list("encounter_id", "value__system", "value__code"):
        codes[encounter_id].append(f"{system}:{code}" if system else code)
    changed: list[tuple[str, str, int]] = []
    # Imports repeat the same codes and reasons: derive each combination once.
    derived: dict[tuple[tuple[str, ...], str | None, str, str], tuple[str, str]] = {}
    rows = Encounter.objects.filter(pk__in=ids).values_list(
        "pk", "task_code", "task_flag", "reason__code", "worker__job_title"
    )
    for pk, current_task, current_flag, reason, job_title in rows:
        profession = profession_of_title(job_title)
        key = (
            tuple(sorted(codes.get(pk, []))),
            reason,
            profession,
            current_task,
        )
        if key not in derived:
            task = (
                current_task
                or derive_task(
                    key[0],
                    reason,
                    catalogue,
                    profession=profession if profession != "other" else None,
                )
                or ""
            )
            derived[key] = (task, task_flag(catalogue, task, profession) if task else "")
        task, flag = derived[key]
        if (task, flag) != (current_task, current_flag):
            changed.append((task, flag, pk))
    if changed:
        quote = connection.ops.quote_name
        table = quote(Encounter._meta.db_table)
        with connection.cursor() as cursor:
            # The driver's executemany: Django's bulk_update builds a CASE per row.
            cursor.executemany(
                f"UPDATE {table} SET {quote('task_code')} = %s, {quote('task_flag')} = %s "
                "WHERE id = %s",
                changed,
            )


def on_encounters_written(sender: Any, ids: list[int], **kwargs: Any) -> None:
    link_tasks(list(ids))
