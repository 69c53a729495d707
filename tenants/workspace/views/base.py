"""What every workspace page shares: the officer check, errors turned into Indonesian
sentences at the field, pagination with a fixed number of queries, officers' names."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from sokoguru.platform.accounts.selectors import user_roles_in
from sokoguru.platform.core.errors import NotFound, SokoguruError
from sokoguru.tenants.workspace.permissions import OFFICER_ROLES

LOGIN_URL = "/masuk/"
PAGE_SIZE = 25


def roles_of(request) -> frozenset[str]:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == "public":
        return frozenset()
    return user_roles_in(user=request.user, cooperative_id=tenant.pk)


def officer_view(roles: Iterable[str] = OFFICER_ROLES):
    """A page for officers holding one of ``roles`` here; others see a page saying so (403).
    A domain "not found" becomes the Indonesian 404 page."""
    roles = frozenset(roles)

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), LOGIN_URL)
            held = roles_of(request)
            request.roles = held
            if not held & roles:
                return render(
                    request,
                    "workspace/forbidden.html",
                    {"needed": sorted(roles)},
                    status=403,
                )
            try:
                return view(request, *args, **kwargs)
            except NotFound as exc:
                return render(
                    request,
                    "workspace/not_found.html",
                    {"message": indonesian(exc.message)},
                    status=404,
                )

        return wrapper

    return decorate


def indonesian(message) -> str:
    """The Indonesian sentence of a service message ("… / English …" keeps the first half)."""
    text = str(message)
    return text.split(" / ", 1)[0].strip()


def add_service_error(form, exc: Exception, fields: dict[str, str] | None = None) -> None:
    """Put a service's refusal on the form: each message, in Indonesian, at the form field it
    concerns (``fields`` maps service argument → form field); the rest above the form. Field
    names themselves are never shown."""
    fields = fields or {}

    def target(name):
        name = fields.get(name, name)
        return name if name in form.fields else None

    if isinstance(exc, SokoguruError):
        form.add_error(target(exc.field), indonesian(exc.message))
        return
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                where = None if name == NON_FIELD_ERRORS else target(name)
                for error in errors:
                    for message in error.messages:
                        form.add_error(where, indonesian(message))
        else:
            for message in exc.messages:
                form.add_error(None, indonesian(message))
        return
    raise exc


def paginate(request, queryset, *, per_page: int = PAGE_SIZE):
    """One page of ``queryset`` (``?halaman=N``): a count and the page's rows, two queries."""
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("halaman") or 1
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def user_names(ids) -> dict[int, str]:
    """Officers' names by user id (one query), for "entered by", "approved by"."""
    ids = {i for i in ids if i}
    if not ids:
        return {}
    users = get_user_model().objects.filter(pk__in=ids).only("pk", "full_name", "email")
    return {u.pk: (u.full_name or u.email) for u in users}


def unknown_user() -> str:
    return _("(tidak diketahui)")
