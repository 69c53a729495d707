"""One application error hierarchy. Services raise these; GraphQL turns them into typed errors
(field, code, message) and the command line prints them with the field name."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class SokoguruError(Exception):
    code = "error"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code

    def as_list(self) -> list[dict]:
        return [{"field": self.field, "code": self.code, "message": self.message}]


class NotFound(SokoguruError):
    code = "not_found"


class PermissionDenied(SokoguruError):
    code = "permission_denied"


class Conflict(SokoguruError):
    code = "conflict"


class WrongSchema(SokoguruError):
    """Code that must run in one schema kind (tenant or public) was called from the other."""

    code = "wrong_schema"


def error_list(exc: Exception) -> list[dict]:
    """Flatten a SokoguruError or Django ValidationError to [{field, code, message}]."""
    if isinstance(exc, SokoguruError):
        return exc.as_list()
    if isinstance(exc, ValidationError):
        out: list[dict] = []
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                for err in errors:
                    out.append(
                        {
                            "field": None if field == NON_FIELD_ERRORS else field,
                            "code": err.code or "invalid",
                            "message": " ".join(err.messages),
                        }
                    )
        else:
            for err in exc.error_list:
                out.append(
                    {
                        "field": None,
                        "code": err.code or "invalid",
                        "message": " ".join(err.messages),
                    }
                )
        return out
    raise TypeError(f"not an application error: {exc!r}")


def format_errors(exc: Exception) -> str:
    return "; ".join(
        f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in error_list(exc)
    )
