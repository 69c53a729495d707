"""Error pages of every host: an Indonesian sentence, never a stack trace."""

from __future__ import annotations

from django.http import HttpResponseServerError
from django.template import loader
from django.utils import translation


def server_error(request, template_name: str = "500.html"):
    """The 500 page in Indonesian (a cooperative's language), whatever went wrong; it needs
    no database, context processor or session."""
    with translation.override(translation.get_language() or "id"):
        body = loader.get_template(template_name).render({"request_path": request.path})
    return HttpResponseServerError(body)
