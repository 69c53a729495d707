"""Login, logout, the language switch and the beranda: what needs this officer today."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.shortcuts import render

from sokoguru.platform.admin_sites import cooperative_admin_site
from sokoguru.tenants.bylaws.calendar import cooperative_today
from sokoguru.tenants.ledger import chart
from sokoguru.tenants.ledger.selectors import account_balance, fiscal_period_list
from sokoguru.tenants.loans.models import Loan
from sokoguru.tenants.loans.selectors import available_funds, funding_queue, loan_list
from sokoguru.tenants.savings.selectors import wajib_arrears_summary
from sokoguru.tenants.workspace import selectors
from sokoguru.tenants.workspace.permissions import (
    LOAN_APPROVER_ROLES,
    LOAN_DISBURSE_ROLES,
    PERIOD_CLOSE_ROLES,
)
from sokoguru.tenants.workspace.views.base import officer_view, user_names

LIST = 8


def _head(queryset) -> tuple[list, int]:
    """The first rows of a list and how many there are (the count query only when the list
    is longer than what is shown)."""
    rows = list(queryset[: LIST + 1])
    count = len(rows) if len(rows) <= LIST else queryset.count()
    return rows[:LIST], count


class LoginView(auth_views.LoginView):
    """The platform's login (the cooperative admin's form: officers of this cooperative only),
    on the workspace's page."""

    template_name = "workspace/login.html"
    authentication_form = cooperative_admin_site.login_form
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return "/"


class LogoutView(auth_views.LogoutView):
    next_page = "/masuk/"


@officer_view()
def beranda(request):
    today = cooperative_today()
    roles = request.roles
    context = {"today": today}
    if roles & LOAN_APPROVER_ROLES:
        waiting = loan_list(status=Loan.Status.SUBMITTED).exclude(entered_by_id=request.user.pk)
        context["approvals"], context["approvals_count"] = _head(waiting)
    if roles & (LOAN_APPROVER_ROLES | LOAN_DISBURSE_ROLES):
        context["queue"], context["queue_count"] = _head(funding_queue())
        context["available"] = available_funds()
        context["to_disburse"] = list(loan_list(status=Loan.Status.APPROVED)[:LIST])
    context["due"] = list(selectors.instalments_due(start=today)[:LIST])
    context["arrears"] = selectors.arrears_summary(as_of=today)
    context["arrears_list"] = list(selectors.instalments_in_arrears(as_of=today)[:LIST])
    context["wajib"] = wajib_arrears_summary(as_of=today)
    if roles & PERIOD_CLOSE_ROLES:
        periods = list(fiscal_period_list(status="requested")[:LIST])
        context["periods"] = periods
        context["names"] = user_names(p.requested_by_id for p in periods)
    context["failed"], context["failed_count"] = _head(selectors.failed_notifications())
    context["cash"] = account_balance(account=chart.CASH, as_of=today)
    context["bank"] = account_balance(account=chart.BANK, as_of=today)
    return render(request, "workspace/beranda.html", context)
