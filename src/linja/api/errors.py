"""One error body for every 4xx of the API:

{"error": {"status": 404, "code": "not_found", "message": "…", "details": […]}}
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from linja.errors import LinjaError

CODES = {400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 422: "invalid", 429: "too_many",
         500: "server_error"}  # fmt: skip


def body(status: int, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": CODES.get(status, "error"), "message": message,
                      "details": details or []}}  # fmt: skip


ERROR_SCHEMA = {
    "type": "object",
    "title": "Error",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["status", "code", "message", "details"],
        "properties": {
            "status": {"type": "integer"},
            "code": {"type": "string", "enum": sorted(set(CODES.values()) | {"error"})},
            "message": {"type": "string"},
            "details": {"type": "array", "items": {
                "type": "object",
                "required": ["where", "message"],
                "properties": {"where": {"type": "string"}, "message": {"type": "string"}},
            }},
        },
    }},
}  # fmt: skip
DOCUMENTED = {"400": "The body is not JSON.", "401": "No session and no valid token.",
              "403": "Seen but not yours to change, or a browser change without CSRF.",
              "404": "Not found, or not yours to see.",
              "409": "It does not fit the present state (a call, an agent): nothing changed.",
              "422": "The request does not fit: the details say where."}  # fmt: skip


def document(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI schema with the error body on every operation."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, text in DOCUMENTED.items():
                content = {"application/json": {"schema": ref}}
                responses.setdefault(status, {"description": text, "content": content})
    return schema


def where(loc: tuple[Any, ...] | list[Any]) -> str:
    """``("body", "payload", "spans", 0, "end")`` -> ``body.spans[0].end``."""
    parts = list(loc)
    if len(parts) > 1 and parts[0] == "body" and parts[1] == "payload":
        del parts[1]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class JsonErrors:
    """Under /api/, whatever answers 4xx or 5xx outside Ninja's handlers (an unknown
    address, a method a path does not take, a refused host) answers the same body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            status = response.status_code
            message = {404: "no such address in the API: see /api/v1/docs",
                       405: f"{request.method} is not allowed here"}.get(
                status, response.reason_phrase.lower())  # fmt: skip
            replaced = JsonResponse(body(status, message), status=status)
            if response.has_header("Allow"):
                replaced["Allow"] = response["Allow"]
            return replaced
        return response


def install(api: NinjaAPI) -> None:
    def answer(request: HttpRequest, status: int, message: str,
               details: list[Any] | None = None) -> HttpResponse:  # fmt: skip
        return api.create_response(request, body(status, message, details), status=status)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = [{"where": where(e.get("loc", ())), "message": e.get("msg", "")}
                   for e in exc.errors]  # fmt: skip
        return answer(request, 422, "the request does not fit: see details", details)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return answer(request, 401, "log in, or send a valid token: Authorization: Bearer linja_…")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message, details = str(exc), []
        cause = exc.__cause__
        if message.startswith("Cannot parse request body"):
            message = "the body is not JSON"
            if isinstance(cause, json.JSONDecodeError):
                details = [{"where": f"body, line {cause.lineno} column {cause.colno}",
                            "message": cause.msg}]  # fmt: skip
        elif message == "CSRF check Failed":
            message = ("a change from a logged-in browser needs the X-CSRFToken header, "
                       "with the value of the csrftoken cookie")  # fmt: skip
        return answer(request, exc.status_code, message, details)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return answer(request, 404, str(exc) or "not found")

    @api.exception_handler(ObjectDoesNotExist)
    def no_object(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return answer(request, 404, "not found")

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return answer(request, 403, str(exc) or "not allowed")

    @api.exception_handler(LinjaError)
    def refused(request: HttpRequest, exc: LinjaError) -> HttpResponse:
        return answer(request, 422, exc.message)
