"""Who may do what in the waste bank. Services call ``require_role`` with these sets; GraphQL
and the admin weighing desk reuse them."""

from __future__ import annotations

from sokoguru.platform.accounts.permissions import require_role

# Weighing desk: register customers, weigh deposits in.
DESK_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "kasir"})
# Money out of the waste savings and sales to collectors.
CASHIER_ROLES = frozenset({"ketua", "bendahara", "kasir"})
# Price list, items, collectors, stock counts and corrections (reversals).
MANAGER_ROLES = frozenset({"ketua", "bendahara"})
# Reading the books.
READ_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "kasir", "pengawas"})


def require_desk(user_id: int | None, *, field: str = "created_by_id") -> None:
    require_role(user_id, DESK_ROLES, field=field)


def require_cashier(user_id: int | None, *, field: str = "created_by_id") -> None:
    require_role(user_id, CASHIER_ROLES, field=field)


def require_manager(user_id: int | None, *, field: str = "created_by_id") -> None:
    require_role(user_id, MANAGER_ROLES, field=field)
