"""Each route's part of the OpenAPI document, from its contract: the request's schema, the
envelope per status, a multipart form beside the JSON part for an upload subject, and the query
and the file's bytes for a download subject."""

from __future__ import annotations

from typing import Any

from egisz.contracts.subjects import FILE_UPLOADS, Command

ERRORS = (
    (400, "The body is not a JSON object"),
    (401, "No valid token"),
    (403, "Not this caller's to do"),
    (404, "No such record for this caller"),
    (409, "The record's state refuses it"),
    (405, "This path does not take the method (`Allow` names those it takes)"),
    (413, "The body is too large"),
    (415, "A multipart body where a command takes JSON, or not a file's form-data"),
    (422, "A field is wrong, or a rule refuses it: `error.fields` name the fix"),
    (429, "Too many requests from this client: wait `Retry-After` seconds"),
    (503, "A service did not answer: try again"),
)


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _envelope(command: Command) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": _ref(f"Reply_{command.result.__name__}")}}}


def _errors(command: Command) -> dict[str, Any]:
    return {str(status): {"description": what, **_envelope(command)} for status, what in ERRORS}


def openapi_command(command: Command) -> dict[str, Any]:
    content: dict[str, Any] = {"application/json": {"schema": _ref(command.request.__name__)}}
    if command.subject in FILE_UPLOADS:
        content["multipart/form-data"] = {
            "schema": {
                "type": "object",
                "required": ["file"],
                "additionalProperties": False,  # the form holds the file only (files.upload)
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "contentMediaType": "application/octet-stream",
                        "description": "The whole file: the gateway sends it on in parts.",
                    }
                },
            }
        }
    return {
        "requestBody": {"required": True, "content": content},
        "responses": {"200": {"description": "Done: `ok` with the result", **_envelope(command)}}
        | _errors(command),
    }


def openapi_download(command: Command) -> dict[str, Any]:
    schema = command.request.model_json_schema()
    required = set(schema.get("required", []))
    parameters = [
        {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": {k: v for k, v in field.items() if k != "title"},
        }
        for name, field in schema["properties"].items()
        if name != "part"
    ]
    return {
        "parameters": parameters,
        "responses": {
            "200": {
                "description": "The file's bytes; its name in `Content-Disposition`.",
                "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
        | _errors(command),
    }


BELL_PATH = "/api/notify/inbox/stream"
BELL_OPENAPI: dict[str, Any] = {
    "description": (
        "Server-Sent Events: `notification` (an inbox item; its id is the event id), `unread` "
        "(`{unread_count}`, whenever it changes), `reset` (too many missed: reload the inbox), "
        "`error` (the token ran out: sign in again; the stream ends). Reconnect with "
        "`Last-Event-ID` to receive everything after it. A browser's EventSource, which "
        "cannot send headers, passes the token as `access_token`."
    ),
    "parameters": [
        {"name": "access_token", "in": "query", "required": False, "schema": {"type": "string"}},
        {"name": "Last-Event-ID", "in": "header", "required": False, "schema": {"type": "string"}},
    ],
    "responses": {
        "200": {
            "description": "The stream",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        },
        "401": {"description": "No valid token"},
    },
}
