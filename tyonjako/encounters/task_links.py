"""Which task an imported encounter belongs to, asked without importing the tasks app.

The tasks app registers a factory in its ``AppConfig.ready()``; the importer
asks for one deriver per run (it reads the active catalogue once) and calls it
for every row, so the task is written with the encounter instead of being
patched in afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

# (qualified codes "SYSTEM:CODE", reason code or "", worker's job title or None, chosen task)
#   -> (task code, task flag)
TaskDeriver = Callable[[tuple[str, ...], str, str | None, str], tuple[str, str]]

_factory: Callable[[], TaskDeriver] | None = None


def register_task_deriver(factory: Callable[[], TaskDeriver]) -> None:
    global _factory
    _factory = factory


def _chosen_task_only(
    codes: tuple[str, ...], reason: str, job_title: str | None, chosen: str
) -> tuple[str, str]:
    return chosen, ""


def task_deriver() -> TaskDeriver:
    """The registered deriver, or one that keeps the chosen task and checks nothing."""
    return _factory() if _factory is not None else _chosen_task_only
