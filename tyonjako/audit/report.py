"""The client's access report (asiakastietolaki 703/2023 §11): who has
processed this client's data, when, and why."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from auditlog.models import LogEntry

from tyonjako.common.clock import HELSINKI, now
from tyonjako.common.pseudonym import ClientKeyError

from .log import client_log

if TYPE_CHECKING:
    from tyonjako.clients.models import Client

ACTIONS = {
    LogEntry.Action.CREATE: "create",
    LogEntry.Action.UPDATE: "update",
    LogEntry.Action.DELETE: "delete",
    LogEntry.Action.ACCESS: "read",
}
# §11: requests about processing more than two years ago need a special reason.
DEFAULT_YEARS = 2


class AccessReportError(ValueError):
    pass


def access_report(
    raw_key: str, *, years: int = DEFAULT_YEARS
) -> tuple[Client, list[dict[str, Any]]] | None:
    """The client and the rows of its log over the last `years` years, oldest first.

    None when no such client exists. Raises AccessReportError on a malformed key.
    """
    from tyonjako.clients.access import normalise_key
    from tyonjako.clients.models import Client

    try:
        key = normalise_key(raw_key)
    except ClientKeyError as error:
        raise AccessReportError(str(error)) from None
    client = Client.objects.filter(key=key).first()
    if client is None:
        return None
    since = now() - dt.timedelta(days=365 * years)
    return client, [entry_row(entry) for entry in client_log(client, since=since)]


def entry_row(entry: LogEntry) -> dict[str, Any]:
    data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    action = "denied" if data.get("denied") else ACTIONS.get(entry.action, str(entry.action))
    if data.get("event"):  # a log-in event (audit/accounts.py): failed log-in, lock-out, …
        action = str(data["event"])
    detail = (
        ""
        if entry.action == LogEntry.Action.ACCESS
        else f"{entry.content_type.model} {entry.object_repr}"
    )
    return {
        "time": entry.timestamp.astimezone(HELSINKI).strftime("%d.%m.%Y %H:%M:%S"),
        "user": entry.actor.get_username() if entry.actor else "(system)",
        "action": action,
        "purpose": data.get("purpose", ""),
        "channel": data.get("channel", ""),
        "detail": detail,
    }
