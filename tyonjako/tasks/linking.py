"""Linking encounters to tasks: derived from codes and reasons when no task was chosen,
and checked against who may do the task (flagged for the report)."""

from __future__ import annotations

from collections import defaultdict

from tyonjako.common.bulk import update_rows
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


class TaskDeriver:
    """The task and flag of an encounter, remembered per combination of inputs.

    An import repeats the same codes, reasons and professions over and over, so
    each combination is derived once per run.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._known: dict[tuple[tuple[str, ...], str, str, str], tuple[str, str]] = {}

    @classmethod
    def for_active_catalogue(cls) -> TaskDeriver:
        return cls(active_catalogue())

    def __call__(
        self, codes: tuple[str, ...], reason: str, job_title: str | None, chosen: str
    ) -> tuple[str, str]:
        profession = profession_of_title(job_title)
        key = (tuple(sorted(codes)), reason, profession, chosen)
        found = self._known.get(key)
        if found is None:
            task = (
                chosen
                or derive_task(
                    key[0],
                    reason or None,
                    self.catalogue,
                    profession=profession if profession != "other" else None,
                )
                or ""
            )
            found = (task, task_flag(self.catalogue, task, profession) if task else "")
            self._known[key] = found
        return found


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
