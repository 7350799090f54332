"""The staffing fields of a post record in the organisation file (docs/organisation-format.md).

`tyonjako org load` calls these through `organisation.loader.register_post_extension`:
every post gets its details (kind, pay grade, funding, status, vacant since),
and its recruitment rounds when the file lists them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from tyonjako.common.dates import parse_date
from tyonjako.common.yamlines import HIDDEN_KEYS
from tyonjako.organisation.models import Post

from .models import (
    PostDetail,
    PostEvent,
    PostKind,
    PostStatus,
    RecruitmentOutcome,
    RecruitmentRound,
)
from .rules.costs import COUNTY


def parse_funding(value: Any) -> dict[str, Decimal]:
    """`{county: 0.5, project: 0.5}` or `county=0.5|project=0.5`. Raises ValueError."""
    if value in (None, ""):
        return {COUNTY: Decimal("1")}
    if isinstance(value, str):
        pairs = [part.split("=", 1) for part in value.split("|") if part.strip()]
        if any(len(pair) != 2 for pair in pairs):
            raise ValueError("write sources as source=share|source=share")
        items = [(k.strip(), v.strip()) for k, v in pairs]
    elif isinstance(value, dict):
        items = [(str(k), v) for k, v in value.items() if k not in HIDDEN_KEYS]
    else:
        raise ValueError("a mapping of source to share")
    try:
        shares = {source: Decimal(str(share)) for source, share in items}
    except InvalidOperation:
        raise ValueError("a share is not a number") from None
    if not shares or any(share < 0 for share in shares.values()):
        raise ValueError("shares must not be negative")
    if sum(shares.values()) != 1:
        raise ValueError("shares must add up to 1")
    return shares


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value))


def check_post_details(values: dict[str, Any]) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    for name, allowed in (("kind", PostKind), ("status", PostStatus)):
        value = values.get(name)
        if value not in (None, "") and str(value) not in allowed.values:
            errors.append(
                (name, f"unknown value {value!r}; use one of {', '.join(allowed.values)}")
            )
    try:
        parse_funding(values.get("funding"))
    except ValueError as error:
        errors.append(("funding", str(error)))
    for name in ("vacant_since", "status_since"):
        try:
            _date(values.get(name))
        except ValueError as error:
            errors.append((name, str(error)))
    rounds = values.get("rounds") or []
    if not isinstance(rounds, list):
        return [*errors, ("rounds", "must be a list")]
    for number, item in enumerate(rounds, start=1):
        where = f"rounds[{number}]"
        if not isinstance(item, dict):
            errors.append((where, "must be a mapping"))
            continue
        try:
            opened, closed = _date(item.get("opened")), _date(item.get("closed"))
            if opened is None:
                errors.append((f"{where}.opened", "required"))
            elif closed and closed < opened:
                errors.append((f"{where}.closed", "must not be before opened"))
        except ValueError as error:
            errors.append((where, str(error)))
        try:
            applicants = int(item.get("applicants") or 0)
            qualified = int(item.get("qualified") or 0)
            if qualified > applicants or qualified < 0:
                errors.append((f"{where}.qualified", "between 0 and the number of applicants"))
        except (TypeError, ValueError):
            errors.append((where, "applicants and qualified are whole numbers"))
        outcome = item.get("outcome")
        if outcome and str(outcome) not in RecruitmentOutcome.values:
            errors.append(
                (f"{where}.outcome", f"use one of {', '.join(RecruitmentOutcome.values)}")
            )
    return errors


def write_post_details(post: Post, values: dict[str, Any]) -> None:
    status = values.get("status") or (PostStatus.FILLED if post.holder_id else PostStatus.APPROVED)
    funding = {k: str(v) for k, v in parse_funding(values.get("funding")).items()}
    since = _date(values.get("status_since"))
    PostDetail.objects.update_or_create(
        post=post,
        defaults={
            "kind": values.get("kind") or PostKind.PERMANENT,
            "grade": str(values.get("grade") or ""),
            "funding": funding,
            "status": status,
            "status_since": since,
            "vacant_since": _date(values.get("vacant_since")),
        },
    )
    if since and not PostEvent.objects.filter(post=post, status=status, on=since).exists():
        PostEvent.objects.create(post=post, status=status, on=since)
    for item in values.get("rounds") or []:
        RecruitmentRound.objects.update_or_create(
            post=post,
            opened=_date(item.get("opened")),
            defaults={
                "closed": _date(item.get("closed")),
                "applicants": int(item.get("applicants") or 0),
                "qualified": int(item.get("qualified") or 0),
                "outcome": item.get("outcome") or RecruitmentOutcome.OPEN,
            },
        )
