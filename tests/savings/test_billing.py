from datetime import date
from decimal import Decimal

from sokoguru.platform.accounts.permissions import SYSTEM
from sokoguru.tenants.members.models import Member, MemberStatusChange
from sokoguru.tenants.savings.models import WajibBill
from sokoguru.tenants.savings.selectors import wajib_arrears_summary
from sokoguru.tenants.savings.services import wajib_bills_generate, wajib_pay
from sokoguru.tenants.savings.tasks import wajib_billing


def test_billing_is_idempotent_per_member_month(in_coop_a, register_member):
    # given two active members and one who has not paid pokok
    a = register_member(full_name="A", pokok_on=date(2026, 1, 5))
    b = register_member(full_name="B", pokok_on=date(2026, 1, 5))
    register_member(full_name="C")
    # when February is billed twice
    first = wajib_bills_generate(period=date(2026, 2, 1), created_by_id=SYSTEM)
    second = wajib_bills_generate(period="2026-02", created_by_id=SYSTEM)
    # then
    assert first["created"] == 2
    assert second["created"] == 0
    assert sorted(
        WajibBill.objects.filter(period=date(2026, 2, 1)).values_list("member_id", "amount")
    ) == [(a.pk, Decimal("20000.00")), (b.pk, Decimal("20000.00"))]


def test_billing_task_runs_in_the_cooperative_schema(coop_a, register_member):
    # given
    from django.db import connection

    connection.set_tenant(coop_a)
    register_member(full_name="A", pokok_on=date(2026, 1, 5))
    connection.set_schema_to_public()
    # when the tenant task runs (in-process, as the worker would)
    result = wajib_billing.apply(kwargs={"schema_name": coop_a.schema_name, "period": "2026-03"})
    # then
    assert result.get()["created"] == 1
    connection.set_tenant(coop_a)
    assert WajibBill.objects.filter(period=date(2026, 3, 1)).count() == 1


def test_arrears_flag_then_inactive_then_reactivated(in_coop_a, register_member):
    # given a member active since January who never pays wajib
    member = register_member(pokok_on=date(2026, 1, 5))
    statuses = {}
    # when months are billed one after the other
    for month in range(2, 9):
        wajib_bills_generate(period=date(2026, month, 1), created_by_id=SYSTEM)
        member.refresh_from_db()
        statuses[month] = member.status
    # then: flagged after 3 unpaid ended months (Jan–Mar, on 1 April); inactive after 6 (1 July)
    assert statuses == {
        2: "active",
        3: "active",
        4: "flagged",
        5: "flagged",
        6: "flagged",
        7: "inactive",
        8: "inactive",
    }
    # an inactive member is still billed: every month of membership (January … August)
    assert WajibBill.objects.filter(member=member).count() == 8
    assert wajib_arrears_summary(as_of=date(2026, 8, 1)) == {
        "members": 1,
        "months": 7,
        "amount": Decimal("140000.00"),
    }
    # when the arrears are paid
    wajib_pay(
        member_id=member.pk,
        amount=Decimal("140000.00"),
        date=date(2026, 8, 3),
        idempotency_key="lunas",
        created_by_id=SYSTEM,
    )
    # then the member is active again and the history tells the story
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE
    assert list(
        MemberStatusChange.objects.filter(member=member).values_list("to_status", flat=True)
    ) == ["inactive", "active", "flagged", "inactive", "active"]
    assert wajib_arrears_summary(as_of=date(2026, 8, 3)) == {
        "members": 0,
        "months": 0,
        "amount": Decimal("0.00"),
    }


def test_arrears_summary_counts_only_ended_months(in_coop_a, register_member):
    register_member(pokok_on=date(2026, 1, 5))
    wajib_bills_generate(period=date(2026, 2, 1), created_by_id=SYSTEM)
    assert wajib_arrears_summary(as_of=date(2026, 2, 15)) == {
        "members": 1,
        "months": 1,
        "amount": Decimal("20000.00"),
    }


def test_beat_runs_the_monthly_cycle_for_every_active_cooperative(
    coop_a, register_member, settings
):
    # given an active member in cooperative A and the beat entry in the settings
    from django.db import connection

    from sokoguru.platform.celery import app
    from sokoguru.tenants.bylaws.calendar import cooperative_today, month_start
    from sokoguru.tenants.savings.tasks import monthly_cycle_fanout

    assert settings.CELERY_BEAT_SCHEDULE["savings-monthly-cycle"]["task"] == (
        "sokoguru.savings.monthly_cycle_fanout"
    )
    connection.set_tenant(coop_a)
    member = register_member(pokok_on=date(2026, 1, 5))
    this_month = month_start(cooperative_today())
    connection.set_schema_to_public()
    app.conf.task_always_eager = True
    try:
        # when the fan-out runs twice (each cooperative's task runs in-process)
        queued = monthly_cycle_fanout.apply().get()
        monthly_cycle_fanout.apply().get()
    finally:
        app.conf.task_always_eager = False
    # then one task per active cooperative, and one bill for this month
    from sokoguru.platform.tenancy.selectors import cooperative_list

    assert queued == cooperative_list(active=True).count()
    connection.set_tenant(coop_a)
    assert WajibBill.objects.filter(member=member, period=this_month).count() == 1
