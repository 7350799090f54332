"""The task of an encounter, derived from its codes and reason when none was chosen, and
its check against who may do it. Pure (the importer's parsing process runs it)."""

from __future__ import annotations

from tyonjako.common.professions import profession_of_title

from .model import Catalogue
from .rules import derive_task, may_do


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
        from tyonjako.tasks.services import active_catalogue  # the database's catalogue

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
