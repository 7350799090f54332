"""Linking encounters to tasks: derived from codes and reasons when no task was chosen,
and checked against who may do the task (flagged for the report)."""

from __future__ import annotations

from collections import defaultdict

from tyonjako.common.bulk import update_rows
from tyonjako.encounters.models import Encounter, EncounterLink, LinkRole

from .catalogue.deriving import TaskDeriver, task_flag

__all__ = ["TaskDeriver", "link_tasks", "task_flag"]


def link_tasks(ids: list[int]) -> None:
    """Derive and store the task of encounters written outside the importer (the demo)."""
    if not ids:
        return
    derive = TaskDeriver.for_active_catalogue()
    codes: dict[int, list[str]] = defaultdict(list)
    for encounter_id, system, code in EncounterLink.objects.filter(
        encounter_id__in=ids, role=LinkRole.CODE
    ).values_list("encounter_id", "value__system", "value__code"):
        codes[encounter_id].append(f"{system}:{code}" if system else code)
    changed: list[tuple[str, str, int]] = []
    rows = Encounter.objects.filter(pk__in=ids).values_list(
        "pk", "task_code", "task_flag", "reason__code", "worker__job_title"
    )
    for pk, current_task, current_flag, reason, job_title in rows:
        task, flag = derive(tuple(codes.get(pk, [])), reason or "", job_title, current_task)
        if (task, flag) != (current_task, current_flag):
            changed.append((task, flag, pk))
    update_rows(Encounter, ["task_code", "task_flag"], changed)
