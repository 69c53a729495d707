"""POST /api/token/ on any host: email + password → a bearer token for that host.
DELETE /api/token/ with the token → revoked. Neither uses a cookie, so neither needs CSRF."""

from __future__ import annotations

import json

from django.contrib.auth import authenticate
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sokoguru.platform.accounts.selectors import user_roles_in
from sokoguru.platform.accounts.tokens import api_token_create, api_token_revoke


def _error(message: str, code: str, status: int) -> JsonResponse:
    return JsonResponse({"errors": [{"message": message, "code": code}]}, status=status)


@csrf_exempt
@require_http_methods(["POST", "DELETE"])
def api_token(request):
    if request.method == "DELETE":
        token = getattr(request, "api_token", None)
        if token is None:
            return _error("Token tidak dikenal. / Unknown token.", "not_authenticated", 401)
        api_token_revoke(token=token)
        return JsonResponse({"revoked": True})
    try:
        data = json.loads(request.body or b"{}")
        email, password = str(data["email"]), str(data["password"])
    except (ValueError, KeyError, TypeError):
        return _error(
            'Kirim JSON {"email": …, "password": …}. / Send JSON email and password.',
            "invalid",
            400,
        )
    user = authenticate(request, username=email, password=password)
    if user is None:
        return _error(
            "Email atau kata sandi salah (atau terlalu banyak percobaan). / "
            "Wrong email or password (or too many attempts).",
            "invalid_credentials",
            401,
        )
    tenant = getattr(request, "tenant", None)
    if tenant is not None and tenant.schema_name != "public":
        if not user_roles_in(user=user, cooperative_id=tenant.pk):
            return _error(
                "Anda tidak memiliki peran di koperasi ini. / You hold no role here.",
                "permission_denied",
                403,
            )
    token, raw = api_token_create(
        user=user, schema_name=connection.schema_name, name=str(data.get("name") or "")
    )
    return JsonResponse(
        {"token": raw, "tokenType": "Bearer", "expiresAt": token.expires_at.isoformat()},
        status=201,
    )
