"""The task catalogue: which tasks exist, who may do them, and job descriptions
over time. Pure Python, no Django; see docs/task-catalogue.md."""

from .load import DEFAULT_CATALOGUE_PATH, CatalogueError, default_catalogue, load_catalogue
from .model import Catalogue, Category, Indicator, JobDescription, Task, Texts
from .rules import (
    Change,
    Move,
    Permission,
    TaskRow,
    derive_task,
    describe_change,
    describe_move,
    diff_descriptions,
    effective_description,
    may_do,
    moves,
    task_report,
)

__all__ = [
    "DEFAULT_CATALOGUE_PATH",
    "Catalogue",
    "CatalogueError",
    "Category",
    "Change",
    "Indicator",
    "JobDescription",
    "Move",
    "Permission",
    "Task",
    "TaskRow",
    "Texts",
    "default_catalogue",
    "derive_task",
    "describe_change",
    "describe_move",
    "diff_descriptions",
    "effective_description",
    "load_catalogue",
    "may_do",
    "moves",
    "task_report",
]
