"""Linking encounters to tasks: derived from codes and reasons when no task was chosen,
and checked against who may do the task (flagged for the report)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tyonjako.encounters.models import Encounter, EncounterLink, LinkRole

from .catalogue import Catalogue, derive_task, may_do
from .report import _profession
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
    changed = []
    for encounter in Encounter.objects.filter(pk__in=ids).select_related("reason", "worker"):
        profession = _profession(encounter.worker.job_title if encounter.worker else None)
        task = (
            encounter.task_code
            or derive_task(
                codes.get(encounter.pk, []),
                encounter.reason.code if encounter.reason else None,
                catalogue,
                profession=profession if profession != "other" else None,
            )
            or ""
        )
        flag = task_flag(catalogue, task, profession) if task else ""
        if (task, flag) != (encounter.task_code, encounter.task_flag):
            encounter.task_code, encounter.task_flag = task, flag
            changed.append(encounter)
    Encounter.objects.bulk_update(changed, ["task_code", "task_flag"], batch_size=1000)


def on_encounters_written(sender: Any, ids: list[int], **kwargs: Any) -> None:
    link_tasks(list(ids))
