"""A log row written through the ORM is sealed into the chain when its transaction commits."""

from __future__ import annotations

from typing import Any

from .chain import seal_after_commit


def seal_new_entry(sender: type, instance: Any, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw", False):
        seal_after_commit()
