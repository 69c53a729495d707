"""Language: a cooperative's pages are Indonesian whatever the browser asks for; English only
by the person's explicit choice (the language switch, which sets Django's language cookie).
The platform host keeps the browser's preference (the dashboard's officials)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


class CooperativeLanguageMiddleware:
    """After ``LocaleMiddleware``: on a cooperative host, ignore Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        tenant = getattr(request, "tenant", None)
        if tenant is not None and tenant.schema_name != "public":
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if tenant is not None and tenant.schema_name != "public":
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
