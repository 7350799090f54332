"""The error answers every API operation can give, added to the OpenAPI schema.

drf-spectacular documents the success answer of each view; the errors are the
same everywhere (docs/security.md): 400 for bad input (a serializer's field
errors, a malformed date, too-deep JSON), 403 when not logged in or refused,
404 for a client or team that does not exist or is outside the scope.
"""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "description": "`detail` (a message) or, for field errors, a list of messages per field",
    "additionalProperties": True,
}
ERRORS = {
    "400": "Bad input: a field, a parameter or the JSON body is not acceptable.",
    "403": "Not logged in, or the role may not do this.",
    "404": "No such client, team or unit, or it is outside the user's scope.",
}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result
