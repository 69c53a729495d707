"""Who may do what in the members and savings API: the role sets of the apps' own
``permissions.py`` (the services check the same sets)."""

from sokoguru.tenants.members.permissions import (
    MEMBER_READ_ROLES as READ_ROLES,
)
from sokoguru.tenants.members.permissions import (
    MEMBER_REGISTER_ROLES as REGISTER_ROLES,
)
from sokoguru.tenants.members.permissions import OFFICER_ROLES
from sokoguru.tenants.savings.permissions import (
    SAVINGS_EXIT_ROLES as EXIT_ROLES,
)
from sokoguru.tenants.savings.permissions import (
    SAVINGS_POST_ROLES as POST_ROLES,
)

__all__ = ["EXIT_ROLES", "OFFICER_ROLES", "POST_ROLES", "READ_ROLES", "REGISTER_ROLES"]
